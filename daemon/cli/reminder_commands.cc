// `mrtrack reminders preview`: what the notifier would send on a day or at an
// instant, to whom, through which channel, rendered with the configured
// templates. Sends and records nothing.
// `mrtrack reminders list ACTION`: what became of every reminder of one
// action (delivered, failed, skipped, pending, parked), from the log.
// `mrtrack reminders retry`: parked reminders queued again, once the cause
// (a receiver, a password) is fixed (admin).
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

  auto* retry = reminders->add_subcommand(
      "retry", "Queue parked reminders again, once what parked them is fixed (all, one channel's, or since an instant)");
  struct RetryOpts { std::string channel, since; };
  auto r = std::make_shared<RetryOpts>();
  retry->add_option("--channel", r->channel, "Only reminders of this channel: email, or webhook:NAME");
  retry->add_option("--since", r->since,
                    "Only reminders parked at or after this RFC 3339 instant, or since the start of a day YYYY-MM-DD "
                    "(organisation time)");
  retry->callback([&g, &exit_code, r] {
    nlohmann::json body = nlohmann::json::object();
    if (!r->channel.empty()) body["channel"] = r->channel;
    if (!r->since.empty()) body["since"] = r->since;
    RunCommand(g, exit_code,
               [&](Backend& b) { return b.Post("/v1/reminders/retry", {}, body.dump(), "application/json"); },
               RenderRetry);
  });
}

}  // namespace mrtrack::cli
