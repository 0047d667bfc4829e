#include "events/domain/command_runner.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <utility>

#include "common/crypto.h"
#include "events/domain/ids.h"
#include "events/domain/key_action_states.h"

namespace mrtrack::events::internal {
namespace {

// Well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF), so
// that the event's JSON can be serialised.
bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80U) {
      ++i;
      continue;
    } else if ((c & 0xE0U) == 0xC0U) {
      extra = 1;
      cp = c & 0x1FU;
    } else if ((c & 0xF0U) == 0xE0U) {
      extra = 2;
      cp = c & 0x0FU;
    } else if ((c & 0xF8U) == 0xF0U) {
      extra = 3;
      cp = c & 0x07U;
    } else {
      return false;
    }
    if (extra > s.size() - 1 - i) return false;  // Cut off at the end.
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0U) != 0x80U) return false;
      cp = (cp << 6) | (cc & 0x3FU);
    }
    constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFFU || (cp >= 0xD800U && cp <= 0xDFFFU)) return false;
    i += extra + 1;
  }
  return true;
}

std::size_t CountCodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

}  // namespace

const config::WorkflowOptions& Workflow(const CommandContext& ctx) {
  static const config::WorkflowOptions kDefaults;
  return ctx.config != nullptr ? ctx.config->workflow : kDefaults;
}

Status CheckExtensionsLeft(const CommandContext& ctx, const KeyActionState& state) {
  const int max = Workflow(ctx).max_extensions;
  if (ctx.is_admin || state.extensions < max) return Status::Ok();
  return FailedPrecondition("the deadline was already extended " + std::to_string(state.extensions) +
                                " times (max_extensions = " + std::to_string(max) + "); only an admin may move it",
                            "deadline");
}

Result<std::string> CleanText(std::string_view text, const char* field, bool required) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  if (required && text.empty()) return InvalidArgument(std::string(field) + " is required", field);
  if (!IsValidUtf8(text)) return InvalidArgument(std::string(field) + " is not valid UTF-8", field);
  const std::size_t length = CountCodePoints(text);
  if (length > kMaxTextLength) {
    return InvalidArgument(std::string(field) + " has " + std::to_string(length) + " characters, more than " +
                               std::to_string(kMaxTextLength),
                           field);
  }
  return std::string(text);
}

Result<CommandResult> RunActionCommand(const CommandContext& ctx, std::string_view action_id,
                                       std::optional<std::uint64_t> expected_version, ConflictInfo* conflict,
                                       const Decide& decide) {
  if (ctx.actor.empty()) return InvalidArgument("a command needs an actor", "actor");
  if (!ctx.event_id.empty() && !IsUuid(ctx.event_id)) {
    return InvalidArgument("event id '" + ctx.event_id + "' is not a UUID", "event_id");
  }
  MRTRACK_RETURN_IF_ERROR(ValidateActionId(action_id));
  PendingCommand command;
  command.ctx = &ctx;
  command.action_id = std::string(action_id);
  command.expected_version = expected_version;
  command.decide = &decide;
  // The store keeps event ids in lower case; so must the comparisons here.
  command.event_id = ctx.event_id;
  std::transform(command.event_id.begin(), command.event_id.end(), command.event_id.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  command.client_event_id = !command.event_id.empty();
  // Nothing is written when an append conflicts, so retries reuse the id.
  if (!command.client_event_id) command.event_id = RandomUuid();

  if (ctx.states != nullptr) {
    if (&ctx.states->store() != &ctx.store) {
      return Internal("the command's key action states belong to another store");
    }
    ctx.states->Run(&command);
  } else {
    // No shared states: a queue of one, folded from the log.
    KeyActionStates local(ctx.store, KeyActionStatesOptions{.capacity = 1});
    local.Run(&command);
  }
  if (!command.result.ok() && command.result.status().code() == StatusCode::kConflict && conflict != nullptr) {
    *conflict = command.conflict;
  }
  return std::move(command.result);
}

}  // namespace mrtrack::events::internal
