// The rules of the workflow commands (workflow_commands.h); the load/append/
// retry loop is command_runner.cc's.
#include "events/domain/workflow_commands.h"

#include "common/time.h"
#include "events/domain/command_runner.h"
#include "events/domain/event_types.h"
#include "events/domain/workflow_events.h"

namespace mrtrack::events {
namespace {

using internal::Change;
using internal::CleanText;
using internal::RunActionCommand;

Status NeedValidator(const CommandContext& ctx) {
  if (ctx.may_validate) return Status::Ok();
  return Status(StatusCode::kPermissionDenied,
                "'" + ctx.actor + "' may not decide requests: that is for a validator or an admin");
}

// The open request must be `request_id`.
template <typename Request>
Status CheckOpen(const std::optional<Request>& open, std::string_view request_id, const char* kind) {
  if (open && open->request_id == request_id) return Status::Ok();
  return FailedPrecondition(std::string("request ") + std::string(request_id) + " is not the open " + kind +
                                " request of this action" +
                                (open ? " (the open one is " + open->request_id + ")" : std::string(" (none is open)")),
                            "request_id");
}

// What every decision shares: only a validator decides; the request id and
// the text (`field`: "note" optional, "reason" required) are checked first.
template <typename Rule>
Result<CommandResult> Decide(const CommandContext& ctx, std::string_view action_id, std::string_view request_id,
                             std::string_view text, const char* field, std::optional<std::uint64_t> expected_version,
                             ConflictInfo* conflict, Rule rule) {
  MRTRACK_RETURN_IF_ERROR(NeedValidator(ctx));
  MRTRACK_ASSIGN_OR_RETURN(std::string id, CleanText(request_id, "request_id", /*required=*/true));
  MRTRACK_ASSIGN_OR_RETURN(std::string clean, CleanText(text, field, /*required=*/std::string_view(field) == "reason"));
  return RunActionCommand(ctx, action_id, expected_version, conflict,
                          [&](const KeyActionState& state, const std::string&) { return rule(state, id, clean); });
}

}  // namespace

Result<CommandResult> RequestCompletion(const CommandContext& ctx, std::string_view action_id, ActionStatus outcome,
                                        std::string_view note, const std::vector<EvidenceRef>& evidence,
                                        std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  if (!IsTerminal(outcome)) {
    return InvalidArgument("a completion request's outcome is Completed or No Longer Applicable", "outcome");
  }
  MRTRACK_ASSIGN_OR_RETURN(std::string text,
                           CleanText(note, "note", /*required=*/outcome == ActionStatus::kNoLongerApplicable));
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (evidence[k].sha256 == evidence[i].sha256) {
        return InvalidArgument("the same evidence file is given twice", "evidence[" + std::to_string(i) + "]");
      }
    }
  }
  return RunActionCommand(ctx, action_id, expected_version, conflict,
                          [&](const KeyActionState& state, const std::string& event_id) -> Result<Change> {
                            if (IsTerminal(state.status)) {
                              return FailedPrecondition(std::string("the action is already ") +
                                                            StatusLabel(state.status),
                                                        "outcome");
                            }
                            const std::string supersedes =
                                state.pending_request ? state.pending_request->request_id : std::string();
                            return Change{types::kKeyActionCompletionRequested,
                                          CompletionRequestedData(state.action_id, event_id, outcome, text, evidence,
                                                                  supersedes)};
                          });
}

Result<CommandResult> AcceptCompletion(const CommandContext& ctx, std::string_view action_id,
                                       std::string_view request_id, std::string_view note,
                                       std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  return Decide(ctx, action_id, request_id, note, "note", expected_version, conflict,
                [](const KeyActionState& state, const std::string& id, const std::string& text) -> Result<Change> {
                  MRTRACK_RETURN_IF_ERROR(CheckOpen(state.pending_request, id, "completion"));
                  // The request's note is the closure's reason when the validator adds none.
                  const std::string why = text.empty() ? state.pending_request->note : text;
                  return Change{types::kKeyActionCompletionAccepted,
                                CompletionAcceptedData(state.action_id, id, state.status,
                                                       state.pending_request->outcome, why)};
                });
}

Result<CommandResult> RejectCompletion(const CommandContext& ctx, std::string_view action_id,
                                       std::string_view request_id, std::string_view reason,
                                       std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  return Decide(ctx, action_id, request_id, reason, "reason", expected_version, conflict,
                [](const KeyActionState& state, const std::string& id, const std::string& why) -> Result<Change> {
                  MRTRACK_RETURN_IF_ERROR(CheckOpen(state.pending_request, id, "completion"));
                  return Change{types::kKeyActionCompletionRejected,
                                CompletionRejectedData(state.action_id, id, state.pending_request->outcome, why,
                                                       state.responsible.units)};
                });
}

Result<CommandResult> RequestExtension(const CommandContext& ctx, std::string_view action_id,
                                       const Deadline& deadline, std::string_view reason,
                                       std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  MRTRACK_ASSIGN_OR_RETURN(std::string why, CleanText(reason, "reason", /*required=*/true));
  if (!deadline.date.ok()) return InvalidArgument("the new deadline is not a calendar date", "deadline");
  return RunActionCommand(ctx, action_id, expected_version, conflict,
                          [&](const KeyActionState& state, const std::string& event_id) -> Result<Change> {
                            if (IsTerminal(state.status)) {
                              return FailedPrecondition(std::string("the action is already ") +
                                                            StatusLabel(state.status),
                                                        "deadline");
                            }
                            if (state.deadline == deadline) {
                              return FailedPrecondition("the deadline is already " + FormatDate(deadline.date),
                                                        "deadline");
                            }
                            MRTRACK_RETURN_IF_ERROR(internal::CheckExtensionsLeft(ctx, state));
                            const std::string supersedes =
                                state.pending_extension ? state.pending_extension->request_id : std::string();
                            return Change{types::kKeyActionExtensionRequested,
                                          ExtensionRequestedData(state.action_id, event_id, state.deadline, deadline,
                                                                 why, supersedes)};
                          });
}

Result<CommandResult> AcceptExtension(const CommandContext& ctx, std::string_view action_id,
                                      std::string_view request_id, std::string_view note,
                                      std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  return Decide(ctx, action_id, request_id, note, "note", expected_version, conflict,
                [&ctx](const KeyActionState& state, const std::string& id, const std::string& text) -> Result<Change> {
                  MRTRACK_RETURN_IF_ERROR(CheckOpen(state.pending_extension, id, "extension"));
                  MRTRACK_RETURN_IF_ERROR(internal::CheckExtensionsLeft(ctx, state));
                  return Change{types::kKeyActionExtensionAccepted,
                                ExtensionAcceptedData(state.action_id, id, state.deadline,
                                                      state.pending_extension->deadline, text)};
                });
}

Result<CommandResult> RejectExtension(const CommandContext& ctx, std::string_view action_id,
                                      std::string_view request_id, std::string_view reason,
                                      std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  return Decide(ctx, action_id, request_id, reason, "reason", expected_version, conflict,
                [](const KeyActionState& state, const std::string& id, const std::string& why) -> Result<Change> {
                  MRTRACK_RETURN_IF_ERROR(CheckOpen(state.pending_extension, id, "extension"));
                  return Change{types::kKeyActionExtensionRejected,
                                ExtensionRejectedData(state.action_id, id, state.pending_extension->deadline, why,
                                                      state.responsible.units)};
                });
}

}  // namespace mrtrack::events
