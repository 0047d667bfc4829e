// Recommendation routes: the priority an admin or validator gives one
// (docs/API.md "Recommendations").
#include "daemon/server/command_support.h"
#include "daemon/server/routes.h"
#include "events/domain/evaluation.h"
#include "events/domain/event_types.h"
#include "events/domain/recommendation_commands.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

Result<Reply> SetPriority(const Services& services, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
  JsonFields fields(body);
  MRTRACK_ASSIGN_OR_RETURN(std::string priority, fields.RequiredString("priority"));
  MRTRACK_ASSIGN_OR_RETURN(auto reason, fields.OptionalString("reason"));
  MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
  MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
  if (options.expected_version) {
    return InvalidArgument("expected_version is for key actions; a priority change needs none", "expected_version");
  }
  events::CommandContext command = MakeCommandContext(services, ctx, options);
  MRTRACK_ASSIGN_OR_RETURN(
      events::RecommendationChange change,
      events::SetRecommendationPriority(command, ctx.PathParam("id"), priority, reason.value_or("")));
  AwaitViews(services, change.position);
  return Reply::Json({{"recommendation_id", change.recommendation_id},
                      {"evaluation_id", change.evaluation_id},
                      {"priority", change.priority},
                      {"event", {{"event_id", change.event_id}, {"position", change.position}, {"version", change.version},
                                 {"type", events::types::kRecommendationPriorityChanged}}},
                      {"deduplicated", change.deduplicated}});
}

}  // namespace

void AddRecommendationRoutes(RouteTable& table, Services& services) {
  json schema = {{"type", "object"},
                 {"additionalProperties", false},
                 {"required", {"priority"}},
                 {"properties",
                  {{"priority", {{"type", "string"}, {"enum", {events::kPriorityNormal, events::kPriorityHigh}}}},
                   {"reason", {{"type", "string"}}},
                   {"event_id",
                    {{"type", "string"},
                     {"format", "uuid"},
                     {"description", "Makes a retry idempotent: the same id is answered from the stored event."}}}}}};
  table.Add({"POST", "/v1/recommendations/{id}/priority", "setRecommendationPriority", Access::kValidate,
             RouteDoc::Summary("Set a recommendation's priority (normal or high); its key actions carry it and "
                               "GET /v1/actions?priority= filters on it.")
                 .Body(std::move(schema))
                 .Errors({400, 404, 413, 422}),
             [&services](const RequestContext& ctx) { return SetPriority(services, ctx); }});
}

}  // namespace mrtrack::daemon
