// The trend: per unit and overall, the summary (summary.h) as of the end of
// each month of a range, computed from the log with the as-of snapshots
// (as_of.h, snapshot_cache.h) — so each point is exactly what
// GET /v1/summaries/units?as_of=<that month's last day> answers.
//
// Thread safety: as SnapshotCache (safe for concurrent use).
#pragma once

#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "common/status.h"
#include "projections/snapshot_cache.h"
#include "projections/summary.h"

namespace mrtrack::projections {

// At most this many months per trend.
inline constexpr int kMaxTrendPoints = 240;

struct TrendPoint {
  date::year_month_day date;  // The month's last day.
  Timestamp at{};             // The instant it is judged at (the end of that day in the zone).
  std::uint64_t position = 0;  // The last event it includes.
  Summary overall;
  std::vector<Summary> units;  // As SummarizeByUnit.
};

// One point per month from..to (inclusive). kInvalidArgument when from > to
// or the range has more than kMaxTrendPoints months.
Result<std::vector<TrendPoint>> MonthlyTrend(SnapshotCache& snapshots, date::year_month from, date::year_month to,
                                             const date::time_zone& zone);

}  // namespace mrtrack::projections
