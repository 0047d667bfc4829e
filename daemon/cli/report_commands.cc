// `mrtrack report --period 2026-11`: the report to governing bodies, as the
// [[reports]] e-mail carries it (its text, or with --csv its attachment;
// --json gives GET /v1/reports/{period} as is).
#include <iostream>
#include <memory>

#include "daemon/cli/cli_support.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

void RenderText(const json& r, std::ostream& out) { out << r.value("text", ""); }

}  // namespace

void RegisterReportCommands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* cmd = app.add_subcommand("report", "The report to governing bodies for a month or an ISO week");
  struct Opts { std::string period, language; std::vector<std::string> units; bool csv = false; };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--period,-p", o->period, "A month YYYY-MM or an ISO week YYYY-Www, e.g. 2026-11")->required();
  cmd->add_option("--unit,-u", o->units, "Only this unit (repeatable). Default: every unit");
  cmd->add_option("--language", o->language, "en, fr or es. Default: the organisation's")
      ->check(CLI::IsMember({"en", "fr", "es"}));
  cmd->add_flag("--csv", o->csv, "Print the CSV the e-mail attaches");
  cmd->callback([&g, &exit_code, o] {
    Query q;
    for (const auto& u : o->units) q.emplace("unit", u);
    if (!o->language.empty()) q.emplace("language", o->language);
    const std::string path = "/v1/reports/" + o->period;
    if (g.json) {
      RunCommand(g, exit_code, [&](Backend& b) { return b.Get(path, q); }, nullptr);
      return;
    }
    q.emplace("format", o->csv ? "csv" : "text");
    RunCommand(g, exit_code, [&](Backend& b) -> Result<json> {
      MRTRACK_ASSIGN_OR_RETURN(std::string text, b.GetBytes(path, q));
      return json{{"text", text}};
    }, RenderText);
  });
}

}  // namespace mrtrack::cli
