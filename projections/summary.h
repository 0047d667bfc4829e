// Summaries of the key-action view per unit, per evaluation and overall,
// computed over a ViewModel (live or as-of) at an instant. Definitions:
//
// - counts by status: the current status of each action.
// - overdue: actions overdue at QueryTime::at (see action_query.h).
// - implementation rate = Completed / (all − No Longer Applicable); absent
//   when the denominator is 0.
// - closure rate of the period [from, to] (dates, both inclusive): of the
//   actions whose deadline falls in the period and that are not No Longer
//   Applicable, the share that is Completed in the model (that is, completed
//   at any time up to the instant the model reflects — completed early, on
//   time or late all count). Absent without a period or when no action is due
//   in it.
// - average days late: over Completed actions whose completion is late, the
//   mean of (local date of completed_at in the organisation's zone − deadline
//   date) in days; a completion on or before the deadline day is not late.
//   Absent when there is none.
// - ageing: the open actions (not Completed / No Longer Applicable) by days
//   overdue at QueryTime::at, in buckets not_due (not overdue, or no
//   deadline), 1-90, 91-180, 181-365, over_365 (days_overdue of action_query.h).
// - implemented = Completed; closed_not_implemented = No Longer Applicable.
// - requests waiting: actions with an open completion request, and with an
//   open extension request.
// Per unit, an action with several units counts for each of them; actions
// with no matched unit are grouped under the unit id "" (empty).
//
// Thread safety: pure functions; see action_query.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "common/status.h"
#include "projections/action_query.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

struct SummaryQuery {
  QueryTime time;
  std::optional<date::year_month_day> period_from;  // Default: none. Closure-rate period, inclusive.
  std::optional<date::year_month_day> period_to;    // Default: none. Required with period_from.
  std::optional<std::string> evaluation_id;         // Default: all. Restricts every summary to one evaluation.
  std::vector<std::string> units;                   // Default: all. Restricts every summary to actions of one
                                                    // of these units (and the per-unit ones to these units).
};

inline constexpr std::size_t kStatusCount = 5;  // ActionStatus values, in enum order.
inline constexpr std::size_t kAgeingBuckets = 5;  // not_due, 1-90, 91-180, 181-365, over_365.
// The bucket names, in order.
extern const char* const kAgeingBucketNames[kAgeingBuckets];
// The bucket of an open action `days_overdue` days late (0: not due).
std::size_t AgeingBucket(long days_overdue);

struct Summary {
  std::string key;    // Unit id, evaluation id, or "" for the overall summary / actions without a unit.
  std::string title;  // The evaluation's title (per-evaluation summaries), else "".
  std::uint64_t total = 0;
  std::array<std::uint64_t, kStatusCount> by_status{};  // Indexed by static_cast<size_t>(ActionStatus).
  std::uint64_t overdue = 0;
  std::optional<double> implementation_rate;
  std::uint64_t due_in_period = 0;        // Closure-rate denominator.
  std::uint64_t closed_in_period = 0;     // Closure-rate numerator.
  std::optional<double> closure_rate;
  std::uint64_t late_completions = 0;
  std::int64_t total_days_late = 0;
  std::optional<double> average_days_late;
  std::array<std::uint64_t, kAgeingBuckets> ageing{};  // Open actions only.
  std::uint64_t completion_requests_waiting = 0;
  std::uint64_t extension_requests_waiting = 0;
};

// kInvalidArgument: no zone, a period with one end only, or from > to.
Result<std::vector<Summary>> SummarizeByUnit(const ViewModel& model, const SummaryQuery& query);
Result<std::vector<Summary>> SummarizeByEvaluation(const ViewModel& model, const SummaryQuery& query);
Result<Summary> SummarizeAll(const ViewModel& model, const SummaryQuery& query);

nlohmann::json SummaryToJson(const Summary& summary);

}  // namespace mrtrack::projections
