// The five key-action commands of commands.h: argument checks and the rules
// that turn a loaded state into one event. The load/append/retry loop is in
// command_runner.cc.
#include <algorithm>

#include "common/message_text.h"
#include "common/time.h"
#include "events/domain/command_runner.h"
#include "events/domain/commands.h"
#include "events/domain/event_types.h"

namespace mrtrack::events {
namespace {

using internal::Change;
using internal::CleanText;
using internal::RunActionCommand;

// Drops repeated ids (keeping the first), checks each against the unit
// directory when there is one, and makes the default text.
struct CheckedUnits {
  std::vector<std::string> ids;
  std::string names;  // Display names (or ids without a config) joined by ", ".
};

Result<CheckedUnits> CheckUnits(const std::vector<std::string>& units, const config::Config* config) {
  if (units.empty()) return InvalidArgument("at least one unit is required", "units");
  CheckedUnits out;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const std::string& id = units[i];
    const std::string field = "units[" + std::to_string(i) + "]";
    if (id.empty()) return InvalidArgument("unit id is empty", field);
    // Unit ids are [a-z0-9-]+ (config/config.h); checked without a directory too.
    if (!std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; })) {
      return InvalidArgument("a unit id may contain only lower-case letters, digits and '-'", field);
    }
    if (std::find(out.ids.begin(), out.ids.end(), id) != out.ids.end()) continue;
    std::string name = id;
    if (config != nullptr) {
      const config::Unit* unit = config->FindUnit(id);
      if (unit == nullptr) return InvalidArgument("unknown unit " + MessageValue(id, '\''), field);
      if (!unit->name.empty()) name = unit->name;
    }
    if (!out.names.empty()) out.names += ", ";
    out.names += name;
    out.ids.push_back(id);
  }
  return out;
}

bool SameUnits(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

}  // namespace

Result<CommandResult> ChangeStatus(const CommandContext& ctx, std::string_view action_id, ActionStatus to,
                                   std::string_view reason, std::optional<std::uint64_t> expected_version,
                                   ConflictInfo* conflict) {
  MRTRACK_ASSIGN_OR_RETURN(std::string why, CleanText(reason, "reason", /*required=*/false));
  return RunActionCommand(ctx, action_id, expected_version, conflict,
                          [&](const KeyActionState& state, const std::string&) -> Result<Change> {
                            MRTRACK_RETURN_IF_ERROR(CheckTransition(state.status, to, why));
                            if (IsTerminal(to) && !ctx.may_validate && internal::Workflow(ctx).closure_validation) {
                              return FailedPrecondition(
                                  std::string("setting ") + StatusLabel(to) +
                                      " needs a validator: request it with POST /v1/actions/" + state.action_id +
                                      "/completion-requests",
                                  "status");
                            }
                            return Change{types::kKeyActionStatusChanged,
                                          {{"action_id", state.action_id},
                                           {"from", StatusLabel(state.status)},
                                           {"to", StatusLabel(to)},
                                           {"reason", why},
                                           {"status_raw", StatusLabel(to)}}};
                          });
}

Result<CommandResult> ChangeDeadline(const CommandContext& ctx, std::string_view action_id,
                                     const std::optional<Deadline>& to, std::string_view justification,
                                     std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  MRTRACK_ASSIGN_OR_RETURN(std::string why, CleanText(justification, "justification", /*required=*/true));
  if (to && !to->date.ok()) return InvalidArgument("the new deadline is not a calendar date", "deadline");
  return RunActionCommand(ctx, action_id, expected_version, conflict,
                          [&](const KeyActionState& state, const std::string&) -> Result<Change> {
                            if (state.deadline == to) {
                              return FailedPrecondition(to ? "the deadline is already " + FormatDate(to->date)
                                                           : std::string("the action already has no deadline"),
                                                        "deadline");
                            }
                            const config::WorkflowOptions& workflow = internal::Workflow(ctx);
                            if (state.deadline && !ctx.may_validate && workflow.closure_validation) {
                              return FailedPrecondition(
                                  "moving a deadline needs a validator: request it with POST /v1/actions/" +
                                      state.action_id + "/extension-requests",
                                  "deadline");
                            }
                            MRTRACK_RETURN_IF_ERROR(internal::CheckExtensionsLeft(ctx, state));
                            return Change{types::kKeyActionDeadlineChanged,
                                          {{"action_id", state.action_id},
                                           {"from", DeadlineToJson(state.deadline)},
                                           {"to", DeadlineToJson(to)},
                                           {"justification", why},
                                           {"extension", ctx.is_admin && state.deadline.has_value()}}};
                          });
}

