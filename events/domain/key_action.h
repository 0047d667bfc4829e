// The current state of one key action, folded from its stream's events.
// Used by command handlers (to validate) and by projections (to show).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/domain/deadline.h"
#include "events/domain/status.h"
#include "events/event.h"

namespace mrtrack::events {

struct Responsible {
  std::string text;                    // As published or as entered.
  std::vector<std::string> units;      // Unit ids.
  std::vector<std::string> unmatched;  // Parts that match no unit.
  std::string match;                   // alias | heuristic | column | manual | none
  bool operator==(const Responsible&) const = default;
};
nlohmann::json ResponsibleToJson(const Responsible& r);
Responsible ResponsibleFromJson(const nlohmann::json& j);

struct Comment {
  std::string comment_id;
  std::string author;
  std::string text;
  Timestamp at;
};

struct KeyActionState {
  bool exists = false;
  std::uint64_t version = 0;           // Stream version folded so far.
  std::uint64_t last_position = 0;     // Global position of the last event folded.
  std::string action_id, evaluation_id, recommendation_id;
  int number = 0;
  std::string label, scope, description;
  Responsible responsible;
  std::optional<Deadline> deadline;
  ActionStatus status = ActionStatus::kNotInitiated;
  std::string status_raw;
  std::vector<Comment> comments;
  Timestamp created_at, updated_at;
  std::optional<Timestamp> completed_at;  // When it last became Completed.
};

// Applies one event of the action's stream. Unknown types are ignored (forward
// compatibility); malformed data of a known type is kCorruption.
Status ApplyKeyActionEvent(KeyActionState& state, const RecordedEvent& event);

}  // namespace mrtrack::events
