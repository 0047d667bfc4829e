// The subcommands of `mrtrack` and the options they share.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "common/status.h"
#include "daemon/cli/backend.h"

namespace mrtrack::cli {

struct GlobalOptions {
  std::string url, token, token_file, data_dir, config_file, actor, as_of;
  bool json = false;
};

// Connects to the daemon (--url) or opens the data directory (--data-dir).
Result<std::unique_ptr<Backend>> OpenBackend(const GlobalOptions& global);

// Adds every subcommand to `app`. A command's callback sets `exit_code`:
// 0 done, 1 failed (the error went to stderr), 3 verification found damage.
void RegisterCommands(CLI::App& app, GlobalOptions& global, int& exit_code);

// Prints "mrtrack: <code>: <message> (at <field>)" to stderr; returns 1.
int ReportError(const Status& status);

}  // namespace mrtrack::cli
