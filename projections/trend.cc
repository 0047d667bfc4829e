#include "projections/trend.h"

namespace mrtrack::projections {

Result<std::vector<TrendPoint>> MonthlyTrend(SnapshotCache& snapshots, date::year_month from, date::year_month to,
                                             const date::time_zone& zone) {
  if (from > to) return InvalidArgument("from is after to", "from");
  if ((to - from).count() + 1 > kMaxTrendPoints) {
    return InvalidArgument("at most " + std::to_string(kMaxTrendPoints) + " months per trend", "to");
  }
  std::vector<TrendPoint> out;
  for (date::year_month m = from; m <= to; m += date::months(1)) {
    TrendPoint point;
    point.date = date::year_month_day{m / date::last};
    MRTRACK_ASSIGN_OR_RETURN(auto snapshot, snapshots.Get(AsOf::EndOfDay(point.date, zone)));
    SummaryQuery query;
    query.time = QueryTime{snapshot.at, &zone};
    point.at = snapshot.at;
    point.position = snapshot.model->position();
    MRTRACK_ASSIGN_OR_RETURN(point.units, SummarizeByUnit(*snapshot.model, query));
    MRTRACK_ASSIGN_OR_RETURN(point.overall, SummarizeAll(*snapshot.model, query));
    out.push_back(std::move(point));
  }
  return out;
}

}  // namespace mrtrack::projections
