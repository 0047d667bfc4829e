// ActionFacts: what the notifier needs to know about one key action, as a
// plain value, so planning does not depend on how the read side stores it.
// facts_from_projections.h fills them from the projections' ViewModel.
//
// Thread safety: a value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "common/clock.h"
#include "events/domain/status.h"

namespace mrtrack::notifier {

struct ActionFacts {
  std::string action_id;
  std::string evaluation_id;
  std::string evaluation_title;
  int recommendation_number = 0;
  int action_number = 0;    // Its position under the recommendation (1-based; 0 when unknown).
  std::string label;        // "1.1" when the source numbered the action, else "".
  std::string description;
  std::vector<std::string> units;  // Responsible unit ids (directory units only).
  std::optional<date::year_month_day> deadline;  // Last day the action is on time.
  events::ActionStatus status = events::ActionStatus::kNotInitiated;
  Timestamp created_at{};   // When the log first recorded it (an import).
  // When its stream last recorded a change (a comment, a status change, a
  // request or its decision, a deadline move, an edit): update requests
  // count from it.
  Timestamp updated_at{};
  int version = 0;          // Its stream's version (the calendar SEQUENCE).
};

}  // namespace mrtrack::notifier
