// The events the notifier writes to a reminder's stream "reminder-<id>",
// built with the stream's one schema (events/domain/reminder_stream.h,
// which documents each type's data), and the conversion between the
// notifier's Reminder and the ReminderDue data.
//
// `recipient` is the e-mail addresses joined by ", " or the webhook's name
// (never its URL, which may hold a secret). `message_id` is the id the
// message was sent under (the reminder id, or the digest's id when several
// reminders go out as one message).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "events/domain/reminder_stream.h"
#include "events/event.h"
#include "notifier/reminder.h"

namespace mrtrack::notifier {

inline constexpr char kNotifierActor[] = "notifier";

events::ReminderDueData DueDataOf(const Reminder& r, const std::string& recipient);
Reminder ReminderFromDue(const events::ReminderDueData& due);

events::NewEvent DueEvent(const Reminder& r, const std::string& recipient);
events::NewEvent MessageFixedEvent(const std::string& reminder_id, const std::string& message_id,
                                   const std::vector<std::string>& members, Timestamp built_at);
events::NewEvent DeliveredEvent(const Reminder& r, const std::string& recipient, int attempt,
                                const std::string& message_id);
events::NewEvent FailedEvent(const Reminder& r, const std::string& recipient, int attempt, const std::string& error,
                             Timestamp retry_at, const std::string& message_id);
events::NewEvent ParkedEvent(const Reminder& r, const std::string& recipient, int attempt, const std::string& reason,
                             const std::string& message_id);
// `actor`: who asked ("notifier" for a reload, the token's name for a retry).
events::NewEvent RequeuedEvent(const std::string& reminder_id, const std::string& reason, const std::string& actor);
events::NewEvent SkippedEvent(const std::string& reminder_id, const std::string& reason);

}  // namespace mrtrack::notifier
