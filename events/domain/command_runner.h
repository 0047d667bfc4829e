// The shared loop behind every key-action command: load, authorize, replay an
// already stored event id, check the expected version, decide, append, retry
// on conflict when the caller did not ask for optimistic concurrency.
// Internal to events/domain; commands.h is the public face.
//
// Thread safety: as commands.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

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

Result<CommandResult> RunActionCommand(const CommandContext& ctx, std::string_view action_id,
                                       std::optional<std::uint64_t> expected_version, ConflictInfo* conflict,
                                       const Decide& decide);

// Trims surrounding blanks and enforces kMaxTextLength; `required` texts must
// not be blank. Errors are kInvalidArgument with `field`.
Result<std::string> CleanText(std::string_view text, const char* field, bool required);

}  // namespace mrtrack::events::internal
