// Loading the current state of one key action or evaluation by reading its
// own (short) stream from the store and folding it. No log scans: the cost is
// one stream read, proportional to the number of events of that entity.
//
// Thread safety: safe to call concurrently (the store is).
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "events/domain/evaluation.h"
#include "events/domain/key_action.h"
#include "events/event.h"
#include "events/store.h"

namespace mrtrack::events {

// The action's state as of its stream's last event.
// Errors: kInvalidArgument (field "action_id") for an id that cannot exist,
// kNotFound (field "action_id") when the stream holds no such action,
// kCorruption from the fold, the store's read errors.
Result<KeyActionState> LoadKeyAction(const EventStore& store, std::string_view action_id);

// Likewise for an evaluation (field "evaluation_id").
Result<EvaluationState> LoadEvaluation(const EventStore& store, std::string_view evaluation_id);

// The state and every event it was folded from, in version order (for the
// command handlers' idempotency check and for histories).
struct LoadedKeyAction {
  KeyActionState state;
  std::vector<RecordedEvent> events;
};
Result<LoadedKeyAction> LoadKeyActionWithEvents(const EventStore& store, std::string_view action_id);

}  // namespace mrtrack::events
