#include "daemon/cli/cli_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon/cli/cli_support.h"
#include "daemon/cli/local_backend.h"
#include "daemon/cli/render.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

// The content type of a document by its name: .json, .csv, else GATE text.
std::string ImportContentType(const std::string& file) {
  auto ends = [&](std::string_view ext) {
    return file.size() > ext.size() && file.compare(file.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".json") || ends(".JSON")) return "application/json";
  if (ends(".csv") || ends(".CSV")) return "text/csv";
  return "text/plain";
}

void RegisterImport(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "import", "Import a management response (the text GATE or ERC published, JSON, or a spreadsheet saved as .csv)");
  struct Opts { std::string file, evaluation_id, title, office, period; std::vector<std::string> map; bool dry_run = false; };
  auto o = std::make_shared<Opts>();
  cmd->add_option("file", o->file, "The document (.txt as published, .json, or .csv)")->required();
  cmd->add_option("--evaluation-id", o->evaluation_id, "Use this evaluation id instead of the derived one");
  cmd->add_option("--title", o->title, "The evaluation title, where the document gives none");
  cmd->add_option("--office", o->office, "The office, where the document gives none");
  cmd->add_option("--period", o->period, "The plan period, where the document gives none");
  cmd->add_option("--map", o->map, "COLUMN=field: a spreadsheet column under another header (repeatable)");
  cmd->add_flag("--dry-run", o->dry_run, "Parse, match and compare; write nothing; print the actions as a table");
  cmd->callback([&g, &exit_code, o] {
    RunCommand(g, exit_code, [&](Backend& b) -> Result<json> {
      MRTRACK_ASSIGN_OR_RETURN(std::string text, ReadTextFile(o->file));
      Query q;
      if (!o->evaluation_id.empty()) q.emplace("evaluation_id", o->evaluation_id);
      if (!o->title.empty()) q.emplace("title", o->title);
      if (!o->office.empty()) q.emplace("office", o->office);
      if (!o->period.empty()) q.emplace("period", o->period);
      for (const auto& m : o->map) q.emplace("map", m);
      if (o->dry_run) q.emplace("dry_run", "true");
      auto r = b.Import(text, ImportContentType(o->file), q);
      std::string field = r.ok() ? std::string() : r.status().field();
      if (!r.ok() && (field.rfind("line ", 0) == 0 || field.rfind("row ", 0) == 0)) {
        return Status(r.status().code(), r.status().message(), o->file + ": " + field);
      }
      return r;
    }, RenderImportReport);
  });
}

void RegisterList(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand("list", "List key actions");
  struct Opts { std::vector<std::string> units, statuses; std::string evaluation, priority, due_before, due_after, text; bool overdue = false, stale = false; int limit = 100, offset = 0; };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--unit", o->units, "Responsible unit id (repeatable)");
  cmd->add_option("--status", o->statuses, "Status label, e.g. Ongoing (repeatable)");
  cmd->add_flag("--overdue", o->overdue, "Only overdue actions");
  cmd->add_flag("--stale", o->stale, "Only actions without an update for [workflow] update_request_every");
  cmd->add_option("--evaluation", o->evaluation, "Evaluation id");
  cmd->add_option("--priority", o->priority, "Recommendation priority: normal | high")
      ->check(CLI::IsMember({"normal", "high"}));
  cmd->add_option("--due-before", o->due_before, "Deadline on or before YYYY-MM-DD");
  cmd->add_option("--due-after", o->due_after, "Deadline on or after YYYY-MM-DD");
  cmd->add_option("--text,-q", o->text, "Text in description, responsible or comments");
  cmd->add_option("--limit", o->limit, "Page size (1-1000)")->check(CLI::Range(1, 1000));
  cmd->add_option("--offset", o->offset, "Page start")->check(CLI::NonNegativeNumber);
  cmd->callback([&g, &exit_code, o] {
    Query q;
    for (const auto& u : o->units) q.emplace("unit", u);
    for (const auto& s : o->statuses) q.emplace("status", s);
    if (o->overdue) q.emplace("overdue", "true");
    if (o->stale) q.emplace("stale", "true");
    if (!o->evaluation.empty()) q.emplace("evaluation", o->evaluation);
    if (!o->priority.empty()) q.emplace("priority", o->priority);
    if (!o->due_before.empty()) q.emplace("due_before", o->due_before);
    if (!o->due_after.empty()) q.emplace("due_after", o->due_after);
    if (!o->text.empty()) q.emplace("q", o->text);
    q.emplace("limit", std::to_string(o->limit));
    q.emplace("offset", std::to_string(o->offset));
    AddAsOf(q, g);
    RunCommand(g, exit_code, [&](Backend& b) { return b.Get("/v1/actions", q); }, RenderActionPage);
  });
}

void RegisterShow(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand("show", "Show one key action with its last comments");
  auto id = std::make_shared<std::string>();
  cmd->add_option("action", *id, "Action id")->required();
  cmd->callback([&g, &exit_code, id] {
    Query q;
    AddAsOf(q, g);
    RunCommand(g, exit_code, [&](Backend& b) { return b.Get("/v1/actions/" + *id, q); }, RenderAction);
  });
}

