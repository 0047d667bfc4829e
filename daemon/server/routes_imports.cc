// Import route: one management response, GATE text or JSON, in one atomic append.
#include <chrono>

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
  return InvalidArgument("must be text/plain (GATE text) or application/json, not '" + type + "'", "Content-Type");
}

}  // namespace

void AddImportRoutes(RouteTable& table, Services& services) {
  table.Add(
      {"POST", "/v1/imports", "importEvaluation", Access::kImport,
       RouteDoc::Summary("Import a management response (GATE text as text/plain, or JSON); one atomic append.")
           .Query({{"evaluation_id", "string", "Use this id ([a-z0-9-]{1,64}) instead of the derived one."},
                   {"dry_run", "boolean", "true: parse, match, compare and report; write nothing."}})
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
         MRTRACK_ASSIGN_OR_RETURN(auto report, events::import::ImportDocument(*services.store, ctx.runtime->config(),
                                                                              ctx.body, format, ctx.Actor(), options));
         if (report.last_position > 0) AwaitViews(services, report.last_position);
         return Reply::Json(events::import::ImportReportToJson(report));
       }});
}

}  // namespace mrtrack::daemon
