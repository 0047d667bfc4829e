// ReminderOutcome: what became of one reminder, folded from the notifier's
// stream "reminder-<id>" (docs/NOTIFIER.md "Events"). It answers the
// auditor's question "was this unit reminded of this action, when, how":
// the views keep one per reminder, listed per action.
//
// Folded by the one fold of the stream, events::ApplyReminderEvent
// (events/domain/reminder_stream.h), which the notifier's outbox uses too:
//   ReminderDue        creates it: pending, with whom, how and when it was due
//                      (a second one changes nothing)
//   ReminderDelivered  delivered, with the attempt, message id and time
//   ReminderFailed     attempt and error: still pending (retried at retry_at);
//                      permanent (older logs) or ReminderParked: parked
//   ReminderRequeued   parked -> pending; ReminderSkipped: skipped, why in `note`
//   anything else      ignored
// Delivered and skipped are final: nothing undoes them; parked is not. A
// fate's `recipient` (the address actually used) replaces the planned one.
// A fate before the ReminderDue, or a ReminderDue without a required field,
// is kCorruption naming the field (the views then skip the event); the
// outcome is then unchanged.
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "events/event.h"

namespace mrtrack::projections {

struct ReminderOutcome {
  std::string reminder_id, action_id;
  std::string unit;       // The unit reminded (for an escalation: the escalation unit).
  std::string rule;       // e.g. "before-7d", "deadline", "overdue-14d", "escalate-30d", "update-90d".
  std::string chain;      // "main", "escalation", "update" or "notice".
  std::string deadline;   // YYYY-MM-DD, the deadline it was planned for ("" when none).
  std::string channel;    // "email" or "webhook:<name>".
  std::string recipient;  // Addresses, or the webhook's name: the last used, else the planned.
  std::string due_at;     // As recorded (RFC 3339).
  std::string state = "pending";  // pending | delivered | parked | skipped.
  int attempts = 0;               // The attempt number of the last recorded attempt of its message.
  bool late = false;              // Its time had passed when the notifier took it up (after downtime).
  Timestamp delivered_at{};       // recorded_at of the ReminderDelivered (the epoch until then).
  std::string message_id;         // The message it went out in (its own id, or a digest's).
  std::string note;               // The last failure's error (also while pending a retry), or why it was skipped.
  std::uint64_t last_position = 0;
  bool operator==(const ReminderOutcome&) const = default;
};

// Applies one event of the reminder's stream. On error `outcome` is unchanged.
Status ApplyReminderEvent(ReminderOutcome& outcome, const events::RecordedEvent& event);

// {reminder_id, action_id, unit, rule, chain, deadline, channel, recipient,
//  due_at, state, attempts, late, delivered_at (null until delivered),
//  message_id, reason (parked, skipped: why), note}: the API's shape.
nlohmann::json ReminderOutcomeToJson(const ReminderOutcome& outcome);

}  // namespace mrtrack::projections
