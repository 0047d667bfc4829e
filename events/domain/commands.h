// The write side for people: commands that change one key action.
//
// Each command validates its arguments, takes the action's folded state (held
// in memory by KeyActionStates, key_action_states.h, and caught up from the
// log), checks the rules against that state (status transitions, no-op
// changes), builds exactly one event carrying before -> after (shapes in
// event_types.h) and appends it with ExpectedVersion::Exact(v), where v is the
// version the command was decided on.
//
// Concurrency: the commands on one action are decided one after the other,
// each on the state the ones before it left, and appended together.
// - expected_version given: it must equal the action's version when the
//   command's turn comes, else kConflict (field "expected_version";
//   `conflict` receives the stream and its actual version) and nothing is
//   written.
// - expected_version omitted: the command applies to whatever state its turn
//   finds (the rules are checked on it), so concurrent commands never
//   conflict with each other. A race with a writer that bypasses the queue (an
//   import) is retried on the new state (up to kCommandRetries more times).
//
// Idempotency: when CommandContext::event_id is set and the action's stream
// already holds that event id, the command returns the original result with
// deduplicated = true (if it is the same change) or kAlreadyExists (if the id
// was used for a different change), and writes nothing.
//
// Errors, in the order they are checked:
//   kInvalidArgument    bad arguments (field names the argument: "actor",
//                       "event_id", "action_id", "reason", "justification",
//                       "units", "units[i]", "text")
//   kNotFound           no such action (field "action_id")
//   kPermissionDenied   whatever CommandContext::authorize returns
//   kAlreadyExists      event_id reused for a different change (field "event_id")
//   kConflict           expected version mismatch (field "expected_version")
//   kFailedPrecondition the rules forbid it now (same status, leaving a
//                       terminal status without a reason, a no-op change)
//   others              from the store (kIoError, kCorruption, ...)
//
// Thread safety: commands may run concurrently from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "config/config.h"
#include "events/domain/deadline.h"
#include "events/domain/key_action.h"
#include "events/domain/status.h"
#include "events/store.h"

namespace mrtrack::events {

class KeyActionStates;

// Free texts (comments, reasons, descriptions) longer than this many
// characters (Unicode code points) are kInvalidArgument.
inline constexpr std::size_t kMaxTextLength = 10000;
// How many times a command without an expected version is retried after a
// conflicting write that did not go through the action's queue.
inline constexpr int kCommandRetries = 3;

// Who runs a command and with what. One context per request:
//   CommandContext ctx(store, token.name);
//   ctx.correlation_id = request_id;
struct CommandContext {
  CommandContext(EventStore& s, std::string a) : store(s), actor(std::move(a)) {}

