// `mrtrack reminders preview`: what the notifier would send on a day or at an
// instant, to whom, through which channel, rendered with the configured
// templates. Sends and records nothing.
// `mrtrack reminders list ACTION`: what became of every reminder of one
// action (delivered, failed, skipped, pending), from the log.
#include <memory>

#include "daemon/cli/cli_support.h"
#include "daemon/cli/render.h"

namespace mrtrack::cli {

void RegisterReminderCommands(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto* reminders = app.add_subcommand("reminders", "The notifier's reminders");
  reminders->require_subcommand(1);
  auto* cmd = reminders->add_subcommand(
      "preview", "What would be sent on a day (or at an instant): to whom, through which channel, rendered");
  struct Opts { std::string at; std::vector<std::string> units; };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--at", o->at,
                  "A day YYYY-MM-DD (everything scheduled that day, organisation time) or an RFC 3339 instant "
                  "(what a pass then would send). Default: today");
  cmd->add_option("--unit", o->units, "Only messages to this unit id (repeatable)");
  cmd->callback([&g, &exit_code, o] {
    Query q;
    if (!o->at.empty()) q.emplace("at", o->at);
    for (const auto& u : o->units) q.emplace("unit", u);
    RunCommand(g, exit_code, [&](Backend& b) { return b.Get("/v1/reminders/preview", q); }, RenderReminderPreview);
  });

  auto* list = reminders->add_subcommand("list", "Every reminder of one key action and what became of it");
  auto action = std::make_shared<std::string>();
  list->add_option("action", *action, "Action id")->required();
  list->callback([&g, &exit_code, action] {
    Query q;
    AddAsOf(q, g);
    RunCommand(g, exit_code, [&](Backend& b) { return b.Get("/v1/actions/" + *action + "/reminders", q); },
               RenderActionReminders);
  });
}

}  // namespace mrtrack::cli
