// Reminder: one planned message about one key action to one unit through one
// channel, as recorded in its ReminderDue event (reminder_events.h).
//
// Its id is deterministic: "rm-" + the first 24 hex digits of
// SHA-256("<action_id>\n<rule>\n<deadline YYYY-MM-DD>\n<unit>\n<channel>"),
// where an update request (chain kUpdate) has the day of the action's last
// update in the deadline's place (an update gives new ids); a notice (chain
// kNotice) is "rm-" + 24 hex of SHA-256("notice\n<event id>\n<unit>\n<channel>"),
// one per rejection event, unit and channel.
// The action, rule and deadline say which reminder it is; the unit and the
// channel are part of it because an action with several responsible units,
// each with e-mail and chat channels, gets one reminder per (unit, channel),
// each with its own fate in the log. A moved deadline or a reassignment
// therefore yields new ids, and planning the same facts twice yields the
// same ids (the outbox appends with ExpectedVersion::NoStream).
//
// Channels are named "email" (the unit's addresses) or "webhook:<name>"
// (a [webhooks.<name>] channel listed by the unit).
//
// Thread safety: values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "common/clock.h"
#include "events/domain/reminder_stream.h"
#include "notifier/reminder_rules.h"

namespace mrtrack::notifier {

inline constexpr char kEmailChannel[] = "email";
// The rule of a calendar cancellation: sent by e-mail to a unit that got the
// action's calendar event once the action is completed (or no longer
// applicable, or lost its deadline).
inline constexpr char kCancelRule[] = "calendar-cancel";
inline constexpr char kWebhookChannelPrefix[] = "webhook:";
// The rules of notices (chain kNotice): a rejected completion or extension request.
inline constexpr char kCompletionRejectedRule[] = "completion-rejected";
inline constexpr char kExtensionRejectedRule[] = "extension-rejected";

// What the message says about the action, as it was when the reminder was
// planned (so a resend renders the same text).
using ReminderItem = events::ReminderItemData;

struct Reminder {
  std::string id;
  std::string action_id;
  std::string unit;     // The unit addressed (the escalation target for escalations).
  // "before-7d", "deadline", "overdue-14d", "escalate-30d", "update-90d",
  // "completion-rejected", "extension-rejected".
  std::string rule;
  std::string channel;  // "email" or "webhook:<name>".
  Chain chain = Chain::kMain;
  // The action's deadline: always set on the main and escalation chains.
  std::optional<date::year_month_day> deadline;
  long days_from_deadline = 0;  // Chain kUpdate: the days since the last update.
  Timestamp due_at{};
  std::vector<std::string> escalated_from;  // Escalations: the responsible units that escalate here.
  std::vector<std::string> supersedes;      // Earlier reminders of its chain never sent, folded into this one.
  ReminderItem item;
  bool late = false;    // Taken up after its time had passed by more than the lateness threshold.
  Timestamp updated_at{};  // Chain kUpdate: the action's last update, which it counts from.
  std::optional<events::ReminderNoticeData> notice;  // Chain kNotice: what it tells.
};

std::string ReminderId(std::string_view action_id, std::string_view rule, const date::year_month_day& deadline,
                       std::string_view unit, std::string_view channel);
std::string NoticeId(std::string_view event_id, std::string_view unit, std::string_view channel);

// The key under which a later reminder supersedes an earlier pending one:
// same action, unit, channel and chain.
std::string ChainKey(const Reminder& r);

// "YYYY-MM-DD" / "YYYYMMDD".
std::string DateText(const date::year_month_day& d);

}  // namespace mrtrack::notifier
