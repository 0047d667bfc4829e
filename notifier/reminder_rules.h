// The reminder rules of config [reminders] as occurrences on a deadline:
//
//   rule name        chain       day (deadline D)     addressed to
//   "before-30d"     main        D - 30 days          the responsible units
//   "deadline"       main        D                    the responsible units
//   "overdue-7d"     main        D + 7, D + 14, ...   the responsible units
//   "overdue-14d"                (one name per repeat)
//   "escalate-30d"   escalation  D + 30 (once)        each responsible unit's `escalation` unit
//
// Each occurrence is due at the send time of its day (SendSchedule). Within a
// chain, a later occurrence supersedes earlier ones: only the latest one due
// is worth sending.
//
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "common/clock.h"
#include "config/config.h"
#include "notifier/send_schedule.h"

namespace mrtrack::notifier {

// kUpdate: requests for an update ([workflow] update_request_every);
// kNotice: rejections told to the units (never planned from the rules).
enum class Chain { kMain, kEscalation, kUpdate, kNotice };
// The chain's name in ReminderDue: events::kReminderChain*.
const char* ChainName(Chain chain);
Chain ChainFromName(const std::string& name);

struct Occurrence {
  std::string rule;             // "before-30d", "deadline", "overdue-14d", "escalate-30d".
  Chain chain = Chain::kMain;
  long days_from_deadline = 0;  // -30, 0, 14, 30: positive when past the deadline (kUpdate: since the update).
  date::local_days day;         // The local day it belongs to.
  Timestamp due_at;             // Send time of that day, out of quiet hours.
};

// The latest occurrence of `chain` whose due_at <= now, if any.
std::optional<Occurrence> LatestDue(const date::year_month_day& deadline, const config::ReminderRules& rules,
                                    const SendSchedule& schedule, Chain chain, Timestamp now);

// Every occurrence (both chains) with due_at in [from, to), in due order.
std::vector<Occurrence> OccurrencesBetween(const date::year_month_day& deadline, const config::ReminderRules& rules,
                                           const SendSchedule& schedule, Timestamp from, Timestamp to);

// Update requests (chain kUpdate) on an action last updated at `updated_at`:
// rule "update-<N>d" on the local day N days after the update's, for N =
// every, 2·every, … while no update comes, due at that day's send time.
// `every` of 0 makes none.
std::optional<Occurrence> LatestUpdateRequest(Timestamp updated_at, std::chrono::days every,
                                              const SendSchedule& schedule, Timestamp now);
std::vector<Occurrence> UpdateRequestsBetween(Timestamp updated_at, std::chrono::days every,
                                              const SendSchedule& schedule, Timestamp from, Timestamp to);

}  // namespace mrtrack::notifier
