#include "notifier/reminder_events.h"

#include "events/domain/event_types.h"

namespace mrtrack::notifier {
namespace {

events::NewEvent Make(const char* type, const std::string& reminder_id, nlohmann::json data,
                      const std::string& actor = kNotifierActor) {
  events::NewEvent e;
  e.type = type;
  e.actor = actor;
  e.data = std::move(data);
  e.correlation_id = reminder_id;
  return e;
}

}  // namespace

events::ReminderDueData DueDataOf(const Reminder& r, const std::string& recipient) {
  events::ReminderDueData d;
  d.reminder_id = r.id;
  d.action_id = r.action_id;
  d.unit = r.unit;
  d.rule = r.rule;
  d.chain = ChainName(r.chain);
  d.deadline = r.deadline;
  d.days_from_deadline = r.days_from_deadline;
  d.channel = r.channel;
  d.recipient = recipient;
  d.due_at = r.due_at;
  d.late = r.late;
  d.escalated_from = r.escalated_from;
  d.supersedes = r.supersedes;
  d.item = r.item;
  if (r.chain == Chain::kUpdate) d.updated_at = r.updated_at;
  d.notice = r.notice;
  return d;
}

Reminder ReminderFromDue(const events::ReminderDueData& d) {
  Reminder r;
  r.id = d.reminder_id;
  r.action_id = d.action_id;
  r.unit = d.unit;
  r.rule = d.rule;
  r.channel = d.channel;
  r.chain = ChainFromName(d.chain);
  r.deadline = d.deadline;
  r.days_from_deadline = d.days_from_deadline;
  r.due_at = d.due_at;
  r.escalated_from = d.escalated_from;
  r.supersedes = d.supersedes;
  r.item = d.item;
  r.late = d.late;
  r.updated_at = d.updated_at.value_or(Timestamp{});
  r.notice = d.notice;
  return r;
}

events::NewEvent DueEvent(const Reminder& r, const std::string& recipient) {
  return Make(events::types::kReminderDue, r.id, events::EncodeReminderDue(DueDataOf(r, recipient)));
}

events::NewEvent MessageFixedEvent(const std::string& reminder_id, const std::string& message_id,
                                   const std::vector<std::string>& members, Timestamp built_at) {
  return Make(events::types::kReminderMessageFixed, reminder_id,
              events::EncodeReminderMessageFixed({reminder_id, message_id, members, built_at}));
}

events::NewEvent DeliveredEvent(const Reminder& r, const std::string& recipient, int attempt,
                                const std::string& message_id) {
  return Make(events::types::kReminderDelivered, r.id,
              events::EncodeReminderDelivered({r.id, r.channel, recipient, attempt, message_id, r.late}));
}

events::NewEvent FailedEvent(const Reminder& r, const std::string& recipient, int attempt, const std::string& error,
                             Timestamp retry_at, const std::string& message_id) {
  events::ReminderFailedData d;
  d.reminder_id = r.id;
  d.channel = r.channel;
  d.recipient = recipient;
  d.attempt = attempt;
  d.error = error;
  d.retry_at = retry_at;
  d.message_id = message_id;
  return Make(events::types::kReminderFailed, r.id, events::EncodeReminderFailed(d));
}

events::NewEvent ParkedEvent(const Reminder& r, const std::string& recipient, int attempt, const std::string& reason,
                             const std::string& message_id) {
  return Make(events::types::kReminderParked, r.id,
              events::EncodeReminderParked({r.id, r.channel, recipient, attempt, reason, message_id}));
}

events::NewEvent RequeuedEvent(const std::string& reminder_id, const std::string& reason, const std::string& actor) {
  return Make(events::types::kReminderRequeued, reminder_id, events::EncodeReminderRequeued({reminder_id, reason}),
              actor);
}

events::NewEvent SkippedEvent(const std::string& reminder_id, const std::string& reason) {
  return Make(events::types::kReminderSkipped, reminder_id, events::EncodeReminderSkipped({reminder_id, reason}));
}

}  // namespace mrtrack::notifier
