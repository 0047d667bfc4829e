#include "events/domain/loading.h"

#include <functional>

#include "events/domain/ids.h"

namespace mrtrack::events {
namespace {

// Events per ReadStream call; streams are short, so one call is the rule.
constexpr std::size_t kPageSize = 1000;

// Reads `stream` from version 1 to its end, handing each event to `visit`.
Status ReadWholeStream(const EventStore& store, const std::string& stream,
                       const std::function<Status(RecordedEvent&&)>& visit) {
  std::uint64_t from = 1;
  while (true) {
    auto page = store.ReadStream(stream, from, Direction::kForward, kPageSize);
    if (!page.ok()) {
      // A store may report a missing stream as kNotFound or as an empty page;
      // both mean "nothing to fold".
      if (page.status().code() == StatusCode::kNotFound) return Status::Ok();
      return page.status().WithContext("reading " + stream);
    }
    const std::size_t n = page->size();
    for (RecordedEvent& e : *page) MRTRACK_RETURN_IF_ERROR(visit(std::move(e)));
    if (n < kPageSize) return Status::Ok();
    from += n;
  }
}

}  // namespace

Result<LoadedKeyAction> LoadKeyActionWithEvents(const EventStore& store, std::string_view action_id) {
  MRTRACK_RETURN_IF_ERROR(ValidateActionId(action_id));
  LoadedKeyAction loaded;
  MRTRACK_RETURN_IF_ERROR(ReadWholeStream(store, ActionStream(action_id), [&](RecordedEvent&& e) {
    MRTRACK_RETURN_IF_ERROR(ApplyKeyActionEvent(loaded.state, e));
    loaded.events.push_back(std::move(e));
    return Status::Ok();
  }));
  if (!loaded.state.exists) {
    return NotFound("key action '" + std::string(action_id) + "' not found", "action_id");
  }
  return loaded;
}

Result<KeyActionState> LoadKeyAction(const EventStore& store, std::string_view action_id) {
  MRTRACK_RETURN_IF_ERROR(ValidateActionId(action_id));
  KeyActionState state;
  MRTRACK_RETURN_IF_ERROR(ReadWholeStream(store, ActionStream(action_id),
                                          [&](RecordedEvent&& e) { return ApplyKeyActionEvent(state, e); }));
  if (!state.exists) return NotFound("key action '" + std::string(action_id) + "' not found", "action_id");
  return state;
}

Result<EvaluationState> LoadEvaluation(const EventStore& store, std::string_view evaluation_id) {
  MRTRACK_RETURN_IF_ERROR(ValidateEvaluationId(evaluation_id));
  EvaluationState state;
  MRTRACK_RETURN_IF_ERROR(ReadWholeStream(store, EvaluationStream(evaluation_id),
                                          [&](RecordedEvent&& e) { return ApplyEvaluationEvent(state, e); }));
  if (!state.exists) {
    return NotFound("evaluation '" + std::string(evaluation_id) + "' not found", "evaluation_id");
  }
  return state;
}

}  // namespace mrtrack::events
