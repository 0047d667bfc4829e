// Commands on a recommendation, written to its evaluation's stream: the
// priority an admin or validator gives it (who may is the caller's check).
//
// Errors: kInvalidArgument (field "actor", "recommendation_id", "priority",
// "reason"), kNotFound (field "recommendation_id"), kFailedPrecondition
// (field "priority") when it already has that priority, the store's.
//
// Thread safety: may run concurrently from any thread; a concurrent write to
// the same evaluation (an import) is retried on the new state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "events/domain/commands.h"

namespace mrtrack::events {

struct RecommendationChange {
  std::string evaluation_id;
  std::string recommendation_id;
  std::string priority;        // After the change.
  std::uint64_t version = 0;   // The evaluation stream's version after it.
  std::uint64_t position = 0;  // The event's global position.
  std::string event_id;
  bool deduplicated = false;   // The event id was already stored: nothing was written.
};

// Sets the priority (kPriorityNormal or kPriorityHigh of evaluation.h). Uses
// ctx.actor, correlation_id and event_id (idempotency) of the context.
// Writes RecommendationPriorityChanged {evaluation_id, recommendation_id, from, to, reason}.
Result<RecommendationChange> SetRecommendationPriority(const CommandContext& ctx, std::string_view recommendation_id,
                                                       std::string_view priority, std::string_view reason);

}  // namespace mrtrack::events
