// Loading and validating what the web app reads from the config: the people
// who sign in ([[users]]) and the [web] section. Internal to config/.
#pragma once

#include "common/status.h"
#include "config/config.h"
#include "config/toml_reader.h"

namespace mrtrack::config {

// A secret kept in a file (relative paths against `base_dir`, the config
// file's folder): the whole content minus trailing newlines; `key_path`
// names the key in errors.
Result<std::string> ReadSecretFile(const std::string& base_dir, const std::string& file, const std::string& key_path);

// A duration key ("30m", "12h"; load.h ParseDuration) into `out`; absent: untouched.
Status ReadDurationKey(TomlReader& r, const char* key, std::chrono::seconds& out);

Status LoadUser(TomlReader& r, User& u);
Status LoadWeb(TomlReader& r, const std::string& base_dir, WebOptions& web);
// Users: an e-mail each, unique regardless of case; known units; editors need
// units; password hashes in the one supported encoding. [web]: sane limits,
// and [web.oidc] as ValidateOidc says.
Status ValidateWeb(const Config& c);

// [web.oidc] (load_web_oidc.cc): the client secret read from its file.
Status LoadOidc(TomlReader& r, const std::string& base_dir, OidcOptions& oidc);
// Off, or on with everything it needs: an issuer over https (http only on
// loopback), a client id and secret, a redirect URI ending in
// /sign-in/oidc/callback, the scope openid, claim names.
Status ValidateOidc(const OidcOptions& oidc);

}  // namespace mrtrack::config
