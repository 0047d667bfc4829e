// Import route: one management response (published text of GATE or ERC, JSON, or CSV) in one atomic append.
#include <chrono>
#include <map>
#include <string>

#include "common/message_text.h"
#include "daemon/server/command_support.h"
#include "daemon/server/json_io.h"
#include "daemon/server/routes.h"
#include "daemon/server/runtime_config.h"
#include "events/import/import.h"
#include "projections/projections.h"

namespace mrtrack::daemon {
namespace {

Result<events::import::ImportFormat> FormatOf(const RequestContext& ctx) {
  std::string type = ctx.ContentType();
  if (type == "text/plain") return events::import::ImportFormat::kGate;
  if (type == "application/json") return events::import::ImportFormat::kJson;
  if (type == "text/csv") return events::import::ImportFormat::kCsv;
  return InvalidArgument(
      "must be text/plain (published text), application/json or text/csv (a spreadsheet), not " + MessageValue(type, '\''),
      "Content-Type");
}

// "COLUMN=field" pairs of the repeatable `map` parameter.
Result<std::map<std::string, std::string>> ColumnMap(const RequestContext& ctx) {
  std::map<std::string, std::string> map;
  auto [begin, end] = ctx.query.equal_range("map");  // not QueryValues: a header may hold a comma
  for (auto it = begin; it != end; ++it) {
    const std::string& pair = it->second;
    std::size_t eq = pair.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
      return InvalidArgument(MessageValue(pair, '\'') + " is not COLUMN=field", "map");
    }
    map[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return map;
}

}  // namespace

void AddImportRoutes(RouteTable& table, Services& services) {
  table.Add(
      {"POST", "/v1/imports", "importEvaluation", Access::kImport,
       RouteDoc::Summary("Import a management response (the text published by GATE or ERC as text/plain, JSON, or a "
                         "spreadsheet as text/csv); "
                         "one atomic append.")
           .Query({{"evaluation_id", "string", "Use this id ([a-z0-9-]{1,64}) instead of the derived one."},
                   {"dry_run", "boolean", "true: parse, match, compare and report; write nothing."},
                   {"title", "string", "The evaluation title, where the document gives none."},
                   {"office", "string", "The office, where the document gives none."},
                   {"period", "string", "The plan period, where the document gives none."},
                   {"map", "string", "COLUMN=field: a spreadsheet column under another header.", /*repeatable_=*/true}})
           .Body({{"type", "object"}, {"description", "The JSON rendering of a management response (docs/IMPORT.md)."}},
                 /*also_text=*/true)
           .Errors({400, 409, 413}),
       [&services](const RequestContext& ctx) -> Result<Reply> {
         MRTRACK_ASSIGN_OR_RETURN(auto format, FormatOf(ctx));
         MRTRACK_ASSIGN_OR_RETURN(auto dry_run, QueryBool(ctx, "dry_run"));
         events::import::ImportOptions options;
         options.evaluation_id = QueryValue(ctx, "evaluation_id").value_or("");
         options.dry_run = dry_run.value_or(false);
         options.correlation_id = ctx.request_id;
         options.title = QueryValue(ctx, "title").value_or("");
         options.office = QueryValue(ctx, "office").value_or("");
         options.plan_period = QueryValue(ctx, "period").value_or("");
         MRTRACK_ASSIGN_OR_RETURN(options.csv_columns, ColumnMap(ctx));
         MRTRACK_ASSIGN_OR_RETURN(auto report, events::import::ImportDocument(*services.store, ctx.runtime->config(),
                                                                              ctx.body, format, ctx.Actor(), options));
         if (report.last_position > 0) AwaitViews(services, report.last_position);
         return Reply::Json(events::import::ImportReportToJson(report));
       }});
}

}  // namespace mrtrack::daemon
