// The current state of one evaluation (header, recommendations, management
// responses), folded from its stream's events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

struct Recommendation {
  std::string recommendation_id;
  int number = 0;
  std::string text;
  ManagementResponse response;
};

struct EvaluationState {
  bool exists = false;
  std::uint64_t version = 0;
  std::uint64_t last_position = 0;
  std::string evaluation_id, title, office, region, plan_period, office_type, approval_status, overall_response;
  std::vector<Recommendation> recommendations;  // In number order.
  Timestamp created_at, updated_at;

  const Recommendation* FindRecommendation(const std::string& id) const;
};

Status ApplyEvaluationEvent(EvaluationState& state, const RecordedEvent& event);

}  // namespace mrtrack::events
