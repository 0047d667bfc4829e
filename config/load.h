// Loading the TOML configuration (README "Configuration").
//
// Every problem is an error naming the key path ("units[2].escalation") and
// why; unknown keys are errors, not silence. Secrets may live in files
// (`password_file`, `token_file`, `secret_file`) so the TOML itself can be
// world-readable; relative paths are resolved against the config file's folder.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "config/config.h"

namespace mrtrack::config {

// Parses and validates the file at `path`.
Result<Config> LoadConfigFile(const std::string& path);

// Parses and validates TOML text; `source` names it in errors, `base_dir`
// resolves relative secret files.
Result<Config> LoadConfigString(std::string_view toml, const std::string& source,
                                const std::string& base_dir = ".");

// The configuration used when none is given: loopback listener, data in
// ./mrtrack-data, the example unit directory, mail to a Maildir.
Result<Config> LoadEmbeddedDefault();
std::string_view EmbeddedDefaultToml();

// A human summary for `mrtrackd --check-config`: what was read and what it means.
std::string DescribeConfig(const Config& config);

// Parses "30d", "12h", "15m", "90s" (a non-negative integer and a unit).
Result<std::chrono::seconds> ParseDuration(std::string_view text);

}  // namespace mrtrack::config
