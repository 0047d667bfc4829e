// Auditing (/audit): verifying the hash chain (its result and head), links to
// the exports, and the history of any action by its id. As of a moment, every
// other page shows the site as it was (the layout's As of field).
#include "daemon/server/json_io.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/api_client.h"
#include "daemon/web/i18n.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

Result<Reply> AuditPage(const WebContext& web, const RequestContext& ctx) {
  ApiClient api(*web.routes, ctx);
  json model = PageFrame(web, ctx, Tr(PageLanguage(ctx), "audit.title"), "audit");
  auto verify = api.Get("/v1/audit/verify");
  if (!verify.ok()) {
    if (verify.status().code() != StatusCode::kPermissionDenied) return verify.status();
    model["not_allowed"] = true;
    return PageReply("audit", std::move(model));
  }
  model["verify"] = {{"ok", (*verify)["ok"]},
                     {"events_checked", (*verify)["events_checked"]},
                     {"head", (*verify)["head"]},
                     {"problem", (*verify).value("problem", "")},
                     {"first_bad_position", (*verify)["first_bad_position"]}};
  return PageReply("audit", std::move(model));
}

// GET /audit/history?action=ID: the action's page, at its timeline.
Result<Reply> HistoryOf(const RequestContext& ctx) {
  std::string id = QueryValue(ctx, "action").value_or("");
  if (id.empty()) return InvalidArgument("give the id of an action", "action");
  std::string to = "/actions/" + UrlEncode(id);
  if (auto as_of = QueryValue(ctx, "as_of")) to += "?as_of=" + UrlEncode(*as_of);
  return Redirect(to + "#history-h");
}

// GET /audit/export: the API's export (its type and file name) for a browser.
Result<Reply> AuditExport(const WebContext& web, const RequestContext& ctx) {
  ApiClient api(*web.routes, ctx);
  std::string format = QueryValue(ctx, "format").value_or("jsonl");
  auto query = format == "csv" ? WithAsOf(ctx) : std::multimap<std::string, std::string>{};
  query.emplace("format", format);
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, api.GetReply("/v1/audit/export", query));
  AddSecurityHeaders(reply);
  return reply;
}

}  // namespace

void AddAuditPages(RouteTable& table, const WebContext& web) {
  table.Add({"GET", "/audit", "webAudit", Access::kWebSession,
             RouteDoc::Summary("Verify the hash chain; export links; the history of an action.").Query({AsOfParam()}),
             [web](const RequestContext& ctx) { return AuditPage(web, ctx); }});
  table.Add({"GET", "/audit/history", "webAuditHistory", Access::kWebSession,
             RouteDoc::Summary("The history of an action, by its id.")
                 .Query({AsOfParam(), {"action", "string", "The action's id."}}),
             [](const RequestContext& ctx) { return HistoryOf(ctx); }});
  table.Add({"GET", "/audit/export", "webAuditExport", Access::kWebSession,
             RouteDoc::Summary("The API's export, for a browser.")
                 .Query({AsOfParam(), {"format", "string", "jsonl, events_csv or csv."}}),
             [web](const RequestContext& ctx) { return AuditExport(web, ctx); }});
}

}  // namespace mrtrack::daemon::web
