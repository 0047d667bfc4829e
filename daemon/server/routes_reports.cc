// The report to governing bodies (docs/API.md "Reports"): what a [[reports]]
// e-mail carries, for any period, as JSON, its CSV, or its text.
#include "common/language.h"
#include "daemon/server/json_io.h"
#include "daemon/server/routes.h"
#include "daemon/server/runtime_config.h"
#include "notifier/report_message.h"
#include "notifier/templates.h"
#include "projections/report.h"

namespace mrtrack::daemon {
namespace {

Result<Reply> GetReport(const Services& services, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(projections::ReportPeriod period, projections::ParseReportPeriod(ctx.PathParam("period")));
  const config::Config& config = ctx.runtime->config();
  std::vector<std::string> units = QueryValues(ctx, "unit");
  for (const auto& unit : units) {
    if (config.FindUnit(unit) == nullptr) return InvalidArgument("no unit '" + unit + "' in the config", "unit");
  }
  const std::string format = QueryValue(ctx, "format").value_or("json");
  if (format != "json" && format != "csv" && format != "text") return InvalidArgument("must be json, csv or text", "format");
  Language language = ParseLanguage(config.organisation.language).value_or(Language::kEnglish);
  if (auto asked = QueryValue(ctx, "language")) {
    auto parsed = ParseLanguage(*asked);
    if (!parsed || *asked != LanguageCode(*parsed)) return InvalidArgument("must be en, fr or es", "language");
    language = *parsed;
  }
  MRTRACK_ASSIGN_OR_RETURN(projections::Report report,
                           projections::BuildReport(*services.snapshots, period, units, ctx.runtime->time_zone(),
                                                    services.clock->Now()));
  if (format == "json") return Reply::Json(projections::ReportToJson(report));
  Reply reply;
  if (format == "csv") {
    reply.content_type = "text/csv; charset=utf-8";
    reply.body = notifier::ReportCsvOf(report, config, language);
    return reply;
  }
  MRTRACK_ASSIGN_OR_RETURN(notifier::Templates templates, notifier::Templates::Load(config.templates_dir));
  reply.content_type = "text/plain; charset=utf-8";
  MRTRACK_ASSIGN_OR_RETURN(reply.body, notifier::ReportText(report, config, templates, language));
  return reply;
}

}  // namespace

void AddReportRoutes(RouteTable& table, Services& services) {
  table.Add({"GET", "/v1/reports/{period}", "getReport", Access::kView,
             RouteDoc::Summary("The report to governing bodies for a month (YYYY-MM) or an ISO week (YYYY-Www): "
                               "implementation and closure rates, overdue, ageing, requests waiting and extensions "
                               "granted, per unit and overall, as of the period's end.")
                 .Query({{"unit", "string", "Only these units; repeat or comma-separate. Default: every unit.", true},
                         {"format", "string", "json (default), csv (the e-mail's attachment) or text (its body)."},
                         {"language", "string", "en, fr or es for csv and text. Default: the organisation's."}})
                 .Errors({400}),
             [&services](const RequestContext& ctx) { return GetReport(services, ctx); }});
}

}  // namespace mrtrack::daemon
