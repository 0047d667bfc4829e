// The evaluations (/evaluations) and one evaluation (/evaluations/{id}): its
// recommendations with category and tags, their actions, the implementation
// and closure rates, and the ageing chart of its open actions (ageing.cc).
#include "common/time.h"
#include "daemon/server/json_io.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/api_client.h"
#include "daemon/web/http_bits.h"
#include "events/domain/evaluation.h"
#include "daemon/web/i18n.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;
using Query = std::multimap<std::string, std::string>;

std::string Join(const json& list) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : ", ") + item.get<std::string>();
  return out;
}

Result<Reply> EvaluationsPage(const WebContext& web, const RequestContext& ctx) {
  ApiClient api(*web.routes, ctx);
  MRTRACK_ASSIGN_OR_RETURN(json list, api.Get("/v1/evaluations", WithAsOf(ctx, {{"limit", "500"}})));
  MRTRACK_ASSIGN_OR_RETURN(json summaries, api.Get("/v1/summaries/evaluations", WithAsOf(ctx)));
  std::map<std::string, json> by_id;
  for (const auto& s : summaries["items"]) by_id[s.value("key", "")] = s;
  json model = PageFrame(web, ctx, Tr(PageLanguage(ctx), "evaluations.title"), "evaluations");
  json rows = json::array();
  for (const auto& e : list["items"]) {
    const json& s = by_id[e.value("evaluation_id", "")];
    rows.push_back({{"id", e["evaluation_id"]},
                    {"title", e.value("title", "")},
                    {"office", e.value("office", "")},
                    {"plan_period", e.value("plan_period", "")},
                    {"actions", s.value("total", 0)},
                    {"overdue", s.value("overdue", 0)},
                    {"implementation_rate", Percent(s.is_object() ? s["implementation_rate"] : json())}});
  }
  model["evaluations"] = std::move(rows);
  model["empty"] = list["items"].empty();
  return PageReply("evaluations", std::move(model));
}

// The closure-rate period: the page's `period_from`/`period_to`, by default
// from the evaluation's first deadline to today (the actions due so far).
std::pair<std::string, std::string> ClosurePeriod(const WebContext& web, const RequestContext& ctx,
                                                  const json& evaluation) {
  std::string from = QueryValue(ctx, "period_from").value_or("");
  std::string to = QueryValue(ctx, "period_to").value_or("");
  if (!from.empty() || !to.empty()) return {from, to};
  to = FormatDate(date::year_month_day(Today(web, ctx)));
  for (const auto& r : evaluation["recommendations"]) {
    for (const auto& a : r["key_actions"]) {
      if (!a["deadline"].is_object()) continue;
      std::string due = a["deadline"].value("date", "");
      if (!due.empty() && (from.empty() || due < from)) from = due;
    }
  }
  if (from.empty() || from > to) return {"", ""};
  return {from, to};
}

json RecommendationModel(const json& r, json& all_actions, Language language, bool may_set_priority) {
  const json& response = r["management_response"];
  json actions = json::array();
  for (const auto& a : r["key_actions"]) {
    all_actions.push_back(a);
    actions.push_back({{"id", a["action_id"]},
                       {"label", a.value("label", "")},
                       {"description", a.value("description", "")},
                       {"status", a.value("status", "")},
                       {"status_label", StatusLabel(language, a.value("status", ""))},
                       {"deadline", DeadlineText(a["deadline"], language)},
                       {"overdue", a.value("overdue", false)},
                       {"days_late", a.value("days_overdue", 0)}});
  }
  auto tags = [&response](const char* name) {
    return response.is_object() ? Join(response.value(name, json::array())) : std::string();
  };
  return {{"number", r["number"]},
          {"recommendation_id", r.value("recommendation_id", "")},
          {"may_set_priority", may_set_priority},
          {"text", r.value("text", "")},
          {"category", response.is_object() ? response.value("category", "") : ""},
          // The sentence of the response's text the category was read from, when it was.
          {"category_inferred", response.is_object() ? response.value("category_inferred", json("")) : json("")},
          {"response", response.is_object() ? response.value("text", "") : ""},
          {"high_priority", r.value("priority", "") == events::kPriorityHigh},
          {"thematic_areas", tags("thematic_areas")},
          {"operating_principles", tags("operating_principles")},
          {"organizational_priorities", tags("organizational_priorities")},
          {"uneg_criteria", tags("uneg_criteria")},
          {"actions", std::move(actions)}};
}

