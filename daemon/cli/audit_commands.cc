// The auditor's and operator's subcommands: verify, export, rebuild.
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "daemon/cli/cli_support.h"
#include "daemon/cli/render.h"
#include "daemon/cli/tar_writer.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

void RenderRebuild(const json& r, std::ostream& out) {
  out << "rebuilt projections from " << r.value("events", 0) << " events (log position " << r.value("position", 0) << ")\n";
}

// The auditor's offline bundle (docs/AUDIT.md "Evidence files"): the log as
// JSON Lines, the list of evidence citations, and every cited file.
Status WriteEvidenceBundle(Backend& b, std::ostream& out) {
  std::ostringstream log;
  MRTRACK_RETURN_IF_ERROR(b.Export({{"format", "jsonl"}}, log));
  MRTRACK_ASSIGN_OR_RETURN(std::string citations, b.GetBytes("/v1/audit/export", {{"format", "evidence"}}));
  // Members carry the epoch as their time, so the same log gives the same bytes.
  TarWriter tar(out, /*mtime=*/0);
  MRTRACK_RETURN_IF_ERROR(tar.Add("audit.jsonl", log.str()));
  MRTRACK_RETURN_IF_ERROR(tar.Add("evidence.jsonl", citations));
  std::set<std::string> done;
  std::istringstream lines(citations);
  for (std::string line; std::getline(lines, line);) {
    json c = json::parse(line, nullptr, false);
    if (!c.is_object()) continue;
    const std::string sha = c.value("sha256", "");
    if (sha.empty() || !done.insert(sha).second) continue;
    auto bytes = b.GetBytes("/v1/evidence/" + sha, {});
    // A missing file is what verify reports; the bundle holds what exists.
    if (bytes.status().code() == StatusCode::kNotFound) continue;
    if (!bytes.ok()) return bytes.status();
    MRTRACK_RETURN_IF_ERROR(tar.Add("evidence/" + sha, *bytes));
  }
  return tar.Finish();
}

}  // namespace

void RegisterAuditCommands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  {
    auto* cmd = app.add_subcommand("verify", "Recompute the hash chain; exit 3 and name the first bad position if altered");
    cmd->callback([&g, &exit_code] {
      bool damaged = false;
      RunCommand(g, exit_code, [&](Backend& b) -> Result<json> {
        MRTRACK_ASSIGN_OR_RETURN(json r, b.Get("/v1/audit/verify", {}));
        damaged = !r.value("ok", false);
        return r;
      }, RenderVerify);
      if (exit_code == 0 && damaged) exit_code = 3;
    });
  }
  {
    auto* cmd = app.add_subcommand("export", "Export the log (JSONL with chain hashes) or the key-action view (CSV)");
    struct Opts { std::string format = "jsonl", output; long long from = 0, to = 0; bool with_evidence = false; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("--format", o->format, "jsonl (the log) or csv (the key-action view)")->check(CLI::IsMember({"jsonl", "csv"}));
    cmd->add_option("--from", o->from, "First position (jsonl)")->check(CLI::PositiveNumber);
    cmd->add_option("--to", o->to, "Last position (jsonl)")->check(CLI::PositiveNumber);
    cmd->add_option("--output,-o", o->output, "Write to this file instead of standard output");
    cmd->add_flag("--with-evidence", o->with_evidence,
                  "Write a tar of the log, the evidence citations and every cited file (docs/AUDIT.md)");
    cmd->callback([&g, &exit_code, o] {
      auto backend = OpenBackend(g);
      if (!backend.ok()) {
        exit_code = ReportError(backend.status());
        return;
      }
      Query q{{"format", o->format}};
      if (o->from > 0) q.emplace("from", std::to_string(o->from));
      if (o->to > 0) q.emplace("to", std::to_string(o->to));
      AddAsOf(q, g);
      std::ofstream file;
      if (!o->output.empty()) {
        file.open(o->output, std::ios::binary | std::ios::trunc);
        if (!file) {
          exit_code = ReportError(IoError("cannot write '" + o->output + "'", o->output));
          return;
        }
      }
      std::ostream& out = o->output.empty() ? std::cout : file;
      Status s = o->with_evidence ? WriteEvidenceBundle(**backend, out) : (*backend)->Export(q, out);
      out.flush();
      if (!s.ok()) exit_code = ReportError(s);
      else if (!out) exit_code = ReportError(IoError("writing the export failed", o->output));
    });
  }
  {
    auto* cmd = app.add_subcommand("rebuild", "Delete the projections and rebuild them from the log (data directory, daemon stopped)");
    cmd->callback([&g, &exit_code] {
      RunCommand(g, exit_code, [](Backend& b) { return b.Rebuild(); }, RenderRebuild);
    });
  }
}

}  // namespace mrtrack::cli
