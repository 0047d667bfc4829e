#include "projections/reminder_outcome.h"

#include "common/time.h"
#include "events/domain/reminder_stream.h"

namespace mrtrack::projections {

// The one fold of the stream (events/domain/reminder_stream.h), which the
// notifier's outbox uses too: the outcome is what the fold needs of its
// state (whether it exists, its state, attempts, message id) and what the
// API shows, so folding on a state rebuilt from the outcome decides exactly
// as the outbox does.
Status ApplyReminderEvent(ReminderOutcome& outcome, const events::RecordedEvent& event) {
  events::ReminderStreamState s;
  s.exists = !outcome.action_id.empty();
  if (s.exists) {
    s.state = events::ReminderStateFromName(outcome.state).value_or(events::ReminderState::kPending);
    s.attempts = outcome.attempts;
    s.recipient = outcome.recipient;
    s.late = outcome.late;
    s.delivered_at = outcome.delivered_at;
    s.message_id = outcome.message_id;
    s.note = outcome.note;
  }
  MRTRACK_RETURN_IF_ERROR(events::ApplyReminderEvent(s, event));  // On error the outcome stays as it was.
  if (!s.exists) return Status::Ok();  // A type the fold ignores, before any ReminderDue.
  if (outcome.action_id.empty()) {
    outcome.reminder_id = s.due.reminder_id;
    outcome.action_id = s.due.action_id;
    outcome.unit = s.due.unit;
    outcome.rule = s.due.rule;
    outcome.chain = s.due.chain;
    outcome.deadline = s.due.deadline ? FormatDate(*s.due.deadline) : std::string();
    outcome.channel = s.due.channel;
    outcome.due_at = FormatTimestamp(s.due.due_at);
  }
  outcome.state = events::ReminderStateName(s.state);
  outcome.attempts = s.attempts;
  outcome.recipient = s.recipient;
  outcome.late = s.late;
  outcome.delivered_at = s.delivered_at;
  outcome.message_id = s.message_id;
  outcome.note = s.note;
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
          {"reason", o.state == "parked" || o.state == "skipped" ? o.note : std::string()},
          {"note", o.note}};
}

}  // namespace mrtrack::projections