Result<CommandResult> ChangeResponsible(const CommandContext& ctx, std::string_view action_id,
                                        const std::vector<std::string>& units, std::string_view text,
                                        std::string_view reason, std::optional<std::uint64_t> expected_version,
                                        ConflictInfo* conflict) {
  MRTRACK_ASSIGN_OR_RETURN(CheckedUnits checked, CheckUnits(units, ctx.config));
  MRTRACK_ASSIGN_OR_RETURN(std::string given_text, CleanText(text, "text", /*required=*/false));
  MRTRACK_ASSIGN_OR_RETURN(std::string why, CleanText(reason, "reason", /*required=*/false));
  Responsible next;
  next.text = given_text.empty() ? checked.names : given_text;
  next.units = checked.ids;
  next.match = "manual";
  return RunActionCommand(ctx, action_id, expected_version, conflict,
                          [&](const KeyActionState& state, const std::string&) -> Result<Change> {
                            // Without a text of its own, a command naming the units the action
                            // already has changes nothing (unless it settles unmatched parts).
                            if (SameUnits(state.responsible.units, next.units) && state.responsible.unmatched.empty() &&
                                (given_text.empty() || given_text == state.responsible.text)) {
                              return FailedPrecondition("the action is already assigned to " + state.responsible.text,
                                                        "units");
                            }
                            return Change{types::kKeyActionResponsibleChanged,
                                          {{"action_id", state.action_id},
                                           {"from", ResponsibleToJson(state.responsible)},
                                           {"to", ResponsibleToJson(next)},
                                           {"reason", why}}};
                          });
}

Result<CommandResult> AddComment(const CommandContext& ctx, std::string_view action_id, std::string_view text,
                                 std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  return AddComment(ctx, action_id, text, {}, expected_version, conflict);
}

Result<CommandResult> AddComment(const CommandContext& ctx, std::string_view action_id, std::string_view text,
                                 const std::vector<EvidenceRef>& evidence,
                                 std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  MRTRACK_ASSIGN_OR_RETURN(std::string body, CleanText(text, "text", /*required=*/true));
  return RunActionCommand(
      ctx, action_id, expected_version, conflict,
      [&](const KeyActionState& state, const std::string& event_id) -> Result<Change> {
        // The comment is named by the event that adds it.
        nlohmann::json data = {
            {"action_id", state.action_id}, {"comment_id", event_id}, {"author", ctx.actor}, {"text", body}};
        // Without evidence the data stays as it always was.
        if (!evidence.empty()) data["evidence"] = EvidenceListToJson(evidence);
        return Change{types::kKeyActionCommentAdded, std::move(data)};
      });
}

Result<CommandResult> EditDescription(const CommandContext& ctx, std::string_view action_id, std::string_view text,
                                      std::optional<std::uint64_t> expected_version, ConflictInfo* conflict) {
  MRTRACK_ASSIGN_OR_RETURN(std::string body, CleanText(text, "text", /*required=*/true));
  return RunActionCommand(ctx, action_id, expected_version, conflict,
                          [&](const KeyActionState& state, const std::string&) -> Result<Change> {
                            if (state.description == body) {
                              return FailedPrecondition("the description is unchanged", "text");
                            }
                            return Change{types::kKeyActionDescriptionEdited,
                                          {{"action_id", state.action_id}, {"from", state.description}, {"to", body}}};
                          });
}

}  // namespace mrtrack::events
