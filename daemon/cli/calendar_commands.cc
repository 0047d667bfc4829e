// `mrtrack calendar-token`: issue and revoke the tokens of a unit's calendar
// feed (docs/API.md "Calendar feeds").
#include <iostream>
#include <memory>

#include "daemon/cli/cli_support.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

void RenderIssued(const json& r, std::ostream& out) {
  out << "calendar token " << r.value("token_id", "") << " (" << r.value("name", "") << ") of unit "
      << r.value("unit", "") << "\n"
      << "subscribe to: " << r.value("url", "") << "\n"
      << "(the address is shown this once; revoke it with: mrtrack calendar-token revoke " << r.value("unit", "")
      << " " << r.value("token_id", "") << ")\n";
}

void RenderRevoked(const json& r, std::ostream& out) {
  out << "revoked calendar token " << r.value("token_id", "") << " (" << r.value("name", "") << ") of unit "
      << r.value("unit", "") << "\n";
}

}  // namespace

void RegisterCalendarCommands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* group = app.add_subcommand("calendar-token", "Issue or revoke the token of a unit's calendar feed");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("create", "Issue a token; prints the feed's address (shown once)");
    struct Opts { std::string unit, name; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("unit", o->unit, "Unit id")->required();
    cmd->add_option("--name,-n", o->name, "What it is for, e.g. 'Outlook of the programme team'")->required();
    cmd->callback([&g, &exit_code, o] {
      RunCommand(g, exit_code, [&](Backend& b) {
        return b.Post("/v1/units/" + o->unit + "/calendar-tokens", {}, json{{"name", o->name}}.dump(),
                      "application/json");
      }, RenderIssued);
    });
  }
  {
    auto* cmd = group->add_subcommand("revoke", "Revoke a token: its feed answers 404 from now on");
    struct Opts { std::string unit, token_id; };
    auto o = std::make_shared<Opts>();
    cmd->add_option("unit", o->unit, "Unit id")->required();
    cmd->add_option("token_id", o->token_id, "The token's id (printed by create)")->required();
    cmd->callback([&g, &exit_code, o] {
      RunCommand(g, exit_code, [&](Backend& b) {
        return b.Delete("/v1/units/" + o->unit + "/calendar-tokens/" + o->token_id);
      }, RenderRevoked);
    });
  }
}

}  // namespace mrtrack::cli
