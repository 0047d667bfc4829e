// Loading and validating what the web app reads from the config: the people
// who sign in ([[users]]) and the [web] section. Internal to config/.
#pragma once

#include "common/status.h"
#include "config/config.h"
#include "config/toml_reader.h"

namespace mrtrack::config {

// A duration key ("30m", "12h"; load.h ParseDuration) into `out`; absent: untouched.
Status ReadDurationKey(TomlReader& r, const char* key, std::chrono::seconds& out);

Status LoadUser(TomlReader& r, User& u);
Status LoadWeb(TomlReader& r, WebOptions& web);
// Users: an e-mail each, unique regardless of case; known units; editors need
// units; password hashes in the one supported encoding. [web]: sane limits.
Status ValidateWeb(const Config& c);

}  // namespace mrtrack::config
