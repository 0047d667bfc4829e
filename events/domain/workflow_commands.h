// The follow-up workflow's commands (DESIGN.md "The follow-up workflow"): a
// unit requests completion or an extension, a validator accepts or rejects.
// They run like the commands of commands.h (load, authorize, idempotency,
// expected version, one event, retry) and report errors the same way; each
// names the event it writes (shapes in event_types.h).
//
// Request ids are the request event's id. One request of each kind is open
// per action; a new one supersedes the open one (data.supersedes names it).
// Deciding needs ctx.may_validate (else kPermissionDenied); a request id that
// is not the open one is kFailedPrecondition (field "request_id").
//
// Thread safety: as commands.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/domain/commands.h"
#include "events/domain/workflow_state.h"

namespace mrtrack::events {

// `outcome` must be Completed or No Longer Applicable (else kInvalidArgument,
// field "outcome"); No Longer Applicable needs a `note` (the reason: superseded,
// risk accepted, not feasible; field "note"). A terminal action, or an outcome
// equal to the status, is kFailedPrecondition (field "outcome"). Evidence
// files are given resolved (the daemon looks them up in its evidence store);
// the same file twice is kInvalidArgument (field "evidence[i]").
// Writes KeyActionCompletionRequested.
Result<CommandResult> RequestCompletion(const CommandContext& ctx, std::string_view action_id, ActionStatus outcome,
                                        std::string_view note, const std::vector<EvidenceRef>& evidence,
                                        std::optional<std::uint64_t> expected_version = std::nullopt,
                                        ConflictInfo* conflict = nullptr);

// Sets the status to the request's outcome. Writes KeyActionCompletionAccepted.
Result<CommandResult> AcceptCompletion(const CommandContext& ctx, std::string_view action_id,
                                       std::string_view request_id, std::string_view note,
                                       std::optional<std::uint64_t> expected_version = std::nullopt,
                                       ConflictInfo* conflict = nullptr);

// `reason` is required (field "reason"). The status stays; the event names the
// action's units so that they are told. Writes KeyActionCompletionRejected.
Result<CommandResult> RejectCompletion(const CommandContext& ctx, std::string_view action_id,
                                       std::string_view request_id, std::string_view reason,
                                       std::optional<std::uint64_t> expected_version = std::nullopt,
                                       ConflictInfo* conflict = nullptr);

// `reason` is required. A terminal action, or the current deadline again, is
// kFailedPrecondition (field "deadline"); so is, without ctx.is_admin, an
// action already extended max_extensions times.
// Writes KeyActionExtensionRequested.
Result<CommandResult> RequestExtension(const CommandContext& ctx, std::string_view action_id,
                                       const Deadline& deadline, std::string_view reason,
                                       std::optional<std::uint64_t> expected_version = std::nullopt,
                                       ConflictInfo* conflict = nullptr);

// Moves the deadline to the request's and counts an extension; without
// ctx.is_admin, refused once max_extensions is reached (field "deadline").
// Writes KeyActionExtensionAccepted.
Result<CommandResult> AcceptExtension(const CommandContext& ctx, std::string_view action_id,
                                      std::string_view request_id, std::string_view note,
                                      std::optional<std::uint64_t> expected_version = std::nullopt,
                                      ConflictInfo* conflict = nullptr);

// `reason` is required. Writes KeyActionExtensionRejected.
Result<CommandResult> RejectExtension(const CommandContext& ctx, std::string_view action_id,
                                      std::string_view request_id, std::string_view reason,
                                      std::optional<std::uint64_t> expected_version = std::nullopt,
                                      ConflictInfo* conflict = nullptr);

}  // namespace mrtrack::events
