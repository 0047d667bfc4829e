#include "daemon/server/command_support.h"

#include <chrono>

#include "common/message_text.h"
#include "daemon/server/auth.h"
#include "daemon/server/runtime_config.h"
#include "daemon/server/view_access.h"
#include "events/domain/ids.h"
#include "events/evidence/evidence_store.h"
#include "projections/projections.h"

namespace mrtrack::daemon {
namespace {

// How long a write waits for the views to show it (read-your-writes).
constexpr std::chrono::seconds kViewWait{10};

}  // namespace

bool AwaitViews(const Services& services, std::uint64_t position) {
  if (services.projections->Position() >= position) return true;
  // The follower applies the log in batches; a write waits on a condition for
  // the batch holding its position rather than catching up itself.
  if (services.views_followed == nullptr || !services.views_followed->load()) {
    auto applied = services.projections->CatchUp();
    if (!applied.ok()) return false;
  }
  return services.projections->WaitForPosition(position, kViewWait);
}

nlohmann::json CommandSchema(nlohmann::json properties, std::vector<std::string> required) {
  properties["expected_version"] = {{"type", "integer"},
                                    {"minimum", 0},
                                    {"description", "The action's version the client last saw; 409 when it moved on."}};
  properties["event_id"] = {
      {"type", "string"},
      {"format", "uuid"},
      {"description", "Makes a retry idempotent: the same id is answered from the stored event."}};
  return {{"type", "object"},
          {"additionalProperties", false},
          {"properties", std::move(properties)},
          {"required", std::move(required)}};
}

Result<std::vector<events::EvidenceRef>> ResolveEvidence(const Services& services,
                                                         const std::vector<std::string>& hashes) {
  std::vector<events::EvidenceRef> out;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    const std::string field = "evidence[" + std::to_string(i) + "]";
    if (services.evidence == nullptr) return InvalidArgument("this server keeps no evidence", field);
    auto ref = services.evidence->Find(hashes[i]);
    if (!ref.ok()) {
      // An unknown file is a mistake in the request, not a missing route.
      return InvalidArgument(ref.status().message(), field);
    }
    out.push_back(std::move(*ref));
  }
  return out;
}

Result<nlohmann::json> ParseCommandBody(const RequestContext& ctx) {
  std::string type = ctx.ContentType();
  if (!type.empty() && type != "application/json") {
    return InvalidArgument("must be application/json, not " + MessageValue(type, '\0'), "Content-Type");
  }
  return ParseJsonObject(ctx.body);
}

events::CommandContext MakeCommandContext(const Services& services, const RequestContext& ctx,
                                          const CommandOptions& options) {
  events::CommandContext command(*services.store, ctx.Actor());
  command.correlation_id = ctx.request_id;
  command.event_id = options.event_id;
  command.config = &ctx.runtime->config();
  command.states = services.action_states;
  if (ctx.principal) {
    Principal principal = *ctx.principal;
    command.may_validate = principal.role == config::Role::kAdmin || principal.role == config::Role::kValidator;
    command.is_admin = principal.role == config::Role::kAdmin;
    // A validator reaches only the routes that decide requests (kValidate),
    // which are not limited to units.
    if (principal.role != config::Role::kValidator) {
      command.authorize = [principal](const events::KeyActionState& state) {
        return CheckMayChangeAction(principal, state.responsible.units);
      };
    }
  }
  return command;
}

Result<Reply> RunCommand(const Services& services, const RequestContext& ctx, const CommandOptions& options,
                         const CommandCall& call, bool answers_request_id) {
  events::CommandContext command = MakeCommandContext(services, ctx, options);
  events::ConflictInfo conflict;
  Result<events::CommandResult> result = call(command, &conflict);
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kConflict) return Reply::Error(result.status(), conflict.actual_version);
    return result.status();
  }
  nlohmann::json event = {{"event_id", result->event_id},
                          {"position", result->position},
                          {"version", result->version},
                          {"type", result->event_type}};
  nlohmann::json action = nullptr;
  if (AwaitViews(services, result->position)) {
    auto row = services.projections->GetAction(result->action_id, QueryTimeAt(ctx, services.clock->Now()));
    if (row.ok()) action = projections::ActionRowToJson(*row);
  }
  nlohmann::json answer = {
      {"action", std::move(action)}, {"event", std::move(event)}, {"deduplicated", result->deduplicated}};
  if (answers_request_id) answer["request_id"] = result->event_id;
  return Reply::Json(answer);
}

}  // namespace mrtrack::daemon
