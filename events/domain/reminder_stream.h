// The reminder stream "reminder-<id>": the schema of each of its event types
// (one encoder and one decoder per type) and its one fold, used by every
// reader — the notifier's outbox and the views alike — so they cannot
// disagree about what became of a reminder.
//
// Event data (schema version 1; instants are FormatTimestamp text, days
// YYYY-MM-DD; readers ignore unknown fields):
//   ReminderDue           {reminder_id, idempotency_key (= reminder_id), action_id,
//                          unit, rule, chain: "main"|"escalation"|"update"|"notice",
//                          deadline, days_from_deadline, channel, recipient, due_at,
//                          late, escalated_from: [unit ids], supersedes: [reminder ids],
//                          item: {evaluation_id, evaluation_title,
//                          recommendation_number, action_number, label,
//                          description, status, calendar_sequence},
//                          updated_at (chain "update": the action's last update),
//                          notice (chain "notice": {event_id, request_id, outcome,
//                          proposed_deadline, reason, by, at})}
//   ReminderMessageFixed  {reminder_id, message_id, members: [reminder ids], built_at}
//   ReminderDelivered     {reminder_id, channel, recipient, attempt, message_id, late}
//   ReminderFailed        {reminder_id, channel, recipient, attempt, error,
//                          permanent, retry_at: instant|null, message_id}
//   ReminderParked        {reminder_id, channel, recipient, attempt, reason, message_id}
//   ReminderRequeued      {reminder_id, reason}
//   ReminderSkipped       {reminder_id, reason}
// Required fields: ReminderDue's action_id, unit, rule, channel and due_at, and
// its deadline on the chains "main" and "escalation" (an update request or a
// notice about an action without a deadline has it null); the rest have the
// defaults of the structs below. The other types
// require nothing beyond an object.
//
// The fold (ApplyReminderEvent):
//   ReminderDue           creates the reminder: pending. A second one changes nothing.
//   ReminderMessageFixed  the message it goes out in (id, members, build time),
//                         fixed at its first attempt: a later one changes nothing
//   ReminderDelivered     delivered (final)
//   ReminderFailed        an attempt failed: pending with retry_at; one with
//                         permanent: true (written before parking existed) parks it
//   ReminderParked        parked: a permanent error (with the reason) that a
//                         fixed configuration or an operator's retry can undo
//   ReminderRequeued      parked -> pending, to be attempted now
//   ReminderSkipped       skipped (final), the reason in `note`
// Nothing undoes a final state (delivered, skipped). A fate's `recipient`
// (the address actually used) replaces the planned one. Every event of the
// stream advances `version` and `last_position`, also one the fold refuses, so
// later events still follow in order. Refused, with kCorruption naming the
// position, type and field, and the state otherwise unchanged: data that is
// not an object, a ReminderDue missing a required field, a fate before the
// ReminderDue. Other event types are ignored.
//
// The iCalendar UID of an action's deadline, for the action's whole life
// (ActionCalendarUid), is here too: reminders' attachments and calendar
// feeds share it.
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "events/event.h"

