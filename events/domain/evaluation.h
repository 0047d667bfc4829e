// The current state of one evaluation (header, recommendations, management
// responses), folded from its stream's events. Key actions live in their own
// streams (key_action.h).
//
// Fold rules (ApplyEvaluationEvent), per type of events/domain/event_types.h:
//   EvaluationRegistered        sets the header; must be the stream's first event
//   EvaluationUpdated           for each known field in changes: field = to
//                               (title, office, region, plan_period, office_type,
//                               approval_status, overall_response, source)
//   RecommendationAdded         inserts the recommendation in number order
//   RecommendationEdited        text = to
//   ManagementResponseRecorded  replaces the recommendation's response
//   RecommendationPriorityChanged  priority = to
//   anything else: ignored (still advances version and last_position)
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "events/event.h"

namespace mrtrack::events {

struct ManagementResponse {
  std::string text;
  std::string category;           // Accepted | Partially accepted | Rejected | "" (blank)
  std::string category_raw;
  std::string category_inferred;  // From the prose when the field is blank.
  std::vector<std::string> thematic_areas, operating_principles, organizational_priorities, uneg_criteria;
  bool operator==(const ManagementResponse&) const = default;
};

// The response's fields as ManagementResponseRecorded data, the views DB and
// the API carry them: text, category, category_raw, category_inferred,
// thematic_areas, operating_principles, organizational_priorities,
// uneg_criteria.
nlohmann::json ManagementResponseToJson(const ManagementResponse& response);

// How urgent the governing body holds a recommendation: set by an admin or
// validator, shown and filtered on (Recommendation::priority).
inline constexpr char kPriorityNormal[] = "normal";
inline constexpr char kPriorityHigh[] = "high";
bool IsPriority(std::string_view text);

struct Recommendation {
  std::string recommendation_id;
  int number = 0;
  std::string text;
  ManagementResponse response;
  std::string priority = kPriorityNormal;
  bool operator==(const Recommendation&) const = default;
};

struct EvaluationState {
  bool exists = false;
  std::uint64_t version = 0;
  std::uint64_t last_position = 0;
  std::string evaluation_id, title, office, region, plan_period, office_type, approval_status, overall_response;
  std::vector<Recommendation> recommendations;  // In number order.
  Timestamp created_at, updated_at;
  // The rendering last imported: data.source of EvaluationRegistered, or the
  // "source" change of EvaluationUpdated ({format, sha256}). Empty when absent.
  std::string source_format, source_sha256;

  const Recommendation* FindRecommendation(const std::string& id) const;
};

// Applies one event of the evaluation's stream. Unknown types are ignored;
// malformed data of a known type is kCorruption naming the position and the
// field. Events must come in stream order (version = state.version + 1 once
// state.version > 0). On error `state` is left unchanged. Never throws.
Status ApplyEvaluationEvent(EvaluationState& state, const RecordedEvent& event);

}  // namespace mrtrack::events
