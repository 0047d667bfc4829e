// Key-action routes: the list and detail views and the five commands.
// History lives in routes_history.cc.
#include "common/time.h"
#include "common/message_text.h"
#include "daemon/server/command_support.h"
#include "daemon/server/routes.h"
#include "daemon/server/view_access.h"
#include "events/domain/deadline.h"
#include "events/domain/evaluation.h"
#include "events/domain/status.h"
#include "projections/comment_page.h"
#include "projections/projections.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;


Result<projections::ActionQuery> ParseListQuery(const RequestContext& ctx) {
  projections::ActionQuery query;
  auto& f = query.filter;
  f.units = QueryValues(ctx, "unit");
  for (const std::string& label : QueryValues(ctx, "status")) {
    auto status = events::ParseStatus(label);
    if (!status.ok()) {
      return InvalidArgument(
          MessageValue(label, '\'') + " is not a status (Not Initiated, Initiated, Ongoing, Completed, No Longer Applicable)",
          "status");
    }
    f.statuses.push_back(*status);
  }
  MRTRACK_ASSIGN_OR_RETURN(f.overdue, QueryBool(ctx, "overdue"));
  MRTRACK_ASSIGN_OR_RETURN(f.stale, QueryBool(ctx, "stale"));
  MRTRACK_ASSIGN_OR_RETURN(auto open, QueryBool(ctx, "open"));
  f.open_only = open.value_or(false);
  MRTRACK_ASSIGN_OR_RETURN(auto unmatched, QueryBool(ctx, "unmatched"));
  f.unmatched_only = unmatched.value_or(false);
  MRTRACK_ASSIGN_OR_RETURN(f.due_on_or_before, QueryDate(ctx, "due_before"));
  MRTRACK_ASSIGN_OR_RETURN(f.due_on_or_after, QueryDate(ctx, "due_after"));
  f.evaluation_id = QueryValue(ctx, "evaluation");
  f.priority = QueryValue(ctx, "priority");
  if (f.priority && !events::IsPriority(*f.priority)) {
    return InvalidArgument(MessageValue(*f.priority, '\'') + " is not a priority (normal, high)", "priority");
  }
  f.text = QueryValue(ctx, "q").value_or("");
  std::string sort = QueryValue(ctx, "sort").value_or("natural");
  if (sort == "deadline") {
    query.sort = projections::ActionSort::kDeadline;
  } else if (sort != "natural") {
    return InvalidArgument("must be natural or deadline", "sort");
  }
  std::string order = QueryValue(ctx, "order").value_or("asc");
  if (order != "asc" && order != "desc") return InvalidArgument("must be asc or desc", "order");
  query.descending = order == "desc";
  MRTRACK_ASSIGN_OR_RETURN(Page page, QueryPage(ctx));
  query.offset = page.offset;
  query.limit = page.limit;
  // A page shows comment_count and last_comment; the comments themselves
  // are in the detail view and GET /v1/actions/{id}/comments.
  query.with_comments = false;
  return query;
}

json CommentsJson(const std::vector<events::Comment>& comments) {
  json out = json::array();
  for (const auto& c : comments) out.push_back(projections::CommentToJson(c));
  return out;
}

// The commands whose body is {"text"} and the common fields.
using TextCommand = Result<events::CommandResult> (*)(const events::CommandContext&, std::string_view,
                                                      std::string_view, std::optional<std::uint64_t>,
                                                      events::ConflictInfo*);

void AddTextCommandRoute(RouteTable& table, Services& services, std::string path, std::string name,
                         std::string summary, TextCommand command_fn) {
  table.Add({"POST", std::move(path), std::move(name), Access::kCommand,
             RouteDoc::Summary(std::move(summary))
                 .Body(CommandSchema({{"text", {{"type", "string"}}}}, {"text"}))
                 .Errors(kCommandErrors),
             [&services, command_fn](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
               JsonFields fields(body);
               MRTRACK_ASSIGN_OR_RETURN(std::string text, fields.RequiredString("text"));
               MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
               MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
               return RunCommand(services, ctx, options, [&](const auto& command, auto* conflict) {
                 return command_fn(command, ctx.PathParam("id"), text, options.expected_version, conflict);
               });
             }});
}

}  // namespace