void RegisterComments(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand("comments", "Page through all comments of one key action, oldest first");
  struct Opts { std::string id; int limit = 100, offset = 0; };
  auto o = std::make_shared<Opts>();
  cmd->add_option("action", o->id, "Action id")->required();
  cmd->add_option("--limit", o->limit, "Page size (1-1000)")->check(CLI::Range(1, 1000));
  cmd->add_option("--offset", o->offset, "Page start")->check(CLI::NonNegativeNumber);
  cmd->callback([&g, &exit_code, o] {
    Query q;
    q.emplace("limit", std::to_string(o->limit));
    q.emplace("offset", std::to_string(o->offset));
    AddAsOf(q, g);
    RunCommand(g, exit_code, [&](Backend& b) { return b.Get("/v1/actions/" + o->id + "/comments", q); },
               RenderComments);
  });
}

void RegisterHistory(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand("history", "Every change of an action (or --evaluation): who, when, before -> after");
  auto id = std::make_shared<std::string>();
  auto evaluation = std::make_shared<bool>(false);
  cmd->add_option("id", *id, "Action id (or evaluation id with --evaluation)")->required();
  cmd->add_flag("--evaluation", *evaluation, "The id is an evaluation: its stream and all its actions");
  cmd->callback([&g, &exit_code, id, evaluation] {
    Query q;
    AddAsOf(q, g);
    std::string path = (*evaluation ? "/v1/evaluations/" : "/v1/actions/") + *id + "/history";
    RunCommand(g, exit_code, [&](Backend& b) { return b.Get(path, q); }, RenderHistory);
  });
}

void RegisterSummary(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand("summary", "Counts by status, overdue, implementation and closure rates");
  auto by = std::make_shared<std::string>("unit");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  cmd->add_option("--by", *by, "unit or evaluation")->check(CLI::IsMember({"unit", "evaluation"}));
  cmd->add_option("--period-from", *from, "Closure-rate period start YYYY-MM-DD");
  cmd->add_option("--period-to", *to, "Closure-rate period end YYYY-MM-DD");
  cmd->callback([&g, &exit_code, by, from, to] {
    Query q;
    AddAsOf(q, g);
    if (!from->empty()) q.emplace("period_from", *from);
    if (!to->empty()) q.emplace("period_to", *to);
    std::string path = *by == "unit" ? "/v1/summaries/units" : "/v1/summaries/evaluations";
    RunCommand(g, exit_code, [&](Backend& b) { return b.Get(path, q); }, RenderSummaries);
  });
}

}  // namespace

Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read '" + path + "'", path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void RunCommand(GlobalOptions& g, int& exit_code, const std::function<Result<json>(Backend&)>& body,
                void (*render)(const json&, std::ostream&)) {
  auto backend = OpenBackend(g);
  if (!backend.ok()) {
    exit_code = ReportError(backend.status());
    return;
  }
  auto result = body(**backend);
  if (!result.ok()) {
    exit_code = ReportError(result.status());
    return;
  }
  if (g.json) {
    std::cout << result->dump(2) << "\n";
  } else {
    render(*result, std::cout);
  }
}

void RegisterWriteCommands(CLI::App& app, GlobalOptions& g, int& exit_code);
void RegisterAuditCommands(CLI::App& app, GlobalOptions& g, int& exit_code);
void RegisterReminderCommands(CLI::App& app, GlobalOptions& g, int& exit_code);
void RegisterBackupCommands(CLI::App& app, GlobalOptions& g, int& exit_code);
void RegisterWorkflowCommands(CLI::App& app, GlobalOptions& g, int& exit_code);
void RegisterCalendarCommands(CLI::App& app, GlobalOptions& g, int& exit_code);
void RegisterReportCommands(CLI::App& app, GlobalOptions& g, int& exit_code);

int ReportError(const Status& status) {
  std::cerr << "mrtrack: " << status.ToString() << "\n";
  return 1;
}

Result<std::unique_ptr<Backend>> OpenBackend(const GlobalOptions& g) {
  if (!g.url.empty() && !g.data_dir.empty()) return InvalidArgument("give either --url or --data-dir, not both");
  if (!g.url.empty()) {
    HttpTarget t{g.url, g.token};
    if (!g.token_file.empty()) {
      MRTRACK_ASSIGN_OR_RETURN(t.token, ReadTextFile(g.token_file));
      while (!t.token.empty() && (t.token.back() == '\n' || t.token.back() == '\r')) t.token.pop_back();
    }
    return MakeHttpBackend(t);
  }
  if (g.data_dir.empty()) return InvalidArgument("say where to work: --url of a running mrtrackd, or --data-dir (or MRTRACK_URL / MRTRACK_DATA_DIR)");
  LocalOptions local{g.data_dir, g.config_file, g.actor};
  return MakeLocalBackend(local);
}

void RegisterCommands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  RegisterImport(app, g, exit_code);
  RegisterList(app, g, exit_code);
  RegisterShow(app, g, exit_code);
  RegisterComments(app, g, exit_code);
  RegisterHistory(app, g, exit_code);
  RegisterSummary(app, g, exit_code);
  RegisterWriteCommands(app, g, exit_code);
  RegisterAuditCommands(app, g, exit_code);
  RegisterReminderCommands(app, g, exit_code);
  RegisterBackupCommands(app, g, exit_code);
  RegisterWorkflowCommands(app, g, exit_code);
  RegisterCalendarCommands(app, g, exit_code);
  RegisterReportCommands(app, g, exit_code);
}

}  // namespace mrtrack::cli
