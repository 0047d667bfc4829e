// History routes: every event of one key action, or of one evaluation and
// all its key actions, with actor, time and before -> after, read from the
// log itself. `as_of` cuts the history at a position or instant.
#include "daemon/server/json_io.h"
#include "daemon/server/routes.h"
#include "events/store.h"
#include "projections/as_of.h"
#include "projections/history.h"
#include "projections/projections.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

bool Included(const projections::HistoryEntry& entry, const projections::AsOf& as_of) {
  switch (as_of.kind) {
    case projections::AsOf::Kind::kHead:
      return true;
    case projections::AsOf::Kind::kPosition:
      return entry.position <= as_of.position;
    case projections::AsOf::Kind::kTime:
      return entry.recorded_at <= as_of.time;
  }
  return true;
}

Result<Reply> HistoryReply(const Services& services, const projections::AsOf& as_of, const char* id_field,
                           const std::string& id, Result<std::vector<projections::HistoryEntry>> entries) {
  if (!entries.ok()) return entries.status();
  if (as_of.kind == projections::AsOf::Kind::kPosition && as_of.position > services.store->HeadPosition()) {
    return InvalidArgument("position " + std::to_string(as_of.position) + " is past the head of the log", "as_of");
  }
  json items = json::array();
  for (const auto& entry : *entries) {
    if (Included(entry, as_of)) items.push_back(projections::HistoryEntryToJson(entry));
  }
  if (items.empty())
    return NotFound(std::string(id_field) + " '" + id + "' did not exist as of " + as_of.ToString(), id_field);
  return Reply::Json({{id_field, id}, {"position", services.store->HeadPosition()}, {"items", std::move(items)}});
}

}  // namespace

void AddHistoryRoutes(RouteTable& table, Services& services) {
  table.Add({"GET", "/v1/actions/{id}/history", "getActionHistory", Access::kHistory,
             RouteDoc::Summary("Every change of one key action: who, when, from what to what.")
                 .Query({AsOfParam()})
                 .Errors({404}),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
               const std::string& id = ctx.PathParam("id");
               return HistoryReply(services, as_of, "action_id", id, projections::ActionHistory(*services.store, id));
             }});

  table.Add({"GET", "/v1/evaluations/{id}/history", "getEvaluationHistory", Access::kHistory,
             RouteDoc::Summary("Every change of one evaluation and of all its key actions, in log order.")
                 .Query({AsOfParam()})
                 .Errors({404}),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
               const std::string& id = ctx.PathParam("id");
               auto action_ids = services.projections->ActionIdsOfEvaluation(id);
               if (!action_ids.ok()) {
                 if (action_ids.status().code() != StatusCode::kNotFound) return action_ids.status();
                 action_ids = std::vector<std::string>();  // Unknown to the views: the log decides.
               }
               return HistoryReply(services, as_of, "evaluation_id", id,
                                   projections::EvaluationHistory(*services.store, id, *action_ids));
             }});
}

}  // namespace mrtrack::daemon
