// Internal to ImportEvaluation: the events one import will append, computed
// per stream from what was loaded and what was parsed. Pure: no store access.
// The envelope fields common to the whole import (actor, correlation id) are
// filled in by ImportEvaluation.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "events/domain/evaluation.h"
#include "events/domain/key_action.h"
#include "events/import/parsed_evaluation.h"
#include "events/store.h"

namespace mrtrack::events::import {

struct StreamPlan {
  AppendPart part;                   // stream, expected version, events (maybe none)
  std::vector<std::string> changes;  // One line per event, for the report.
  std::vector<ImportWarning> warnings;
};

// The evaluation stream: registration or header/recommendation/response changes.
// `current` is nullptr when the evaluation does not exist yet.
StreamPlan PlanEvaluation(const std::string& evaluation_id, const ParsedEvaluation& parsed,
                          const EvaluationState* current);

// What a key action's stream says, and what the imports wrote into it.
struct LoadedAction {
  KeyActionState current;
  // The values the last import recorded per field (the published text as last seen).
  std::string imported_description;
  Responsible imported_responsible;
  std::optional<Deadline> imported_deadline;
  ActionStatus imported_status = ActionStatus::kNotInitiated;
  std::string imported_comment;  // Last comment authored "import", "" when none.
};

// Folds the events of one action stream and notes the imported values.
Result<LoadedAction> FoldLoadedAction(const std::vector<RecordedEvent>& events);

struct ActionAddress {
  std::string evaluation_id, recommendation_id, action_id;
  int number = 0;  // Position under the recommendation, 1-based.
};

// One action stream: KeyActionAdded (+ comment) when `loaded` is nullptr, else
// the changes of the published values since the last import.
StreamPlan PlanAction(const ActionAddress& address, const ParsedKeyAction& parsed, const LoadedAction* loaded);

}  // namespace mrtrack::events::import
