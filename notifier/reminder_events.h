// The events of a reminder's stream "reminder-<id>" (types in
// events/domain/event_types.h) and their data, schema version 1:
//
//   ReminderDue        {reminder_id, idempotency_key (= reminder_id), action_id,
//                       unit, rule, chain: "main"|"escalation", deadline: "YYYY-MM-DD",
//                       days_from_deadline, channel, recipient, due_at, late,
//                       escalated_from: [unit ids], item: {evaluation_id,
//                       evaluation_title, recommendation_number, label,
//                       description, status}}
//   ReminderDelivered  {reminder_id, channel, recipient, attempt, message_id, late}
//   ReminderFailed     {reminder_id, channel, recipient, attempt, error,
//                       permanent, retry_at: instant|null}
//   ReminderSkipped    {reminder_id, reason}
//
// Instants are FormatTimestamp text. `recipient` is the e-mail addresses
// joined by ", " or the webhook's name (never its URL, which may hold a
// secret). `message_id` is the id the message was sent under (the reminder
// id, or the digest's id when several reminders went out as one message).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "events/event.h"
#include "notifier/reminder.h"

namespace mrtrack::notifier {

inline constexpr char kNotifierActor[] = "notifier";

events::NewEvent DueEvent(const Reminder& r, const std::string& recipient);
events::NewEvent DeliveredEvent(const Reminder& r, const std::string& recipient, int attempt,
                                const std::string& message_id);
events::NewEvent FailedEvent(const Reminder& r, const std::string& recipient, int attempt, const std::string& error,
                             bool permanent, std::optional<Timestamp> retry_at);
events::NewEvent SkippedEvent(const std::string& reminder_id, const std::string& reason);

// The reminder recorded by a ReminderDue event's data. Errors: kCorruption
// naming the field. Never throws.
Result<Reminder> ReminderFromDueData(const nlohmann::json& data);

}  // namespace mrtrack::notifier
