// The shared loop behind every key-action command: authorize, replay an
// already stored event id, check the expected version, decide, append, retry
// on a conflict with a writer outside the queue when the caller did not ask for
// optimistic concurrency. The queue and the cached states are
// key_action_states.h's; this is what a leader does with one batch.
// Internal to events/domain; commands.h is the public face.
//
// Thread safety: as commands.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/mutex.h"
#include "common/status.h"
#include "events/domain/commands.h"

namespace mrtrack::events::internal {

// The one event a command wants to write.
struct Change {
  std::string type;
  nlohmann::json data;
};

// Decides the change for the current state of the action, or refuses it
// (kFailedPrecondition). Must be a pure function of its arguments: it is also
// used to recognise a replayed event id by recomputing the original change.
using Decide = std::function<Result<Change>(const KeyActionState& state, const std::string& event_id)>;

// One command waiting in KeyActionStates' queue of its action.
struct PendingCommand {
  const CommandContext* ctx = nullptr;
  std::string action_id;
  std::optional<std::uint64_t> expected_version;
  const Decide* decide = nullptr;
  std::string event_id;  // Lower case: the client's or a fresh UUID.
  bool client_event_id = false;

  // The answer; `conflict` is set with a kConflict result.
  Result<CommandResult> result = Status(StatusCode::kInternal, "the command was not run");
  ConflictInfo conflict;

  // Guarded by the KeyActionStates' mutex.
  bool done = false;  // Answered.
  bool lead = false;  // Handed the queue: this command's thread decides the next batch.
  CondVar cv;
};

struct BatchOutcome {
  bool folded_whole_stream = false;  // The state was not cached (or could not be caught up).
  bool appended = false;
};

// Decides and appends `batch` (commands on `stream`, in order) on `state`: the
// action as of some earlier version of the log, or nullopt to fold it from
// the log. Leaves every command's answer in it and `state` at the log's
// version after the batch (nullopt when it could not be read).
BatchOutcome RunBatch(EventStore& store, const std::string& stream, const std::vector<PendingCommand*>& batch,
                      std::optional<KeyActionState>& state);

Result<CommandResult> RunActionCommand(const CommandContext& ctx, std::string_view action_id,
                                       std::optional<std::uint64_t> expected_version, ConflictInfo* conflict,
                                       const Decide& decide);

// The [workflow] options of ctx.config, or the defaults without a config.
const config::WorkflowOptions& Workflow(const CommandContext& ctx);

// Without ctx.is_admin: kFailedPrecondition (field "deadline") once the
// action has [workflow] max_extensions extensions.
Status CheckExtensionsLeft(const CommandContext& ctx, const KeyActionState& state);

// Trims surrounding blanks and enforces kMaxTextLength; `required` texts must
// not be blank. Errors are kInvalidArgument with `field`.
Result<std::string> CleanText(std::string_view text, const char* field, bool required);

}  // namespace mrtrack::events::internal