  EventStore& store;
  // Required. Recorded as the event's actor and as a comment's author.
  std::string actor;
  // Default: empty. Groups the events of one request (the HTTP request id).
  std::string correlation_id;
  // Default: empty. The event or command that caused this one.
  std::string causation_id;
  // Default: empty (a fresh UUID is made). A client-supplied UUID for the one
  // event the command writes: sending the same command again with the same id
  // is answered from the stored event (see "Idempotency" above).
  std::string event_id;
  // Default: none. When given, unit ids are checked against its directory and
  // responsible texts default to the units' display names.
  const config::Config* config = nullptr;
  // Default: true (trusted callers: the command line on a data directory,
  // tests). Whether the caller may decide requests (roles admin and
  // validator). Without it, and with [workflow] closure_validation, a status
  // change to Completed or No Longer Applicable is refused (it needs a
  // completion request), and so is moving a deadline the action already has
  // (it needs an extension request).
  bool may_validate = true;
  // Default: true. Whether the caller is an admin: an admin's direct deadline
  // change counts as an extension, and only an admin moves a deadline that
  // was already extended [workflow] max_extensions times.
  bool is_admin = true;
  // Default: none. Called with the loaded action before anything is checked
  // against it (e.g. an editor may only change actions of its units); a
  // non-OK status is returned as is. Runs again on every retry.
  std::function<Status(const KeyActionState&)> authorize;
  // Default: none (the action is folded from the log for this command alone).
  // The daemon's shared states: commands decide on the cached state and
  // queue behind the others on the same action. Must use `store`.
  KeyActionStates* states = nullptr;
};

struct CommandResult {
  std::string action_id;
  std::uint64_t version = 0;   // The action's stream version after the change (the event's version).
  std::uint64_t position = 0;  // The event's global position.
  std::string event_type;      // e.g. "KeyActionStatusChanged" (types:: in event_types.h).
  std::string event_id;
  bool deduplicated = false;   // True when the event was already stored (nothing written).
  KeyActionState action;       // The action's state after the change.
};

// Sets the status. `reason` may be empty except to leave a terminal status.
// Without ctx.may_validate and with closure validation on, Completed and No
// Longer Applicable are kFailedPrecondition (field "status").
// Writes KeyActionStatusChanged {action_id, from, to, reason, status_raw}.
Result<CommandResult> ChangeStatus(const CommandContext& ctx, std::string_view action_id, ActionStatus to,
                                   std::string_view reason,
                                   std::optional<std::uint64_t> expected_version = std::nullopt,
                                   ConflictInfo* conflict = nullptr);

// Moves or clears (nullopt) the deadline. `justification` is required. The
// same day again is kFailedPrecondition (field "deadline"); so is, without
// ctx.may_validate and with closure validation on, moving a deadline the
// action has, and, without ctx.is_admin, any move once the action has
// max_extensions extensions.
// Writes KeyActionDeadlineChanged {action_id, from, to, justification,
// extension}; extension = ctx.is_admin and the action had a deadline.
Result<CommandResult> ChangeDeadline(const CommandContext& ctx, std::string_view action_id,
                                     const std::optional<Deadline>& to, std::string_view justification,
                                     std::optional<std::uint64_t> expected_version = std::nullopt,
                                     ConflictInfo* conflict = nullptr);

// Reassigns the action to `units` (at least one; duplicates are dropped; with
// a config each must be a unit of its directory, else field "units[i]").
// `text` defaults to the units' display names joined by ", ". The units the
// action already has (in any order), with no text or its current text, is
// kFailedPrecondition (field "units"), unless the action has unmatched parts
// (a manual assignment settles them).
// Writes KeyActionResponsibleChanged {action_id, from, to, reason}, to.match = "manual".
Result<CommandResult> ChangeResponsible(const CommandContext& ctx, std::string_view action_id,
                                        const std::vector<std::string>& units, std::string_view text,
                                        std::string_view reason,
                                        std::optional<std::uint64_t> expected_version = std::nullopt,
                                        ConflictInfo* conflict = nullptr);

// Adds a comment by ctx.actor; its time is the event's recorded_at and its
// comment_id the event id. `text` is required, at most kMaxTextLength.
// Writes KeyActionCommentAdded {action_id, comment_id, author, text}.
Result<CommandResult> AddComment(const CommandContext& ctx, std::string_view action_id, std::string_view text,
                                 std::optional<std::uint64_t> expected_version = std::nullopt,
                                 ConflictInfo* conflict = nullptr);
// The same with evidence files attached (resolved by the caller); the event's
// data then also has "evidence": [Evidence].
Result<CommandResult> AddComment(const CommandContext& ctx, std::string_view action_id, std::string_view text,
                                 const std::vector<EvidenceRef>& evidence,
                                 std::optional<std::uint64_t> expected_version = std::nullopt,
                                 ConflictInfo* conflict = nullptr);

// Replaces the description. `text` is required; unchanged text is
// kFailedPrecondition (field "text").
// Writes KeyActionDescriptionEdited {action_id, from, to}.
Result<CommandResult> EditDescription(const CommandContext& ctx, std::string_view action_id,
                                      std::string_view text,
                                      std::optional<std::uint64_t> expected_version = std::nullopt,
                                      ConflictInfo* conflict = nullptr);

}  // namespace mrtrack::events
