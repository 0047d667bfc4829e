// LocalBackend: the CLI working directly on a data directory, without a
// daemon. It opens the same store and projections mrtrackd opens and answers
// through the daemon's own route handlers (in process, as an admin acting
// under --actor), so both modes give the same JSON and the same errors.
#pragma once

#include <memory>
#include <string>

#include "daemon/cli/backend.h"

namespace mrtrack::cli {

struct LocalOptions {
  std::string data_dir;
  std::string config_file;  // Empty: the embedded default (units, time zone).
  std::string actor;        // Empty: "cli:$USER".
};

Result<std::unique_ptr<Backend>> MakeLocalBackend(const LocalOptions& options);

}  // namespace mrtrack::cli