namespace mrtrack::events {

// The types of the reminder stream besides the four of event_types.h
// (ReminderDue, ReminderDelivered, ReminderFailed, ReminderSkipped).
namespace types {
inline constexpr char kReminderMessageFixed[] = "ReminderMessageFixed";
inline constexpr char kReminderParked[] = "ReminderParked";
inline constexpr char kReminderRequeued[] = "ReminderRequeued";
}  // namespace types

// The chains of reminders: "main" (before and after the deadline, to the
// responsible units), "escalation" (to their escalation units), "update" (a
// request for an update on an action without one for [workflow]
// update_request_every) and "notice" (a rejected request, told once).
inline constexpr char kReminderChainMain[] = "main";
inline constexpr char kReminderChainEscalation[] = "escalation";
inline constexpr char kReminderChainUpdate[] = "update";
inline constexpr char kReminderChainNotice[] = "notice";

// What the message says about the action, frozen when the reminder was
// planned (so a resend renders the same text).
struct ReminderItemData {
  std::string evaluation_id, evaluation_title;
  int recommendation_number = 0;
  int action_number = 0;  // The action's position under its recommendation (0: unknown).
  std::string label;      // "1.1" when the source numbered the action, else "".
  std::string description;
  std::string status;     // Status label.
  // The SEQUENCE of the action's calendar event: its stream version when
  // planned (it grows with every change, a moved deadline among them).
  int calendar_sequence = 0;
  bool operator==(const ReminderItemData&) const = default;
};

// What a notice tells: a validator's rejection of the unit's request, as the
// rejection event recorded it.
struct ReminderNoticeData {
  std::string event_id;    // The rejection event's id (the notice's identity).
  std::string request_id;  // The request rejected.
  std::string outcome;     // A completion request's outcome (status label), else "".
  std::optional<date::year_month_day> proposed_deadline;  // An extension request's deadline.
  std::string reason;      // Why it was rejected.
  std::string by;          // Who rejected it (the event's actor).
  Timestamp at{};          // When (the event's recorded_at).
  bool operator==(const ReminderNoticeData&) const = default;
};

struct ReminderDueData {
  std::string reminder_id, action_id;
  std::string unit;   // The unit addressed (the escalation target for escalations).
  // "before-7d", "deadline", "overdue-14d", "escalate-30d", "update-90d",
  // "completion-rejected", "extension-rejected".
  std::string rule;
  std::string chain = kReminderChainMain;
  std::optional<date::year_month_day> deadline;  // Set on the main and escalation chains.
  long days_from_deadline = 0;
  std::string channel;    // "email" or "webhook:<name>".
  std::string recipient;  // Planned: the addresses joined by ", ", or the webhook's name.
  Timestamp due_at{};
  bool late = false;      // Taken up after its time had passed (downtime, a new import).
  std::vector<std::string> escalated_from;
  std::vector<std::string> supersedes;  // Earlier reminders of its chain never sent, folded into this one.
  ReminderItemData item;
  std::optional<Timestamp> updated_at;        // Chain "update": the last update it counts from.
  std::optional<ReminderNoticeData> notice;   // Chain "notice".
  bool operator==(const ReminderDueData&) const = default;
};

struct ReminderMessageFixedData {
  std::string reminder_id, message_id;
  std::vector<std::string> members;  // Every reminder of the message, sorted.
  Timestamp built_at{};              // The instant its text was rendered for.
};

struct ReminderDeliveredData {
  std::string reminder_id, channel, recipient;
  int attempt = 1;
  std::string message_id;
  bool late = false;
};

struct ReminderFailedData {
  std::string reminder_id, channel, recipient;
  int attempt = 1;
  std::string error;
  bool permanent = false;  // Only in streams written before ReminderParked existed.
  std::optional<Timestamp> retry_at;
  std::string message_id;
};

struct ReminderParkedData {
  std::string reminder_id, channel, recipient;
  int attempt = 1;
  std::string reason, message_id;
};

struct ReminderRequeuedData {
  std::string reminder_id, reason;
};

struct ReminderSkippedData {
  std::string reminder_id, reason;
};

nlohmann::json EncodeReminderDue(const ReminderDueData& d);
nlohmann::json EncodeReminderMessageFixed(const ReminderMessageFixedData& d);
nlohmann::json EncodeReminderDelivered(const ReminderDeliveredData& d);
nlohmann::json EncodeReminderFailed(const ReminderFailedData& d);
nlohmann::json EncodeReminderParked(const ReminderParkedData& d);
nlohmann::json EncodeReminderRequeued(const ReminderRequeuedData& d);
nlohmann::json EncodeReminderSkipped(const ReminderSkippedData& d);

// Decoders of `event.data`. Errors: kCorruption naming the position, the
// type and the field. Never throw.
Result<ReminderDueData> DecodeReminderDue(const RecordedEvent& event);
Result<ReminderMessageFixedData> DecodeReminderMessageFixed(const RecordedEvent& event);
Result<ReminderDeliveredData> DecodeReminderDelivered(const RecordedEvent& event);
Result<ReminderFailedData> DecodeReminderFailed(const RecordedEvent& event);
Result<ReminderParkedData> DecodeReminderParked(const RecordedEvent& event);
Result<ReminderRequeuedData> DecodeReminderRequeued(const RecordedEvent& event);
Result<ReminderSkippedData> DecodeReminderSkipped(const RecordedEvent& event);

enum class ReminderState { kPending, kDelivered, kParked, kSkipped };
// "pending", "delivered", "parked", "skipped".
const char* ReminderStateName(ReminderState state);
std::optional<ReminderState> ReminderStateFromName(const std::string& name);
inline bool IsFinal(ReminderState s) { return s == ReminderState::kDelivered || s == ReminderState::kSkipped; }

// What the stream says of one reminder.
struct ReminderStreamState {
  std::uint64_t version = 0;        // The stream's last version folded.
  std::uint64_t last_position = 0;  // Its log position.
  bool exists = false;              // A ReminderDue was folded.
  ReminderDueData due;
  ReminderState state = ReminderState::kPending;
  int attempts = 0;                 // The attempt number of the last recorded attempt.
  int attempts_at_requeue = 0;      // `attempts` when last requeued (a fresh budget of attempts).
  std::optional<Timestamp> retry_at;  // Pending after a failure: when to try again.
  std::string note;                 // The last error, why it is parked, or why it was skipped.
  std::string recipient;            // The last used, else the planned.
  bool late = false;
  Timestamp delivered_at{};         // recorded_at of the ReminderDelivered (the epoch until then).
  Timestamp parked_at{};            // recorded_at of the last parking (the epoch if never parked).
  std::string message_id;           // The message it goes (went) out in, once fixed.
  std::vector<std::string> message_members;
  Timestamp message_built_at{};
  bool operator==(const ReminderStreamState&) const = default;
};

// "action-<action_id>@mrtrack": one calendar event per action; a moved
// deadline updates it (a higher SEQUENCE), completion cancels it.
std::string ActionCalendarUid(const std::string& action_id);

// Folds one event of the reminder's stream (see the rules above).
Status ApplyReminderEvent(ReminderStreamState& state, const RecordedEvent& event);

}  // namespace mrtrack::events
