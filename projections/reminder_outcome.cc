#include "projections/reminder_outcome.h"

#include "common/time.h"
#include "events/domain/event_types.h"
#include "events/domain/reminder_stream.h"

namespace mrtrack::projections {
namespace {

namespace types = events::types;

Status Malformed(const events::RecordedEvent& event, const std::string& field, const std::string& why) {
  return Corruption("event at position " + std::to_string(event.position) + " (" + event.type + "): " + why,
                    "data." + field);
}

// A string field, or "" when absent or not a string (the notifier writes
// them all; older or foreign writers may not).
std::string Text(const nlohmann::json& data, const char* field) {
  auto it = data.find(field);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int Attempt(const nlohmann::json& data, int fallback) {
  auto it = data.find("attempt");
  return it != data.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

bool Flag(const nlohmann::json& data, const char* field) {
  auto it = data.find(field);
  return it != data.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

// Besides the rules in the header: ReminderMessageFixed records the message
// id; ReminderParked parks it ("parked", the reason in `note`) and so does a
// permanent ReminderFailed (written before parking existed); ReminderRequeued
// makes a parked one pending again. Parked is not final: it can still be
// delivered or skipped.
Status ApplyReminderEvent(ReminderOutcome& outcome, const events::RecordedEvent& event) {
  const nlohmann::json& data = event.data;
  const bool due = event.type == types::kReminderDue;
  const bool fate = event.type == types::kReminderDelivered || event.type == types::kReminderFailed ||
                    event.type == types::kReminderSkipped || event.type == types::kReminderParked ||
                    event.type == types::kReminderRequeued || event.type == types::kReminderMessageFixed;
  if (!due && !fate) return Status::Ok();
  if (!data.is_object()) return Malformed(event, "", "data is not an object");
  if (fate && outcome.action_id.empty()) return Malformed(event, "reminder_id", "a fate before the reminder was due");
  // As the notifier's own outbox (events/domain/reminder_stream.h): the first
  // ReminderDue defines the reminder, and a final state (delivered, skipped)
  // is never undone; parked waits for a requeue.
  if (due && !outcome.action_id.empty()) return Status::Ok();
  if (fate && outcome.state != "pending" && outcome.state != "parked") return Status::Ok();
  if (event.type == types::kReminderRequeued) {
    if (outcome.state != "parked") return Status::Ok();
    outcome.state = "pending";
    outcome.note = "requeued: " + Text(data, "reason");
    outcome.last_position = event.position;
    return Status::Ok();
  }
  if (event.type == types::kReminderMessageFixed) {
    if (outcome.message_id.empty()) outcome.message_id = Text(data, "message_id");
    outcome.last_position = event.position;
    return Status::Ok();
  }
  if (fate) {
    // The address actually used: the unit's addresses may have changed since the reminder was planned.
    if (std::string used = Text(data, "recipient"); !used.empty()) outcome.recipient = std::move(used);
  }
  if (due) {
    ReminderOutcome made;
    made.reminder_id = Text(data, "reminder_id");
    made.action_id = Text(data, "action_id");
    if (made.action_id.empty()) return Malformed(event, "action_id", "missing");
    made.unit = Text(data, "unit");
    made.rule = Text(data, "rule");
    made.chain = Text(data, "chain");
    made.deadline = Text(data, "deadline");
    made.channel = Text(data, "channel");
    made.recipient = Text(data, "recipient");
    made.due_at = Text(data, "due_at");
    made.late = Flag(data, "late");
    outcome = std::move(made);
  } else if (event.type == types::kReminderDelivered) {
    outcome.state = "delivered";
    outcome.attempts = Attempt(data, outcome.attempts + 1);
    outcome.delivered_at = event.recorded_at;
    outcome.message_id = Text(data, "message_id");
    outcome.late = outcome.late || Flag(data, "late");
    outcome.note.clear();
  } else if (event.type == types::kReminderFailed) {
    // permanent: true is only in logs written before parking existed: parked.
    outcome.state = Flag(data, "permanent") ? "parked" : "pending";
    outcome.attempts = Attempt(data, outcome.attempts + 1);
    outcome.note = Text(data, "error");
    if (outcome.message_id.empty()) outcome.message_id = Text(data, "message_id");
  } else if (event.type == types::kReminderParked) {
    outcome.state = "parked";
    outcome.attempts = Attempt(data, outcome.attempts + 1);
    outcome.note = Text(data, "reason");
    if (outcome.message_id.empty()) outcome.message_id = Text(data, "message_id");
  } else {
    outcome.state = "skipped";
    outcome.note = Text(data, "reason");
  }
  outcome.last_position = event.position;
  return Status::Ok();
}

nlohmann::json ReminderOutcomeToJson(const ReminderOutcome& o) {
  return {{"reminder_id", o.reminder_id},
          {"action_id", o.action_id},
          {"unit", o.unit},
          {"rule", o.rule},
          {"chain", o.chain},
          {"deadline", o.deadline},
          {"channel", o.channel},
          {"recipient", o.recipient},
          {"due_at", o.due_at},
          {"state", o.state},
          {"attempts", o.attempts},
          {"late", o.late},
          {"delivered_at", o.state == "delivered" ? nlohmann::json(FormatTimestamp(o.delivered_at)) : nlohmann::json()},
          {"message_id", o.message_id},
          {"note", o.note}};
}

}  // namespace mrtrack::projections
