// The subcommands that change a key action: set-status, set-deadline,
// reassign, comment, edit-description. Each may carry --expected-version
// (optimistic concurrency: refused with a conflict if the action moved on).
#include <memory>

#include "daemon/cli/cli_support.h"
#include "daemon/cli/render.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

struct CommandOptions {
  std::string action_id;
  long long expected_version = -1;
};

// Adds the action argument and --expected-version; returns the options holder.
std::shared_ptr<CommandOptions> AddCommon(CLI::App* cmd) {
  auto o = std::make_shared<CommandOptions>();
  cmd->add_option("action", o->action_id, "Action id")->required();
  cmd->add_option("--expected-version", o->expected_version, "Refuse if the action is no longer at this version")
      ->check(CLI::NonNegativeNumber);
  return o;
}

void Send(GlobalOptions& g, int& exit_code, const std::shared_ptr<CommandOptions>& o, const std::string& command,
          json body) {
  if (o->expected_version >= 0) body["expected_version"] = o->expected_version;
  RunCommand(g, exit_code, [&](Backend& b) { return b.Command(o->action_id, command, body); }, RenderCommandResult);
}

}  // namespace

void RegisterWriteCommands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  {
    auto* cmd = app.add_subcommand("set-status", "Change an action's status (a reason is required to reopen a finished one)");
    auto o = AddCommon(cmd);
    auto status = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    cmd->add_option("status", *status, "Not Initiated | Initiated | Ongoing | Completed | No Longer Applicable")->required();
    cmd->add_option("--reason,-r", *reason, "Why");
    cmd->callback([&g, &exit_code, o, status, reason] {
      json body{{"status", *status}};
      if (!reason->empty()) body["reason"] = *reason;
      Send(g, exit_code, o, "status", body);
    });
  }
  {
    auto* cmd = app.add_subcommand("set-deadline", "Move an action's deadline (YYYY/MM, YYYY-MM-DD, or none)");
    auto o = AddCommon(cmd);
    auto deadline = std::make_shared<std::string>();
    auto why = std::make_shared<std::string>();
    cmd->add_option("deadline", *deadline, "New deadline, or 'none'")->required();
    cmd->add_option("--justification,-j", *why, "Why the deadline moves")->required();
    cmd->callback([&g, &exit_code, o, deadline, why] {
      json body{{"justification", *why}};
      body["deadline"] = *deadline == "none" ? json() : json(*deadline);
      Send(g, exit_code, o, "deadline", body);
    });
  }
  {
    auto* cmd = app.add_subcommand("reassign", "Change the responsible units of an action");
    auto o = AddCommon(cmd);
    auto units = std::make_shared<std::vector<std::string>>();
    auto reason = std::make_shared<std::string>();
    cmd->add_option("--unit,-u", *units, "Unit id (repeatable)")->required();
    cmd->add_option("--reason,-r", *reason, "Why");
    cmd->callback([&g, &exit_code, o, units, reason] {
      json body{{"units", *units}};
      if (!reason->empty()) body["reason"] = *reason;
      Send(g, exit_code, o, "responsible", body);
    });
  }
  {
    auto* cmd = app.add_subcommand("comment", "Add a comment to an action");
    auto o = AddCommon(cmd);
    auto text = std::make_shared<std::string>();
    cmd->add_option("text", *text, "The comment")->required();
    cmd->callback([&g, &exit_code, o, text] { Send(g, exit_code, o, "comments", json{{"text", *text}}); });
  }
  {
    auto* cmd = app.add_subcommand("edit-description", "Correct an action's description");
    auto o = AddCommon(cmd);
    auto text = std::make_shared<std::string>();
    cmd->add_option("text", *text, "The new description")->required();
    cmd->callback([&g, &exit_code, o, text] { Send(g, exit_code, o, "description", json{{"text", *text}}); });
  }
}

}  // namespace mrtrack::cli
