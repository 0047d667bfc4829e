// Evidence files (docs/API.md "Evidence"): upload into the content-addressed
// evidence store and download by SHA-256. Requests and comments refer to the
// files by hash (routes_workflow.cc, routes_actions.cc).
#include <algorithm>
#include <filesystem>

#include "daemon/server/json_io.h"
#include "daemon/server/routes.h"
#include "daemon/server/runtime_config.h"
#include "daemon/server/view_access.h"
#include "events/evidence/evidence_store.h"
#include "projections/projections.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

// The evidence limit of the config the route table is built with; the
// handler checks the current config's again (it may have been reloaded).
std::size_t EvidenceLimit(const Services& services) {
  if (services.config == nullptr) return config::WorkflowOptions{}.max_evidence_bytes;
  return services.config->Get()->config().workflow.max_evidence_bytes;
}

// Whether an editor may see the file: it is attached to an action of one of its units.
bool AttachedToUnits(const projections::ViewModel& model, const std::vector<std::string>& units,
                     const std::string& sha256) {
  for (const auto& unit : units) {
    auto ids = model.actions_by_unit().find(unit);
    if (ids == model.actions_by_unit().end()) continue;
    for (const auto& id : ids->second) {
      const events::KeyActionState* a = model.FindAction(id);
      if (a == nullptr) continue;
      if (std::any_of(a->evidence.begin(), a->evidence.end(),
                      [&](const events::EvidenceRef& e) { return e.sha256 == sha256; })) {
        return true;
      }
    }
  }
  return false;
}

// A file name safe inside a quoted header value.
std::string HeaderFileName(const std::string& name) {
  std::string out;
  for (char c : name) out += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
  return out;
}

}  // namespace

void AddEvidenceRoutes(RouteTable& table, Services& services) {
  Route upload{"POST", "/v1/evidence", "uploadEvidence", Access::kUpload,
               RouteDoc::Summary("Store an evidence file (the body, with its Content-Type: PDF, images, office "
                                 "documents, text, CSV); answers its SHA-256 to cite in requests and comments.")
                   .Query({{"name", "string", "The file's name, e.g. report.pdf (required)."}})
                   .Errors({400, 413, 415}),
               [&services](const RequestContext& ctx) -> Result<Reply> {
                 const std::size_t limit = ctx.runtime->config().workflow.max_evidence_bytes;
                 std::error_code ec;
                 const std::size_t size =
                     ctx.body_file.empty() ? ctx.body.size() : std::filesystem::file_size(ctx.body_file, ec);
                 if (size > limit) {
                   return Status(StatusCode::kResourceExhausted,
                                 "evidence is larger than " + std::to_string(limit) +
                                     " bytes (workflow.max_evidence_bytes)",
                                 "body");
                 }
                 auto name = QueryValue(ctx, "name");
                 if (!name) return InvalidArgument("evidence needs a file name: ?name=report.pdf", "name");
                 if (services.evidence == nullptr) return Status(StatusCode::kUnavailable, "no evidence store");
                 // Over HTTP the body was streamed to a file (body_spool_dir below).
                 MRTRACK_ASSIGN_OR_RETURN(events::EvidenceRef ref,
                                          ctx.body_file.empty()
                                              ? services.evidence->Put(ctx.body, *name, ctx.ContentType())
                                              : services.evidence->Adopt(ctx.body_file, *name, ctx.ContentType()));
                 return Reply::Json(events::EvidenceToJson(ref));
               }};
  upload.doc.response_content_type = "application/json";
  upload.max_body_bytes = EvidenceLimit(services);
  if (services.evidence != nullptr) upload.body_spool_dir = services.evidence->UploadDir();
  table.Add(std::move(upload));

  table.Add({"GET", "/v1/evidence/{sha256}", "getEvidence", Access::kHistory,
             RouteDoc::Summary("Download an evidence file (as an attachment). Editors only get files attached to "
                               "actions of their units.")
                 .Produces("application/octet-stream")
                 .Errors({400, 404}),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               const std::string& sha256 = ctx.PathParam("sha256");
               if (services.evidence == nullptr) return Status(StatusCode::kUnavailable, "no evidence store");
               MRTRACK_ASSIGN_OR_RETURN(events::EvidenceRef ref, services.evidence->Find(sha256));
               if (ctx.principal && ctx.principal->role == config::Role::kEditor) {
                 bool allowed = false;
                 services.projections->Read([&](const projections::ViewModel& model) {
                   allowed = AttachedToUnits(model, ctx.principal->units, sha256);
                 });
                 if (!allowed) {
                   return Status(StatusCode::kPermissionDenied,
                                 "token '" + ctx.principal->name +
                                     "' may fetch evidence attached to actions of its units only");
                 }
               }
               MRTRACK_ASSIGN_OR_RETURN(std::string bytes, services.evidence->Read(sha256));
               Reply reply;
               reply.content_type = ref.media_type;
               reply.body = std::move(bytes);
               reply.headers.emplace_back("Content-Disposition",
                                          "attachment; filename=\"" + HeaderFileName(ref.name) + "\"");
               reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
               return reply;
             }});
}

}  // namespace mrtrack::daemon
