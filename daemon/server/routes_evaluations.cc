// Evaluation routes: the list and one evaluation with its recommendations,
// management responses and key actions. History lives in routes_history.cc.
#include "common/time.h"
#include "daemon/server/routes.h"
#include "daemon/server/view_access.h"
#include "projections/action_query.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

json HeaderJson(const events::EvaluationState& e, std::size_t key_actions) {
  return {{"evaluation_id", e.evaluation_id},
          {"title", e.title},
          {"office", e.office},
          {"region", e.region},
          {"plan_period", e.plan_period},
          {"office_type", e.office_type},
          {"approval_status", e.approval_status},
          {"recommendations", e.recommendations.size()},
          {"key_actions", key_actions},
          {"version", e.version},
          {"last_position", e.last_position},
          {"created_at", FormatTimestamp(e.created_at)},
          {"updated_at", FormatTimestamp(e.updated_at)},
          {"source", {{"format", e.source_format}, {"sha256", e.source_sha256}}}};
}

std::size_t ActionCount(const projections::ViewModel& model, const std::string& evaluation_id) {
  auto it = model.actions_by_evaluation().find(evaluation_id);
  return it == model.actions_by_evaluation().end() ? 0 : it->second.size();
}

}  // namespace

void AddEvaluationRoutes(RouteTable& table, Services& services) {
  std::vector<QueryParam> list_params = {AsOfParam()};
  for (auto& p : PageParams()) list_params.push_back(p);

  table.Add({"GET", "/v1/evaluations", "listEvaluations", Access::kView,
             RouteDoc::Summary("List evaluations (headers and counts), by id.").Query(list_params),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(Page page, QueryPage(ctx));
               MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
               json body;
               MRTRACK_RETURN_IF_ERROR(ReadModel(services, ctx, as_of, [&](const auto& model, const auto&) -> Status {
                 json items = json::array();
                 std::size_t index = 0;
                 for (const auto& [id, evaluation] : model.evaluations()) {
                   if (!evaluation.exists) continue;
                   if (index >= page.offset && items.size() < page.limit)
                     items.push_back(HeaderJson(evaluation, ActionCount(model, id)));
                   ++index;
                 }
                 body = PageJson(std::move(items), index, page, model.position());
                 return Status::Ok();
               }));
               return Reply::Json(std::move(body));
             }});

  table.Add({"GET", "/v1/evaluations/{id}", "getEvaluation", Access::kView,
             RouteDoc::Summary("One evaluation with its recommendations, management responses and key actions.")
                 .Query({AsOfParam()})
                 .Errors({404}),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
               const std::string& id = ctx.PathParam("id");
               json body;
               MRTRACK_RETURN_IF_ERROR(
                   ReadModel(services, ctx, as_of, [&](const auto& model, const auto& time) -> Status {
                     const events::EvaluationState* evaluation = model.FindEvaluation(id);
                     if (evaluation == nullptr || !evaluation->exists)
                       return NotFound("no evaluation '" + id + "'", "evaluation_id");
                     projections::ActionQuery query;
                     query.filter.evaluation_id = id;
                     MRTRACK_ASSIGN_OR_RETURN(auto actions, projections::ListActions(model, query, time));
                     body = HeaderJson(*evaluation, actions.total);
                     body["overall_response"] = evaluation->overall_response;
                     json recommendations = json::array();
                     for (const auto& r : evaluation->recommendations) {
                       json rows = json::array();
                       for (const auto& row : actions.rows) {
                         if (row.recommendation_id == r.recommendation_id)
                           rows.push_back(projections::ActionRowToJson(row));
                       }
                       recommendations.push_back({{"recommendation_id", r.recommendation_id},
                                                  {"number", r.number},
                                                  {"text", r.text},
                                                  {"priority", r.priority},
                                                  {"management_response", events::ManagementResponseToJson(r.response)},
                                                  {"key_actions", std::move(rows)}});
                     }
                     body["recommendations"] = std::move(recommendations);
                     body["position"] = model.position();
                     return Status::Ok();
                   }));
               return Reply::Json(std::move(body));
             }});
}

}  // namespace mrtrack::daemon