Result<Reply> EvaluationPage(const WebContext& web, const RequestContext& ctx) {
  const std::string& id = ctx.PathParam("id");
  ApiClient api(*web.routes, ctx);
  MRTRACK_ASSIGN_OR_RETURN(json e, api.Get("/v1/evaluations/" + id, WithAsOf(ctx)));
  auto [period_from, period_to] = ClosurePeriod(web, ctx, e);
  Query summary_query = WithAsOf(ctx, {{"evaluation", id}});
  if (!period_from.empty() || !period_to.empty()) {
    summary_query.emplace("period_from", period_from);
    summary_query.emplace("period_to", period_to);
  }
  MRTRACK_ASSIGN_OR_RETURN(json summary, api.Get("/v1/summaries/evaluations", summary_query));

  const Language language = PageLanguage(ctx);
  json model = PageFrame(web, ctx, e.value("title", id), "evaluations");
  model["evaluation"] = {{"id", id},
                         {"title", e.value("title", "")},
                         {"office", e.value("office", "")},
                         {"region", e.value("region", "")},
                         {"plan_period", e.value("plan_period", "")},
                         {"approval_status", e.value("approval_status", "")},
                         {"overall_response", e.value("overall_response", "")}};
  const json& overall = summary["overall"];
  model["rates"] = {{"total", overall.value("total", 0)},
                    {"overdue", overall.value("overdue", 0)},
                    {"implementation_rate", Percent(overall["implementation_rate"])},
                    {"closure_rate", Percent(overall["closure_rate"])},
                    {"due_in_period", overall.value("due_in_period", 0)},
                    {"closed_in_period", overall.value("closed_in_period", 0)},
                    {"average_days_late", WholeDays(overall["average_days_late"])}};
  model["period_from"] = period_from;
  model["period_to"] = period_to;
  json recommendations = json::array();
  json all_actions = json::array();
  // Priorities are set on the present, not on a past day's page.
  const bool may_set_priority = MayValidate(ctx) && !QueryValue(ctx, "as_of");
  for (const auto& r : e["recommendations"]) {
    recommendations.push_back(RecommendationModel(r, all_actions, language, may_set_priority));
  }
  model["recommendations"] = std::move(recommendations);
  model["ageing"] = AgeingModel(all_actions, language);
  model["done"] = QueryValue(ctx, "done").value_or("");
  model["evaluation_id"] = id;  // For the forms inside the recommendations.
  return PageReply("evaluation", std::move(model));
}

// POST /evaluations/{id}/recommendations/{recommendation_id}/priority (validators, admins).
Result<Reply> SetPriority(const WebContext& web, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(PostedForm form, ReadPostedForm(ctx));
  ApiClient api(*web.routes, ctx);
  MRTRACK_RETURN_IF_ERROR(api.Post("/v1/recommendations/" + ctx.PathParam("recommendation_id") + "/priority",
                                   {{"priority", FormValue(form.fields, "priority")}})
                              .status());
  return Redirect("/evaluations/" + UrlEncode(ctx.PathParam("id")) + "?done=priority");
}

}  // namespace

void AddEvaluationPages(RouteTable& table, const WebContext& web) {
  table.Add({"GET", "/evaluations", "webEvaluations", Access::kWebSession,
             RouteDoc::Summary("The evaluations, with their actions and rates.").Query({AsOfParam()}),
             [web](const RequestContext& ctx) { return EvaluationsPage(web, ctx); }});
  table.Add({"GET", "/evaluations/{id}", "webEvaluation", Access::kWebSession,
             RouteDoc::Summary("One evaluation: recommendations, actions, rates and ageing.")
                 .Query({AsOfParam(),
                         {"period_from", "string", "First day of the closure-rate period (YYYY-MM-DD)."},
                         {"period_to", "string", "Last day of the closure-rate period (YYYY-MM-DD)."},
                         {"done", "string", "What the last form did."}}),
             [web](const RequestContext& ctx) { return EvaluationPage(web, ctx); }});
  table.Add({"POST", "/evaluations/{id}/recommendations/{recommendation_id}/priority", "webSetPriority",
             Access::kWebSession, RouteDoc::Summary("Set a recommendation's priority (validators, admins)."),
             [web](const RequestContext& ctx) { return SetPriority(web, ctx); }});
}

}  // namespace mrtrack::daemon::web
