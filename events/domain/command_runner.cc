#include "events/domain/command_runner.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <utility>

#include "common/crypto.h"
#include "events/domain/ids.h"
#include "events/domain/loading.h"

namespace mrtrack::events::internal {
namespace {

Status ConflictStatus(const ConflictInfo& info, std::uint64_t expected) {
  return Status(StatusCode::kConflict,
                "stream " + info.stream + " is at version " + std::to_string(info.actual_version) + ", expected " +
                    std::to_string(expected),
                "expected_version");
}

CommandResult ResultFor(std::string_view action_id, const RecordedEvent& event, bool deduplicated,
                        KeyActionState action) {
  CommandResult r;
  r.action_id = std::string(action_id);
  r.version = event.version;
  r.position = event.position;
  r.event_type = event.type;
  r.event_id = event.event_id;
  r.deduplicated = deduplicated;
  r.action = std::move(action);
  return r;
}

// The stream already holds ctx.event_id at events[index]: answer with the
// original result if it records the same change, else refuse the reused id.
Result<CommandResult> Replay(const CommandContext& ctx, std::string_view action_id, const LoadedKeyAction& loaded,
                             std::size_t index, const Decide& decide) {
  const RecordedEvent& stored = loaded.events[index];
  KeyActionState before;
  for (std::size_t i = 0; i < index; ++i) MRTRACK_RETURN_IF_ERROR(ApplyKeyActionEvent(before, loaded.events[i]));
  auto change = decide(before, stored.event_id);
  if (!change.ok() || change->type != stored.type || change->data != stored.data || ctx.actor != stored.actor) {
    return Status(StatusCode::kAlreadyExists,
                  "event id " + stored.event_id + " was already used for a different change (position " +
                      std::to_string(stored.position) + ")",
                  "event_id");
  }
  return ResultFor(action_id, stored, /*deduplicated=*/true, loaded.state);
}

// The action after `appended_version`: the loaded state plus the event just
// written, read back so that recorded_at is the store's.
Result<KeyActionState> StateAfter(const EventStore& store, const std::string& stream, KeyActionState state,
                                  std::uint64_t appended_version) {
  auto events = store.ReadStream(stream, state.version + 1, Direction::kForward,
                                 static_cast<std::size_t>(appended_version - state.version));
  if (!events.ok()) return events.status().WithContext("reading back the event just written to " + stream);
  for (const RecordedEvent& e : *events) MRTRACK_RETURN_IF_ERROR(ApplyKeyActionEvent(state, e));
  if (state.version != appended_version) {
    return Internal("reading back " + stream + " stopped at version " + std::to_string(state.version) +
                    " before the appended version " + std::to_string(appended_version));
  }
  return state;
}

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
  const std::string stream = ActionStream(action_id);
  // The store keeps event ids in lower case; so must the comparisons here.
  std::string client_event_id = ctx.event_id;
  std::transform(client_event_id.begin(), client_event_id.end(), client_event_id.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  // Nothing is written when an append conflicts, so retries reuse the id.
  const std::string event_id = client_event_id.empty() ? RandomUuid() : client_event_id;

  ConflictInfo last_conflict{stream, 0, true};
  for (int attempt = 0; attempt <= kCommandRetries; ++attempt) {
    MRTRACK_ASSIGN_OR_RETURN(LoadedKeyAction loaded, LoadKeyActionWithEvents(ctx.store, action_id));
    const KeyActionState& state = loaded.state;
    if (ctx.authorize) MRTRACK_RETURN_IF_ERROR(ctx.authorize(state));

    // The id is already in the stream when the client resends a command, or
    // when an earlier round's append landed although its answer was lost.
    for (std::size_t i = 0; i < loaded.events.size(); ++i) {
      if (loaded.events[i].event_id == event_id) return Replay(ctx, action_id, loaded, i, decide);
    }
    if (expected_version && *expected_version != state.version) {
      ConflictInfo info{stream, state.version, true};
      if (conflict != nullptr) *conflict = info;
      return ConflictStatus(info, *expected_version);
    }

    MRTRACK_ASSIGN_OR_RETURN(Change change, decide(state, event_id));
    NewEvent event;
    event.event_id = event_id;
    event.type = change.type;
    event.actor = ctx.actor;
    event.correlation_id = ctx.correlation_id;
    event.causation_id = ctx.causation_id;
    event.data = std::move(change.data);
    std::vector<AppendPart> parts;
    parts.push_back(AppendPart{stream, ExpectedVersion::Exact(state.version), {std::move(event)}});

    ConflictInfo info;
    auto appended = ctx.store.Append(std::move(parts), &info);
    if (appended.ok()) {
      // A deduplicated append means our id landed concurrently: the next
      // round finds it in the stream and answers from it.
      if (appended->deduplicated) continue;
      if (appended->stream_versions.size() != 1 || appended->positions.size() != 1) {
        return Internal("the store answered an append of one event with " +
                        std::to_string(appended->positions.size()) + " positions");
      }
      const std::uint64_t version = appended->stream_versions[0];
      MRTRACK_ASSIGN_OR_RETURN(KeyActionState after, StateAfter(ctx.store, stream, state, version));
      CommandResult result;
      result.action_id = std::string(action_id);
      result.version = version;
      result.position = appended->positions[0];
      result.event_type = change.type;
      result.event_id = event_id;
      result.action = std::move(after);
      return result;
    }
    if (appended.status().code() != StatusCode::kConflict) return appended.status();
    if (info.stream.empty()) info.stream = stream;
    if (expected_version) {
      if (conflict != nullptr) *conflict = info;
      return ConflictStatus(info, *expected_version);
    }
    last_conflict = info;  // Someone else wrote first: decide again on their result.
  }
  if (conflict != nullptr) *conflict = last_conflict;
  return Status(StatusCode::kConflict,
                "stream " + stream + " kept changing (" + std::to_string(kCommandRetries + 1) +
                    " attempts, last seen at version " + std::to_string(last_conflict.actual_version) +
                    "); try again",
                "expected_version");
}

}  // namespace mrtrack::events::internal
