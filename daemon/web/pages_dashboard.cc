// The focal point's dashboard (/dashboard): overdue actions by unit, the
// ageing of open actions, and the import of a management response — a dry
// run first, whose report is shown with the same text in a form to confirm,
// then the import itself.
#include "daemon/server/json_io.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/api_client.h"
#include "daemon/web/i18n.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;
using Query = std::multimap<std::string, std::string>;

bool MayImport(const RequestContext& ctx) {
  return ctx.principal->role == config::Role::kAdmin && !QueryValue(ctx, "as_of");
}

Result<Reply> Dashboard(const WebContext& web, const RequestContext& ctx) {
  ApiClient api(*web.routes, ctx);
  MRTRACK_ASSIGN_OR_RETURN(json units, api.Get("/v1/summaries/units", WithAsOf(ctx)));
  MRTRACK_ASSIGN_OR_RETURN(json actions, api.Get("/v1/actions", WithAsOf(ctx, {{"open", "true"}, {"limit", "1000"}})));
  const Language language = PageLanguage(ctx);
  json model = PageFrame(web, ctx, Tr(language, "dashboard.title"), "dashboard");
  json rows = json::array();
  for (const auto& u : units["items"]) {
    if (u.value("total", 0) == 0) continue;
    const json& unit = u["unit"];
    rows.push_back({{"unit", unit.is_string() ? unit : json("")},
                    {"name", unit.is_string() ? u.value("name", unit.get<std::string>()) : Tr(language, "dashboard.no_unit")},
                    {"total", u.value("total", 0)},
                    {"overdue", u.value("overdue", 0)},
                    {"has_overdue", u.value("overdue", 0) > 0},
                    {"implementation_rate", Percent(u["implementation_rate"])},
                    {"average_days_late", WholeDays(u["average_days_late"])}});
  }
  model["units"] = std::move(rows);
  model["ageing"] = AgeingModel(actions["items"], language);
  // Requests waiting for validation: the open actions with an open request.
  json requests = json::array();
  for (const auto& a : actions["items"]) {
    json row = {{"id", a["action_id"]},
                {"description", a.value("description", "")},
                {"request_units", UnitNames(ctx, a["responsible"]["units"])}};
    AddRequests(ctx, a, row, language);
    if (row.contains("pending_request") || row.contains("pending_extension")) requests.push_back(std::move(row));
  }
  model["no_requests"] = requests.empty();
  model["requests"] = std::move(requests);
  model["may_validate"] = MayValidate(ctx);
  model["back"] = "/dashboard";
  model["done"] = QueryValue(ctx, "done").value_or("");
  model["may_import"] = MayImport(ctx);
  return PageReply("dashboard", std::move(model));
}

// What the import form sent: the text (a file wins over the text field) and
// whether it is the confirmation of a dry run.
struct ImportForm {
  std::string text;
  std::string content_type = "text/plain";
  bool confirm = false;
};

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Result<ImportForm> ReadImportForm(const RequestContext& ctx) {
  ImportForm form;
  std::string format;
  if (ctx.ContentType() == "multipart/form-data") {
    MRTRACK_ASSIGN_OR_RETURN(auto parts, ParseMultipart(ctx));
    std::string pasted;
    for (const auto& part : parts) {
      if (part.name == "file" && !part.content.empty()) {
        form.text = part.content;
        if (EndsWith(part.filename, ".csv")) format = "csv";
      } else if (part.name == "text") {
        pasted = part.content;
      } else if (part.name == "format") {
        format = format.empty() ? part.content : format;
      } else if (part.name == "confirm") {
        form.confirm = part.content == "1";
      }
    }
    if (form.text.empty()) form.text = std::move(pasted);
  } else {
    Form fields = ParseForm(ctx.body);
    form.text = FormValue(fields, "text");
    format = FormValue(fields, "format");
    form.confirm = FormValue(fields, "confirm") == "1";
  }
  if (format == "csv") form.content_type = "text/csv";
  if (form.text.empty()) return InvalidArgument("give the management response: paste its text or choose a file", "text");
  return form;
}

json ReportModel(const json& report) {
  json warnings = json::array();
  for (const auto& w : report.value("warnings", json::array())) {
    warnings.push_back({{"line", w.value("line", 0) > 0 ? json(w["line"]) : json(nullptr)},
                        {"where", w.value("where", "")},
                        {"message", w.value("message", "")}});
  }
  return {{"evaluation_id", report.value("evaluation_id", "")},
          {"created", report.value("created", false)},
          {"recommendations", report.value("recommendations", 0)},
          {"key_actions", report.value("key_actions", 0)},
          {"events", report.value("events_appended", 0)},
          {"changes", report.value("changes", json::array())},
          {"unmatched", report.value("unmatched_responsibles", json::array())},
          {"warnings", std::move(warnings)}};
}

// POST /dashboard/import.
Result<Reply> Import(const WebContext& web, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(ImportForm form, ReadImportForm(ctx));
  ApiClient api(*web.routes, ctx);
  Query query;
  if (!form.confirm) query.emplace("dry_run", "true");
  MRTRACK_ASSIGN_OR_RETURN(json report, api.PostText("/v1/imports", query, form.text, form.content_type));
  const Language language = PageLanguage(ctx);
  json model = PageFrame(web, ctx, Tr(language, form.confirm ? "import.title_imported" : "import.title_dry_run"),
                         "dashboard");
  model["path"] = "/dashboard";  // The as-of form of the layout goes to the dashboard.
  model["confirmed"] = form.confirm;
  model["text"] = form.text;
  model["format"] = form.content_type == "text/csv" ? "csv" : "text";
  model["report"] = ReportModel(report);
  return PageReply("import_report", std::move(model));
}

}  // namespace

void AddDashboardPages(RouteTable& table, const WebContext& web) {
  table.Add({"GET", "/dashboard", "webDashboard", Access::kWebSession,
             RouteDoc::Summary("Overdue actions by unit, requests waiting for validation, ageing, and import.")
                 .Query({AsOfParam(), {"done", "string", "What the last form did."}}),
             [web](const RequestContext& ctx) { return Dashboard(web, ctx); }});
  table.Add({"POST", "/dashboard/import", "webImport", Access::kWebSession,
             RouteDoc::Summary("Import a management response: a dry run, then the confirmed import."),
             [web](const RequestContext& ctx) { return Import(web, ctx); }});
}

}  // namespace mrtrack::daemon::web
