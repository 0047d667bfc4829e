// mrtrackd: wiring only. Parses the command line, loads the config, sets up
// logging, starts the App and runs the event loop until SIGTERM/SIGINT.
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <sys/resource.h>
#include <csignal>
#include <iostream>
#include <thread>
#include <vector>

#include "config/load.h"
#include "daemon/server/app.h"
#include "daemon/server/core.h"
#include "daemon/server/lifecycle.h"
#include "daemon/server/logging.h"
#include "daemon/web/password.h"

namespace {

using namespace mrtrack;
using namespace mrtrack::daemon;

int CheckConfig(const std::string& path) {
  auto config = config::LoadConfigFile(path);
  if (!config.ok()) {
    std::cerr << "mrtrackd: " << path << ": " << config.status().ToString() << "\n";
    return 1;
  }
  std::cout << config::DescribeConfig(*config);
  return 0;
}

// Reads one password from stdin (its first line) and prints the argon2id
// hash to paste as a user's password_hash.
int HashPasswordFromStdin() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto hash = web::HashPassword(password);
  if (!hash.ok()) {
    std::cerr << "mrtrackd: " << hash.status().ToString() << " (give it on standard input)\n";
    return 1;
  }
  std::cout << *hash << "\n";
  return 0;
}

int Run(const std::string& config_path) {
  // Until the config says otherwise: text at info.
  ConfigureLogging({"text", "info", StderrIsJournal()}).IgnoreError();
  auto loaded = LoadDaemonConfig(config_path);
  if (!loaded.ok()) {
    Log(spdlog::level::critical, "cannot load the config",
        {{"source", config_path.empty() ? "<embedded default>" : config_path}, {"error", loaded.status().ToString()}});
    return 1;
  }
  if (Status s = ConfigureLogging({loaded->server.log_format, loaded->server.log_level, StderrIsJournal()}); !s.ok()) {
    Log(spdlog::level::critical, "bad logging settings", {{"error", s.ToString()}});
    return 1;
  }
  auto runtime = RuntimeConfig::Make(std::move(*loaded));
  if (!runtime.ok()) {
    Log(spdlog::level::critical, "cannot use the config", {{"error", runtime.status().ToString()}});
    return 1;
  }
  Log(spdlog::level::info, "starting",
      {{"version", Version()},
       {"config", (*runtime)->config().source},
       {"data_dir", (*runtime)->config().storage.data_dir}});

  boost::asio::io_context io;
  std::unique_ptr<App> app;
  // Signals are caught from here on; any that arrive during start-up are
  // handled as soon as the loop runs.
  Lifecycle lifecycle(io, {.on_terminate =
                               [&app, &lifecycle](int signal) {
                                 Log(spdlog::level::info, "stopping: finishing requests in flight",
                                     {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
                                 Lifecycle::NotifyStopping();
                                 if (app) app->BeginShutdown();
                                 lifecycle.Stop();
                               },
                           .on_reload =
                               [&app] {
                                 Log(spdlog::level::info, "reloading the config", {{"signal", "SIGHUP"}});
                                 if (app) app->Reload();
                               }});

  const int io_threads = (*runtime)->config().server.io_threads;
  auto started = App::Start(io, *runtime, config_path);
  if (!started.ok()) {
    Log(spdlog::level::critical, "cannot start", {{"error", started.status().ToString()}});
    return 1;
  }
  app = std::move(*started);
  lifecycle.Start();
  Lifecycle::NotifyReady("serving on " + app->url());
  // server.io_threads run the loop: this thread and the others. run()
  // returns once the HTTP server has drained and the Lifecycle stopped.
  std::vector<std::thread> loop_threads;
  for (int i = 1; i < io_threads; ++i) loop_threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : loop_threads) thread.join();
  app->FinishShutdown();
  Log(spdlog::level::info, "stopped");
  return 0;
}

// Every open connection and event stream is a file descriptor: take the hard
// limit the service manager allows rather than the small soft default.
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // A client that hangs up is an error value, not a signal.
  RaiseOpenFileLimit();
  CLI::App cli{"mrtrackd: the mrtrack daemon (HTTP API, see docs/API.md)", "mrtrackd"};
  std::string config_path, check_path;
  bool version = false, hash_password = false;
  cli.add_option("--config", config_path, "The TOML configuration file (default: the embedded default config)");
  cli.add_option("--check-config", check_path, "Validate FILE, explain what it configures, and exit (0 valid, 1 not)");
  cli.add_flag("--version", version, "Print the version and exit");
  cli.add_flag("--hash-password", hash_password,
               "Read a password on standard input and print its argon2id hash for [[users]] password_hash");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  if (version) {
    std::cout << "mrtrackd " << Version() << "\n";
    return 0;
  }
  if (hash_password) return HashPasswordFromStdin();
  if (!check_path.empty()) return CheckConfig(check_path);
  return Run(config_path);
}
