// Shared plumbing of the subcommands (internal to daemon/cli).
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "daemon/cli/backend.h"
#include "daemon/cli/cli_commands.h"

namespace mrtrack::cli {

Result<std::string> ReadTextFile(const std::string& path);

// Opens the backend, runs `body`, then prints its JSON (--json) or `render`s
// it; on error prints it and sets exit_code.
void RunCommand(GlobalOptions& g, int& exit_code, const std::function<Result<nlohmann::json>(Backend&)>& body,
                void (*render)(const nlohmann::json&, std::ostream&));

inline void AddAsOf(Query& q, const GlobalOptions& g) {
  if (!g.as_of.empty()) q.emplace("as_of", g.as_of);
}

}  // namespace mrtrack::cli
