// Summary routes: per unit and per evaluation, with an overall line.
#include "common/time.h"
#include "daemon/server/routes.h"
#include "daemon/server/view_access.h"
#include "projections/summary.h"
#include "projections/trend.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

enum class Grouping { kUnit, kEvaluation };

std::vector<QueryParam> SummaryParams() {
  return {AsOfParam(),
          {"period_from", "string", "First day (YYYY-MM-DD) of the period for the closure rate; needs period_to."},
          {"period_to", "string", "Last day (YYYY-MM-DD) of the period for the closure rate."},
          {"evaluation", "string", "Only actions of this evaluation id."}};
}

Result<Reply> Summarize(const Services& services, const RequestContext& ctx, Grouping grouping) {
  MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
  projections::SummaryQuery query;
  MRTRACK_ASSIGN_OR_RETURN(query.period_from, QueryDate(ctx, "period_from"));
  MRTRACK_ASSIGN_OR_RETURN(query.period_to, QueryDate(ctx, "period_to"));
  if (query.period_from.has_value() != query.period_to.has_value()) {
    return InvalidArgument("period_from and period_to go together", query.period_from ? "period_to" : "period_from");
  }
  if (query.period_from && *query.period_from > *query.period_to) {
    return InvalidArgument("period_from is after period_to", "period_from");
  }
  query.evaluation_id = QueryValue(ctx, "evaluation");
  const config::Config& config = ctx.runtime->config();
  json body;
  MRTRACK_RETURN_IF_ERROR(ReadModel(services, ctx, as_of, [&](const auto& model, const auto& time) -> Status {
    query.time = time;
    auto groups = grouping == Grouping::kUnit ? projections::SummarizeByUnit(model, query)
                                              : projections::SummarizeByEvaluation(model, query);
    if (!groups.ok()) return groups.status();
    MRTRACK_ASSIGN_OR_RETURN(auto overall, projections::SummarizeAll(model, query));
    json items = json::array();
    for (const auto& summary : *groups) {
      json item = projections::SummaryToJson(summary);
      if (grouping == Grouping::kUnit) {
        const config::Unit* unit = config.FindUnit(summary.key);
        item["unit"] = summary.key.empty() ? json(nullptr) : json(summary.key);
        item["name"] = unit != nullptr ? unit->name : (summary.key.empty() ? "(no matched unit)" : summary.key);
      } else {
        item["evaluation_id"] = summary.key;
      }
      items.push_back(std::move(item));
    }
    body = {{"position", model.position()},
            {"at", FormatTimestamp(time.at)},
            {"period_from", query.period_from ? json(FormatDate(*query.period_from)) : json(nullptr)},
            {"period_to", query.period_to ? json(FormatDate(*query.period_to)) : json(nullptr)},
            {"overall", projections::SummaryToJson(overall)},
            {"items", std::move(items)}};
    return Status::Ok();
  }));
  return Reply::Json(std::move(body));
}

// A month "YYYY-MM" for the trend's bounds.
Result<date::year_month> QueryMonth(const RequestContext& ctx, const char* name) {
  auto text = QueryValue(ctx, name);
  if (!text) return InvalidArgument(std::string(name) + " is required (YYYY-MM)", name);
  auto day = ParseDate(*text + "-01");
  if (text->size() != 7 || !day.ok()) return InvalidArgument("'" + *text + "' is not a month (YYYY-MM)", name);
  return day->year() / day->month();
}

json TrendCounts(const projections::Summary& s) {
  return {{"total", s.total},
          {"overdue", s.overdue},
          {"completed", s.by_status[static_cast<std::size_t>(events::ActionStatus::kCompleted)]},
          {"no_longer_applicable", s.by_status[static_cast<std::size_t>(events::ActionStatus::kNoLongerApplicable)]}};
}

Result<Reply> Trend(const Services& services, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(date::year_month from, QueryMonth(ctx, "from"));
  MRTRACK_ASSIGN_OR_RETURN(date::year_month to, QueryMonth(ctx, "to"));
  const std::string every = QueryValue(ctx, "every").value_or("month");
  if (every != "month") return InvalidArgument("must be month", "every");
  MRTRACK_ASSIGN_OR_RETURN(auto trend,
                           projections::MonthlyTrend(*services.snapshots, from, to, ctx.runtime->time_zone()));
  json points = json::array();
  for (const auto& point : trend) {
    json by_unit = json::array();
    for (const auto& s : point.units) {
      json item = TrendCounts(s);
      item["unit"] = s.key.empty() ? json(nullptr) : json(s.key);
      by_unit.push_back(std::move(item));
    }
    points.push_back({{"date", FormatDate(point.date)},
                      {"at", FormatTimestamp(point.at)},
                      {"position", point.position},
                      {"overall", TrendCounts(point.overall)},
                      {"units", std::move(by_unit)}});
  }
  return Reply::Json({{"every", every}, {"points", std::move(points)}});
}

}  // namespace

void AddSummaryRoutes(RouteTable& table, Services& services) {
  table.Add({"GET", "/v1/summaries/units", "summarizeUnits", Access::kView,
             RouteDoc::Summary("Counts by status, overdue, implementation and closure rates, days late: per unit.")
                 .Query(SummaryParams()),
             [&services](const RequestContext& ctx) { return Summarize(services, ctx, Grouping::kUnit); }});
  table.Add(
      {"GET", "/v1/summaries/evaluations", "summarizeEvaluations", Access::kView,
       RouteDoc::Summary("Counts by status, overdue, implementation and closure rates, days late: per evaluation.")
           .Query(SummaryParams()),
       [&services](const RequestContext& ctx) { return Summarize(services, ctx, Grouping::kEvaluation); }});
  table.Add({"GET", "/v1/summaries/trend", "summarizeTrend", Access::kView,
             RouteDoc::Summary("Overdue and completed counts per unit at each month end, from the log (as of each "
                               "month's last day).")
                 .Query({{"from", "string", "First month, YYYY-MM (required)."},
                         {"to", "string", "Last month, YYYY-MM (required)."},
                         {"every", "string", "month (the only period so far). Default: month."}})
                 .Errors({400}),
             [&services](const RequestContext& ctx) { return Trend(services, ctx); }});
}

}  // namespace mrtrack::daemon
