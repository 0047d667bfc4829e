#include "events/domain/recommendation_commands.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "common/crypto.h"
#include "events/domain/command_runner.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "events/domain/loading.h"

namespace mrtrack::events {
namespace {

// "<evaluation_id>-r<N>" to its evaluation id; nullopt when it is not of that shape.
std::optional<std::string> EvaluationOf(std::string_view recommendation_id) {
  const std::size_t r = recommendation_id.rfind("-r");
  if (r == std::string_view::npos || r == 0 || r + 2 >= recommendation_id.size()) return std::nullopt;
  for (std::size_t i = r + 2; i < recommendation_id.size(); ++i) {
    if (recommendation_id[i] < '0' || recommendation_id[i] > '9') return std::nullopt;
  }
  return std::string(recommendation_id.substr(0, r));
}

// Whether `stream` holds the event `event_id` (false for an empty id).
Result<bool> HasEvent(const EventStore& store, const std::string& stream, const std::string& event_id) {
  if (event_id.empty()) return false;
  MRTRACK_ASSIGN_OR_RETURN(auto events, store.ReadStream(stream, 1, Direction::kForward, std::numeric_limits<std::size_t>::max()));
  for (const auto& e : events) {
    if (e.event_id == event_id) return true;
  }
  return false;
}

}  // namespace

Result<RecommendationChange> SetRecommendationPriority(const CommandContext& ctx, std::string_view recommendation_id,
                                                       std::string_view priority, std::string_view reason) {
  if (ctx.actor.empty()) return InvalidArgument("a command needs an actor", "actor");
  if (!IsPriority(priority)) {
    return InvalidArgument("priority '" + std::string(priority) + "' is neither normal nor high", "priority");
  }
  MRTRACK_ASSIGN_OR_RETURN(std::string why, internal::CleanText(reason, "reason", /*required=*/false));
  const std::optional<std::string> evaluation_id = EvaluationOf(recommendation_id);
  if (!evaluation_id || !ValidateEvaluationId(*evaluation_id).ok()) {
    return InvalidArgument("'" + std::string(recommendation_id) + "' is not a recommendation id (<evaluation_id>-r<N>)",
                           "recommendation_id");
  }
  if (!ctx.event_id.empty() && !IsUuid(ctx.event_id)) {
    return InvalidArgument("event id '" + ctx.event_id + "' is not a UUID", "event_id");
  }
  std::string event_id = ctx.event_id;  // The store keeps event ids in lower case.
  std::transform(event_id.begin(), event_id.end(), event_id.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  const bool client_event_id = !event_id.empty();
  if (!client_event_id) event_id = RandomUuid();
  for (int attempt = 0;; ++attempt) {
    auto state = LoadEvaluation(ctx.store, *evaluation_id);
    if (!state.ok() && state.status().code() == StatusCode::kNotFound) {
      return NotFound("recommendation '" + std::string(recommendation_id) + "' not found", "recommendation_id");
    }
    if (!state.ok()) return state.status();
    const Recommendation* rec = state->FindRecommendation(std::string(recommendation_id));
    if (rec == nullptr) {
      return NotFound("recommendation '" + std::string(recommendation_id) + "' not found", "recommendation_id");
    }
    RecommendationChange out;
    out.evaluation_id = *evaluation_id;
    out.recommendation_id = rec->recommendation_id;
    out.priority = std::string(priority);
    NewEvent event;
    event.event_id = event_id;
    event.type = types::kRecommendationPriorityChanged;
    event.actor = ctx.actor;
    event.correlation_id = ctx.correlation_id;
    event.causation_id = ctx.causation_id;
    event.data = {{"evaluation_id", *evaluation_id},
                  {"recommendation_id", rec->recommendation_id},
                  {"from", rec->priority},
                  {"to", out.priority},
                  {"reason", why}};
    if (rec->priority == priority) {
      // The same request again (its event id already stored) is answered as the first time.
      MRTRACK_ASSIGN_OR_RETURN(bool stored, HasEvent(ctx.store, EvaluationStream(*evaluation_id), client_event_id ? event_id : std::string()));
      if (stored) {
        out.version = state->version;
        out.event_id = event_id;
        out.deduplicated = true;
        return out;
      }
      return FailedPrecondition("recommendation " + rec->recommendation_id + " is already of " + out.priority +
                                    " priority",
                                "priority");
    }
    ConflictInfo conflict;
    auto appended =
        ctx.store.Append({{EvaluationStream(*evaluation_id), ExpectedVersion::Exact(state->version), {event}}}, &conflict);
    if (!appended.ok()) {
      if (appended.status().code() == StatusCode::kConflict && attempt < kCommandRetries) continue;
      return appended.status();
    }
    out.version = appended->stream_versions.front();
    out.position = appended->positions.front();
    out.event_id = event_id;
    out.deduplicated = appended->deduplicated;
    return out;
  }
}

}  // namespace mrtrack::events
