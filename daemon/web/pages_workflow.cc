// The follow-up workflow in the web app (docs/WEB.md "Requests and
// evidence"): a unit requests completion (with its evidence) or an
// extension, a validator or an admin accepts or rejects it, and evidence
// files are uploaded and downloaded. Each form's POST is the API's routes
// (POST /v1/evidence, .../completion-requests, .../extension-requests and
// their accept / reject) as the signed-in person, then a redirect back.
#include "daemon/server/json_io.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/api_client.h"
#include "daemon/web/i18n.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

// Stores the form's files through POST /v1/evidence: their SHA-256s, to cite.
Result<json> UploadEvidence(const ApiClient& api, const PostedForm& form) {
  json hashes = json::array();
  for (const auto& file : form.files) {
    std::string type = file.content_type.empty() ? "application/octet-stream" : file.content_type;
    MRTRACK_ASSIGN_OR_RETURN(json stored, api.PostText("/v1/evidence", {{"name", file.filename}}, file.content, type));
    hashes.push_back(stored["sha256"]);
  }
  return hashes;
}

// Back to the page the form came from, saying what was done.
Reply Back(const RequestContext& ctx, const PostedForm& form, const std::string& done) {
  std::string back = FormValue(form.fields, "back");
  if (!IsLocalPath(back)) back = "/actions/" + UrlEncode(ctx.PathParam("id"));
  back += (back.find('?') == std::string::npos ? "?" : "&") + std::string("done=") + done;
  return Redirect(back);
}

std::string ActionPath(const RequestContext& ctx) { return "/v1/actions/" + ctx.PathParam("id"); }

Result<Reply> RequestCompletion(const WebContext& web, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(PostedForm form, ReadPostedForm(ctx));
  ApiClient api(*web.routes, ctx);
  MRTRACK_ASSIGN_OR_RETURN(json evidence, UploadEvidence(api, form));
  json body = {{"outcome", FormValue(form.fields, "outcome")}, {"evidence", std::move(evidence)}};
  if (!FormValue(form.fields, "note").empty()) body["note"] = FormValue(form.fields, "note");
  MRTRACK_RETURN_IF_ERROR(api.Post(ActionPath(ctx) + "/completion-requests", body).status());
  return Back(ctx, form, "completion-requested");
}

Result<Reply> RequestExtension(const WebContext& web, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(PostedForm form, ReadPostedForm(ctx));
  ApiClient api(*web.routes, ctx);
  json body = {{"deadline", FormValue(form.fields, "deadline")}, {"reason", FormValue(form.fields, "reason")}};
  MRTRACK_RETURN_IF_ERROR(api.Post(ActionPath(ctx) + "/extension-requests", body).status());
  return Back(ctx, form, "extension-requested");
}

// POST /actions/{id}/requests/{kind}/{request_id}/{decision}.
Result<Reply> Decide(const WebContext& web, const RequestContext& ctx) {
  const std::string& kind = ctx.PathParam("kind");
  const std::string& decision = ctx.PathParam("decision");
  if (kind != "completion" && kind != "extension") return NotFound("no kind of request " + kind);
  if (decision != "accept" && decision != "reject") return NotFound("no decision " + decision);
  MRTRACK_ASSIGN_OR_RETURN(PostedForm form, ReadPostedForm(ctx));
  json body = json::object();
  const std::string text = FormValue(form.fields, decision == "accept" ? "note" : "reason");
  if (!text.empty()) body[decision == "accept" ? "note" : "reason"] = text;
  ApiClient api(*web.routes, ctx);
  MRTRACK_RETURN_IF_ERROR(api.Post(ActionPath(ctx) + "/" + kind + "-requests/" + ctx.PathParam("request_id") + "/" +
                                       decision,
                                   body)
                              .status());
  return Back(ctx, form, decision == "accept" ? "accepted" : "rejected");
}

// A comment, with the files attached to it as its evidence.
Result<Reply> Comment(const WebContext& web, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(PostedForm form, ReadPostedForm(ctx));
  ApiClient api(*web.routes, ctx);
  MRTRACK_ASSIGN_OR_RETURN(json evidence, UploadEvidence(api, form));
  json body = {{"text", FormValue(form.fields, "text")}};
  if (!evidence.empty()) body["evidence"] = std::move(evidence);
  MRTRACK_RETURN_IF_ERROR(api.Post(ActionPath(ctx) + "/comments", body).status());
  return Back(ctx, form, "comment");
}

