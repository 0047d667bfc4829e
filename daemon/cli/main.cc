// mrtrack: the command line for people. Talks to a running mrtrackd (--url)
// or works directly on a data directory (--data-dir). See README "Command line".
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "daemon/cli/cli_commands.h"

int main(int argc, char** argv) {
  mrtrack::cli::GlobalOptions global;
  CLI::App app{"mrtrack: follow up evaluation recommendations (management responses and their key actions)"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.add_option("--url", global.url, "mrtrackd to talk to, e.g. http://127.0.0.1:8420")->envname("MRTRACK_URL");
  app.add_option("--token", global.token,
                 "Bearer token. Visible to other users of this machine (ps, /proc): prefer MRTRACK_TOKEN or --token-file")
      ->envname("MRTRACK_TOKEN");
  app.add_option("--token-file", global.token_file, "File holding the bearer token");
  app.add_option("--data-dir", global.data_dir, "Work directly on this data directory (no daemon)")->envname("MRTRACK_DATA_DIR");
  app.add_option("--config", global.config_file, "Configuration file (offline: units, time zone); default: the embedded one");
  app.add_option("--actor", global.actor, "Who is acting, recorded in events (offline only); default: cli:$USER");
  app.add_flag("--json", global.json, "Print JSON for scripts instead of tables");

  // "mrtrack as-of WHEN list ..." reads any view as it was at WHEN (a date, a
  // time, or a log position): the prefix sets --as-of for the command after it.
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "as-of") {
      global.as_of = args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
      break;
    }
  }
  app.footer("Read any view as of a date, time or log position: mrtrack as-of 2025-06-30 list --unit kaz-co");

  // The global options are also accepted after the subcommand ("mrtrack list
  // --json", "mrtrack import FILE --config X"), as git and kubectl take them:
  // an option a subcommand does not know falls through to this level.
  app.fallthrough();
  int exit_code = 0;
  mrtrack::cli::RegisterCommands(app, global, exit_code);
  for (const std::string& arg : args) {
    if (arg == "--token" || arg.rfind("--token=", 0) == 0) {
      std::cerr << "mrtrack: warning: --token is visible to other users of this machine (ps, /proc/PID/cmdline); "
                   "use MRTRACK_TOKEN or --token-file\n";
      break;
    }
  }
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