void AddActionRoutes(RouteTable& table, Services& services) {
  std::vector<QueryParam> list_params = {
      {"unit", "string",
       "Only actions whose responsible units include this unit id; repeat or comma-separate for any of several.", true},
      {"status", "string", "Only actions in this status (canonical label); repeat or comma-separate for several.",
       true},
      {"overdue", "boolean", "true: only overdue actions; false: only actions not overdue."},
      {"stale", "boolean",
       "true: only open actions without an update for [workflow] update_request_every (stale); false: the others."},
      {"open", "boolean", "true: only actions that are not Completed or No Longer Applicable."},
      {"unmatched", "boolean", "true: only actions whose responsible text matched no unit."},
      {"due_before", "string", "Deadline on or before this date (YYYY-MM-DD)."},
      {"due_after", "string", "Deadline on or after this date (YYYY-MM-DD)."},
      {"evaluation", "string", "Only actions of this evaluation id."},
      {"priority", "string", "Only actions of recommendations of this priority: normal or high."},
      {"q", "string", "Case-insensitive text in the description, responsible text or recommendation."},
      {"sort", "string", "natural (evaluation, recommendation, action) or deadline. Default: natural."},
      {"order", "string", "asc or desc. Default: asc."},
      AsOfParam()};
  for (auto& p : PageParams()) list_params.push_back(p);

  table.Add({"GET", "/v1/actions", "listActions", Access::kView,
             RouteDoc::Summary("List key actions, filtered and paged.").Query(list_params),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(auto query, ParseListQuery(ctx));
               MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
               json body;
               MRTRACK_RETURN_IF_ERROR(
                   ReadModel(services, ctx, as_of, [&](const auto& model, const auto& time) -> Status {
                     MRTRACK_ASSIGN_OR_RETURN(auto page, projections::ListActions(model, query, time));
                     json items = json::array();
                     for (const auto& row : page.rows) items.push_back(projections::ActionRowToJson(row));
                     body = PageJson(std::move(items), page.total, Page{query.limit, query.offset}, page.position);
                     return Status::Ok();
                   }));
               return Reply::Json(std::move(body));
             }});

  table.Add(
      {"GET", "/v1/actions/{id}", "getAction", Access::kView,
       RouteDoc::Summary("One key action with comment_count and its last 5 comments (the rest: listComments).")
           .Query({AsOfParam()})
           .Errors({404}),
       [&services](const RequestContext& ctx) -> Result<Reply> {
         MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
         const std::string& id = ctx.PathParam("id");
         json body;
         MRTRACK_RETURN_IF_ERROR(ReadModel(services, ctx, as_of, [&](const auto& model, const auto& time) -> Status {
           MRTRACK_ASSIGN_OR_RETURN(auto row, projections::GetActionRow(model, id, time));
           body = projections::ActionRowToJson(row);
           body["position"] = model.position();
           return Status::Ok();
         }));
         return Reply::Json(std::move(body));
       }});

  std::vector<QueryParam> comment_params = PageParams();
  comment_params.push_back(AsOfParam());
  table.Add({"GET", "/v1/actions/{id}/comments", "listComments", Access::kView,
             RouteDoc::Summary("A page of one key action's comments, oldest first.").Query(comment_params).Errors({404}),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(Page page, QueryPage(ctx));
               MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
               const std::string& id = ctx.PathParam("id");
               json body;
               MRTRACK_RETURN_IF_ERROR(ReadModel(services, ctx, as_of, [&](const auto& model, const auto&) -> Status {
                 MRTRACK_ASSIGN_OR_RETURN(auto comments, projections::ListComments(model, id, page.offset, page.limit));
                 body = PageJson(CommentsJson(comments.comments), comments.total, page, comments.position);
                 return Status::Ok();
               }));
               return Reply::Json(std::move(body));
             }});

  table.Add({"POST", "/v1/actions/{id}/status", "changeStatus", Access::kCommand,
             RouteDoc::Summary("Set the status; a reason is needed to leave Completed or No Longer Applicable.")
                 .Body(CommandSchema(
                     {{"status",
                       {{"type", "string"},
                        {"enum", {"Not Initiated", "Initiated", "Ongoing", "Completed", "No Longer Applicable"}}}},
                      {"reason", {{"type", "string"}}}},
                     {"status"}))
                 .Errors(kCommandErrors),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
               JsonFields fields(body);
               MRTRACK_ASSIGN_OR_RETURN(std::string label, fields.RequiredString("status"));
               MRTRACK_ASSIGN_OR_RETURN(auto reason, fields.OptionalString("reason"));
               MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
               MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
               auto status = events::ParseStatus(label);
               if (!status.ok()) {
                 return InvalidArgument(
                     MessageValue(label, '\'') +
                         " is not a status (Not Initiated, Initiated, Ongoing, Completed, No Longer Applicable)",
                     "status");
               }
               return RunCommand(services, ctx, options, [&](const auto& command, auto* conflict) {
                 return events::ChangeStatus(command, ctx.PathParam("id"), *status, reason.value_or(""),
                                             options.expected_version, conflict);
               });
             }});

  table.Add({"POST", "/v1/actions/{id}/deadline", "changeDeadline", Access::kCommand,
             RouteDoc::Summary("Move or clear (null) the deadline, with a justification.")
                 .Body(CommandSchema({{"deadline",
                                       {{"type", {"string", "null"}},
                                        {"description", "YYYY/MM, YYYY-MM or YYYY-MM-DD; null clears it."}}},
                                      {"justification", {{"type", "string"}}}},
                                     {"deadline", "justification"}))
                 .Errors(kCommandErrors),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
               JsonFields fields(body);
               MRTRACK_ASSIGN_OR_RETURN(auto text, fields.RequiredNullableString("deadline"));
               MRTRACK_ASSIGN_OR_RETURN(std::string justification, fields.RequiredString("justification"));
               MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
               MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
               std::optional<events::Deadline> deadline;
               if (text) {
                 auto parsed = events::ParseDeadline(*text);
                 if (!parsed.ok()) return InvalidArgument(parsed.status().message(), "deadline");
                 deadline = *parsed;
               }
               return RunCommand(services, ctx, options, [&](const auto& command, auto* conflict) {
                 return events::ChangeDeadline(command, ctx.PathParam("id"), deadline, justification,
                                               options.expected_version, conflict);
               });
             }});

  table.Add({"POST", "/v1/actions/{id}/responsible", "changeResponsible", Access::kCommand,
             RouteDoc::Summary("Reassign the action to other units.")
                 .Body(CommandSchema({{"units", {{"type", "array"}, {"items", {{"type", "string"}}}, {"minItems", 1}}},
                                      {"text", {{"type", "string"}}},
                                      {"reason", {{"type", "string"}}}},
                                     {"units"}))
                 .Errors(kCommandErrors),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
               JsonFields fields(body);
               MRTRACK_ASSIGN_OR_RETURN(auto units, fields.RequiredStringArray("units"));
               MRTRACK_ASSIGN_OR_RETURN(auto text, fields.OptionalString("text"));
               MRTRACK_ASSIGN_OR_RETURN(auto reason, fields.OptionalString("reason"));
               MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
               MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
               return RunCommand(services, ctx, options, [&](const auto& command, auto* conflict) {
                 return events::ChangeResponsible(command, ctx.PathParam("id"), units, text.value_or(""),
                                                  reason.value_or(""), options.expected_version, conflict);
               });
             }});

  table.Add({"POST", "/v1/actions/{id}/comments", "addComment", Access::kCommand,
             RouteDoc::Summary("Add a comment, with evidence files uploaded before; its author is the token's name.")
                 .Body(CommandSchema({{"text", {{"type", "string"}}},
                                      {"evidence",
                                       {{"type", "array"},
                                        {"items", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                                        {"description", "SHA-256 of files uploaded with POST /v1/evidence."}}}},
                                     {"text"}))
                 .Errors(kCommandErrors),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
               JsonFields fields(body);
               MRTRACK_ASSIGN_OR_RETURN(std::string text, fields.RequiredString("text"));
               MRTRACK_ASSIGN_OR_RETURN(auto hashes, fields.OptionalStringArray("evidence"));
               MRTRACK_ASSIGN_OR_RETURN(CommandOptions options, ReadCommandOptions(fields));
               MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
               MRTRACK_ASSIGN_OR_RETURN(auto evidence, ResolveEvidence(services, hashes));
               return RunCommand(services, ctx, options, [&](const auto& command, auto* conflict) {
                 return events::AddComment(command, ctx.PathParam("id"), text, evidence, options.expected_version,
                                           conflict);
               });
             }});
  AddTextCommandRoute(table, services, "/v1/actions/{id}/description", "editDescription",
                      "Replace the description.", events::EditDescription);
}

}  // namespace mrtrack::daemon