// GET /evidence/{sha256}: the API's download (its type, file name and checks) for a browser.
Result<Reply> Evidence(const WebContext& web, const RequestContext& ctx) {
  ApiClient api(*web.routes, ctx);
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, api.GetReply("/v1/evidence/" + ctx.PathParam("sha256"), {}));
  AddSecurityHeaders(reply);
  return reply;
}

}  // namespace

bool MayValidate(const RequestContext& ctx) {
  return ctx.principal && !QueryValue(ctx, "as_of") &&
         (ctx.principal->role == config::Role::kAdmin || ctx.principal->role == config::Role::kValidator);
}

json EvidenceModel(const json& files) {
  json out = json::array();
  for (const auto& f : files) {
    out.push_back({{"sha256", f.value("sha256", "")},
                   {"name", f.value("name", "")},
                   {"size", f.value("size", 0)},
                   {"media_type", f.value("media_type", "")}});
  }
  return out;
}

// The open completion and extension requests of an action, for its page and the dashboard.
void AddRequests(const RequestContext& ctx, const json& a, json& m, Language language) {
  const json& completion = a.contains("pending_request") ? a["pending_request"] : json();
  if (completion.is_object()) {
    m["pending_request"] = {{"request_id", completion.value("request_id", "")},
                            {"outcome", completion.value("outcome", "")},
                            {"outcome_label", StatusLabel(language, completion.value("outcome", ""))},
                            {"note", completion.value("note", "")},
                            {"by", ActorDisplay(ctx, completion.value("by", ""))},
                            {"at", completion.value("at", "")},
                            {"evidence", EvidenceModel(completion.value("evidence", json::array()))},
                            {"has_evidence", !completion.value("evidence", json::array()).empty()}};
  }
  const json& extension = a.contains("pending_extension") ? a["pending_extension"] : json();
  if (extension.is_object()) {
    m["pending_extension"] = {{"request_id", extension.value("request_id", "")},
                              {"deadline", extension["deadline"].is_object() ? DeadlineText(extension["deadline"], language) : ""},
                              {"reason", extension.value("reason", "")},
                              {"by", ActorDisplay(ctx, extension.value("by", ""))},
                              {"at", extension.value("at", "")}};
  }
}

void AddWorkflowPages(RouteTable& table, const WebContext& web) {
  // Forms with files may be as large as an evidence file, and a little more.
  const std::size_t evidence_limit = web.services->config != nullptr
                                         ? web.services->config->Get()->config().workflow.max_evidence_bytes
                                         : config::WorkflowOptions{}.max_evidence_bytes;
  const std::size_t upload_limit = evidence_limit + (std::size_t{1} << 20);
  Route completion{"POST", "/actions/{id}/completion-request", "webRequestCompletion", Access::kWebSession,
                   RouteDoc::Summary("Request completion, with evidence files."),
                   [web](const RequestContext& ctx) { return RequestCompletion(web, ctx); }};
  completion.max_body_bytes = upload_limit;
  table.Add(std::move(completion));
  Route comment{"POST", "/actions/{id}/comments", "webAddComment", Access::kWebSession,
                RouteDoc::Summary("Add a comment, with evidence files."),
                [web](const RequestContext& ctx) { return Comment(web, ctx); }};
  comment.max_body_bytes = upload_limit;
  table.Add(std::move(comment));
  table.Add({"POST", "/actions/{id}/extension-request", "webRequestExtension", Access::kWebSession,
             RouteDoc::Summary("Request a new deadline, with the reason."),
             [web](const RequestContext& ctx) { return RequestExtension(web, ctx); }});
  table.Add({"POST", "/actions/{id}/requests/{kind}/{request_id}/{decision}", "webDecideRequest", Access::kWebSession,
             RouteDoc::Summary("Accept or reject a completion or extension request."),
             [web](const RequestContext& ctx) { return Decide(web, ctx); }});
  table.Add({"GET", "/evidence/{sha256}", "webEvidence", Access::kWebSession,
             RouteDoc::Summary("Download an evidence file."),
             [web](const RequestContext& ctx) { return Evidence(web, ctx); }});
}

}  // namespace mrtrack::daemon::web
