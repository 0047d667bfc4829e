// The follow-up workflow's subcommands: attach (upload evidence),
// request-completion, request-extension, accept, reject, set-priority.
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "daemon/cli/cli_support.h"
#include "daemon/cli/render.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

// The media type of a file by its extension (the server checks it again).
std::string MediaTypeOf(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".pdf", "application/pdf"},
      {".txt", "text/plain"},
      {".csv", "text/csv"},
      {".md", "text/markdown"},
      {".rtf", "application/rtf"},
      {".doc", "application/msword"},
      {".xls", "application/vnd.ms-excel"},
      {".ppt", "application/vnd.ms-powerpoint"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {".odt", "application/vnd.oasis.opendocument.text"},
      {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
      {".odp", "application/vnd.oasis.opendocument.presentation"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".tif", "image/tiff"},
      {".tiff", "image/tiff"},
  };
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

void RenderEvidence(const json& r, std::ostream& out) {
  out << r.value("sha256", "") << "  " << r.value("name", "") << " (" << r.value("media_type", "") << ", "
      << r.value("size", 0) << " bytes)\n";
}

void RenderPriority(const json& r, std::ostream& out) {
  out << "recommendation " << r.value("recommendation_id", "") << ": priority " << r.value("priority", "")
      << (r.value("deduplicated", false) ? " (already recorded)" : "") << "\n";
}

void RenderRequest(const json& r, std::ostream& out) {
  out << "request " << r.value("request_id", "") << "\n";
  RenderCommandResult(r, out);
}

// Which kind of request `request_id` is on the action: its open completion or
// extension request. kFailedPrecondition when it is neither.
Result<std::string> KindOf(Backend& b, const std::string& action_id, const std::string& request_id) {
  MRTRACK_ASSIGN_OR_RETURN(json action, b.Get("/v1/actions/" + action_id, {}));
  const json& completion = action.value("pending_request", json());
  const json& extension = action.value("pending_extension", json());
  if (completion.is_object() && completion.value("request_id", "") == request_id) return std::string("completion-requests");
  if (extension.is_object() && extension.value("request_id", "") == request_id) return std::string("extension-requests");
  return FailedPrecondition("request " + request_id + " is not open on action " + action_id, "request_id");
}

}  // namespace

void RegisterWorkflowCommands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  {
    auto* cmd = app.add_subcommand("attach", "Upload an evidence file; prints its SHA-256 to cite in requests");
    struct Opts { std::string file, name, type, action, comment; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("file", o->file, "The file (PDF, image, office document, text, CSV)")->required();
    cmd->add_option("--name", o->name, "Its name in mrtrack. Default: the file's name");
    cmd->add_option("--type", o->type, "Its media type. Default: from the extension");
    cmd->add_option("--action", o->action, "Also attach it to this action with a comment");
    cmd->add_option("--comment", o->comment, "The comment's text (with --action). Default: the file's name");
    cmd->callback([&g, &exit_code, o] {
      RunCommand(g, exit_code, [&](Backend& b) -> Result<json> {
        MRTRACK_ASSIGN_OR_RETURN(std::string bytes, ReadTextFile(o->file));
        const std::string name = o->name.empty() ? std::filesystem::path(o->file).filename().string() : o->name;
        const std::string type = o->type.empty() ? MediaTypeOf(o->file) : o->type;
        MRTRACK_ASSIGN_OR_RETURN(json stored, b.Post("/v1/evidence", {{"name", name}}, bytes, type));
        if (!o->action.empty()) {
          json body{{"text", o->comment.empty() ? name : o->comment}, {"evidence", {stored.value("sha256", "")}}};
          MRTRACK_RETURN_IF_ERROR(b.Command(o->action, "comments", body).status());
        }
        return stored;
      }, RenderEvidence);
    });
  }
  {
    auto* cmd = app.add_subcommand("request-completion", "Ask a validator to close an action, with evidence");
    struct Opts { std::string action, outcome = "Completed", note; std::vector<std::string> evidence; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("action", o->action, "Action id")->required();
    cmd->add_option("--outcome", o->outcome, "Completed or 'No Longer Applicable'. Default: Completed")
        ->check(CLI::IsMember({"Completed", "No Longer Applicable"}));
    cmd->add_option("--note,-n", o->note, "What was done (for No Longer Applicable: why, required)");
    cmd->add_option("--evidence,-e", o->evidence, "SHA-256 of a file uploaded with attach (repeatable)");
    cmd->callback([&g, &exit_code, o] {
      json body{{"outcome", o->outcome}, {"note", o->note}, {"evidence", o->evidence}};
      RunCommand(g, exit_code, [&](Backend& b) { return b.Command(o->action, "completion-requests", body); },
                 RenderRequest);
    });
  }
  {
    auto* cmd = app.add_subcommand("request-extension", "Ask a validator for a new deadline");
    struct Opts { std::string action, deadline, reason; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("action", o->action, "Action id")->required();
    cmd->add_option("deadline", o->deadline, "The deadline asked for: YYYY/MM or YYYY-MM-DD")->required();
    cmd->add_option("--reason,-r", o->reason, "Why")->required();
    cmd->callback([&g, &exit_code, o] {
      json body{{"deadline", o->deadline}, {"reason", o->reason}};
      RunCommand(g, exit_code, [&](Backend& b) { return b.Command(o->action, "extension-requests", body); },
                 RenderRequest);
    });
  }
  for (const std::string verb : {"accept", "reject"}) {
    const bool accept = verb == "accept";
    auto* cmd = app.add_subcommand(verb, accept ? "Accept an action's open completion or extension request (validator)"
                                                : "Reject an action's open completion or extension request (validator)");
    struct Opts { std::string action, request, text; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("action", o->action, "Action id")->required();
    cmd->add_option("request", o->request, "The request id")->required();
    if (accept) {
      cmd->add_option("--note,-n", o->text, "A note");
    } else {
      cmd->add_option("--reason,-r", o->text, "Why (told to the unit)")->required();
    }
    cmd->callback([&g, &exit_code, o, verb, accept] {
      RunCommand(g, exit_code, [&](Backend& b) -> Result<json> {
        MRTRACK_ASSIGN_OR_RETURN(std::string kind, KindOf(b, o->action, o->request));
        json body = json::object();
        if (!o->text.empty()) body[accept ? "note" : "reason"] = o->text;
        return b.Command(o->action, kind + "/" + o->request + "/" + verb, body);
      }, RenderCommandResult);
    });
  }
  {
    auto* cmd = app.add_subcommand("set-priority", "Set a recommendation's priority: normal or high (validator)");
    struct Opts { std::string recommendation, priority, reason; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("recommendation", o->recommendation, "Recommendation id, e.g. ev-1a2b3c4d5e6f-r2")->required();
    cmd->add_option("priority", o->priority, "normal | high")->required()->check(CLI::IsMember({"normal", "high"}));
    cmd->add_option("--reason,-r", o->reason, "Why");
    cmd->callback([&g, &exit_code, o] {
      json body{{"priority", o->priority}};
      if (!o->reason.empty()) body["reason"] = o->reason;
      RunCommand(g, exit_code, [&](Backend& b) {
        return b.Post("/v1/recommendations/" + o->recommendation + "/priority", {}, body.dump(), "application/json");
      }, RenderPriority);
    });
  }
}

}  // namespace mrtrack::cli
