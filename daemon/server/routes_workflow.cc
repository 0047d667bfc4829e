// The follow-up workflow's routes on key actions: completion requests and
// extension requests, and their acceptance or rejection by a validator
// (docs/API.md "Requests"). Evidence files are routes_evidence.cc's.
#include "daemon/server/command_support.h"
#include "daemon/server/routes.h"
#include "events/domain/deadline.h"
#include "events/domain/status.h"
#include "events/domain/workflow_commands.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

Result<events::Deadline> ParseDeadlineField(const std::string& text) {
  auto parsed = events::ParseDeadline(text);
  if (!parsed.ok()) return InvalidArgument(parsed.status().message(), "deadline");
  return *parsed;
}

// A decision route: POST <base>/{request_id}/<verb> with {<text_field>}.
using Decision = Result<events::CommandResult> (*)(const events::CommandContext&, std::string_view, std::string_view,
                                                   std::string_view, std::optional<std::uint64_t>,
                                                   events::ConflictInfo*);

void AddDecisionRoute(RouteTable& table, Services& services, const std::string& base, const std::string& verb,
                      std::string name, std::string summary, const std::string& text_field, bool required,
                      Decision decide) {
  std::vector<std::string> required_fields;
  if (required) required_fields.push_back(text_field);
  table.Add({"POST", base + "/{request_id}/" + verb, std::move(name), Access::kValidate,
             RouteDoc::Summary(std::move(summary))
                 .Body(CommandSchema({{text_field, {{"type", "string"}}}}, required_fields))
                 .Errors(kCommandErrors),
             [&services, text_field, required, decide](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
               JsonFields fields(body);
               std::string text;
               if (required) {
                 MRTRACK_ASSIGN_OR_RETURN(text, fields.RequiredString(text_field));
               } else {
                 MRTRACK_ASSIGN_OR_RETURN(auto optional, fields.OptionalString(text_field));
                 text = optional.value_or("");
               }
               MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
               MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
               return RunCommand(services, ctx, options, [&](const auto& command, auto* conflict) {
                 return decide(command, ctx.PathParam("id"), ctx.PathParam("request_id"), text,
                               options.expected_version, conflict);
               });
             }});
}

}  // namespace

void AddWorkflowRoutes(RouteTable& table, Services& services) {
  const std::string completions = "/v1/actions/{id}/completion-requests";
  table.Add(
      {"POST", completions, "requestCompletion", Access::kCommand,
       RouteDoc::Summary("Ask a validator to end the action (Completed, or No Longer Applicable with a note), with "
                         "evidence files uploaded before; supersedes an open request.")
           .Body(CommandSchema({{"outcome", {{"type", "string"}, {"enum", {"Completed", "No Longer Applicable"}}}},
                                {"note", {{"type", "string"}}},
                                {"evidence",
                                 {{"type", "array"},
                                  {"items", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                                  {"description", "SHA-256 of files uploaded with POST /v1/evidence."}}}},
                               {"outcome"}))
           .Errors(kCommandErrors),
       [&services](const RequestContext& ctx) -> Result<Reply> {
         MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
         JsonFields fields(body);
         MRTRACK_ASSIGN_OR_RETURN(std::string label, fields.RequiredString("outcome"));
         MRTRACK_ASSIGN_OR_RETURN(auto note, fields.OptionalString("note"));
         MRTRACK_ASSIGN_OR_RETURN(auto hashes, fields.OptionalStringArray("evidence"));
         MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
         MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
         auto outcome = events::ParseStatus(label);
         if (!outcome.ok() || !events::IsTerminal(*outcome)) {
           return InvalidArgument("'" + label + "' is not an outcome (Completed, No Longer Applicable)", "outcome");
         }
         MRTRACK_ASSIGN_OR_RETURN(auto evidence, ResolveEvidence(services, hashes));
         return RunCommand(
             services, ctx, options,
             [&](const auto& command, auto* conflict) {
               return events::RequestCompletion(command, ctx.PathParam("id"), *outcome, note.value_or(""), evidence,
                                                options.expected_version, conflict);
             },
             /*answers_request_id=*/true);
       }});
  AddDecisionRoute(table, services, completions, "accept", "acceptCompletion",
                   "Accept the open completion request: the action takes its outcome.", "note", false,
                   events::AcceptCompletion);
  AddDecisionRoute(table, services, completions, "reject", "rejectCompletion",
                   "Reject the open completion request with a reason; the status stays and the unit is told.",
                   "reason", true, events::RejectCompletion);

  const std::string extensions = "/v1/actions/{id}/extension-requests";
  table.Add({"POST", extensions, "requestExtension", Access::kCommand,
             RouteDoc::Summary("Ask a validator for a new deadline, with a reason; supersedes an open request.")
                 .Body(CommandSchema({{"deadline",
                                       {{"type", "string"}, {"description", "YYYY/MM, YYYY-MM or YYYY-MM-DD."}}},
                                      {"reason", {{"type", "string"}}}},
                                     {"deadline", "reason"}))
                 .Errors(kCommandErrors),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
               JsonFields fields(body);
               MRTRACK_ASSIGN_OR_RETURN(std::string text, fields.RequiredString("deadline"));
               MRTRACK_ASSIGN_OR_RETURN(std::string reason, fields.RequiredString("reason"));
               MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
               MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
               MRTRACK_ASSIGN_OR_RETURN(events::Deadline deadline, ParseDeadlineField(text));
               return RunCommand(
                   services, ctx, options,
                   [&](const auto& command, auto* conflict) {
                     return events::RequestExtension(command, ctx.PathParam("id"), deadline, reason,
                                                     options.expected_version, conflict);
                   },
                   /*answers_request_id=*/true);
             }});
  AddDecisionRoute(table, services, extensions, "accept", "acceptExtension",
                   "Accept the open extension request: the deadline moves and counts one extension.", "note", false,
                   events::AcceptExtension);
  AddDecisionRoute(table, services, extensions, "reject", "rejectExtension",
                   "Reject the open extension request with a reason; the deadline stays and the unit is told.",
                   "reason", true, events::RejectExtension);
}

}  // namespace mrtrack::daemon
