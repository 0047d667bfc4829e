// Planning: which reminders the rules make due, from plain facts about the
// key actions (action_facts.h), the config and an instant. Pure: no clock, no
// store, no I/O; the outbox (outbox.h) decides what of it to write.
//
// For every action that is not terminal and has a deadline:
// - the main chain's latest occurrence due at `now` (reminder_rules.h), for
//   each responsible unit of the directory and each of its channels;
// - the escalation chain's occurrence once due, for each distinct
//   `escalation` unit of the responsible units and each of its channels;
// - with [workflow] update_request_every, the latest update request due
//   (reminder_rules.h), for each responsible unit and each of its channels,
//   whether the action has a deadline or not.
// Units without channels and unknown unit ids produce nothing; actions
// without a deadline get no deadline reminders. Notices (chain kNotice) are
// not planned here: the outbox writes them from the rejections in the log.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "config/config.h"
#include "events/domain/workflow_events.h"
#include "notifier/action_facts.h"
#include "notifier/reminder.h"
#include "notifier/send_schedule.h"

namespace mrtrack::notifier {

// What a message says about the action, as of `facts`.
ReminderItem ItemOf(const ActionFacts& facts);

// The channels of a unit: "email" when it has addresses, then
// "webhook:<name>" for each of its webhooks, in config order.
std::vector<std::string> UnitChannels(const config::Unit& unit);

// The reminders due at or before `now` (latest per chain), sorted by due
// time then id. `late` is left false.
std::vector<Reminder> PlanDue(const std::vector<ActionFacts>& actions, const config::Config& config,
                              const SendSchedule& schedule, Timestamp now);

// Every reminder whose due time falls in [from, to), whatever came before
// (for previews), sorted by due time then id.
std::vector<Reminder> PlanBetween(const std::vector<ActionFacts>& actions, const config::Config& config,
                                  const SendSchedule& schedule, Timestamp from, Timestamp to);

// The notices of a rejection: one per unit it names that is in the directory
// and channel of that unit (NoticeId), due when the rejection was recorded,
// rule "completion-rejected" or "extension-rejected", with the action as
// `facts` show it. `late` is left false.
std::vector<Reminder> NoticesOf(const events::RejectionData& rejection, const ActionFacts& facts,
                                const config::Config& config);

// Why a pending reminder no longer matches the facts — the action is gone or
// terminal, its deadline moved (an update request: it was updated, or update
// requests are off), the unit is no longer responsible (or no longer the
// escalation target), the channel is no longer the unit's — or "" when it
// still applies. A notice is only cancelled when its action is gone, its unit
// left the directory or the channel is no longer the unit's. `facts` is null
// when the action is unknown.
std::string WhyNoLongerDue(const Reminder& pending, const ActionFacts* facts, const config::Config& config);

}  // namespace mrtrack::notifier
