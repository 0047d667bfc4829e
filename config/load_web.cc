#include "config/load_web.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/load.h"
#include "config/validate.h"

namespace mrtrack::config {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

}  // namespace

// Reads a secret from a file: the whole content minus trailing newlines.
Result<std::string> ReadSecretFile(const std::string& base_dir, const std::string& file, const std::string& key_path) {
  std::filesystem::path p(file);
  if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
  std::ifstream in(p, std::ios::binary);
  if (!in) return InvalidArgument("cannot read secret file '" + p.string() + "'", key_path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  if (s.empty()) return InvalidArgument("secret file '" + p.string() + "' is empty", key_path);
  return s;
}

Status ReadDurationKey(TomlReader& r, const char* key, std::chrono::seconds& out) {
  std::string text;
  MRTRACK_RETURN_IF_ERROR(r.String(key, text));
  if (text.empty()) return Status::Ok();
  auto d = ParseDuration(text);
  if (!d.ok()) return InvalidArgument(d.status().message(), r.PathOf(key));
  out = *d;
  return Status::Ok();
}

Status LoadUser(TomlReader& r, User& u) {
  std::string role = "reader";
  MRTRACK_RETURN_IF_ERROR(r.String("email", u.email));
  MRTRACK_RETURN_IF_ERROR(r.String("name", u.name));
  MRTRACK_RETURN_IF_ERROR(r.String("role", role));
  MRTRACK_RETURN_IF_ERROR(r.StringList("units", u.units));
  MRTRACK_RETURN_IF_ERROR(r.String("password_hash", u.password_hash));
  MRTRACK_RETURN_IF_ERROR(r.String("language", u.language));
  auto parsed = ParseRole(role);
  if (!parsed.ok()) return InvalidArgument(parsed.status().message(), r.PathOf("role"));
  u.role = *parsed;
  if (u.name.empty()) u.name = u.email;
  return r.CheckNoUnknownKeys();
}

Status LoadWeb(TomlReader& r, const std::string& base_dir, WebOptions& web) {
  MRTRACK_RETURN_IF_ERROR(ReadDurationKey(r, "session_idle", web.session_idle));
  MRTRACK_RETURN_IF_ERROR(ReadDurationKey(r, "session_max", web.session_max));
  std::int64_t link_days = web.link_days;
  MRTRACK_RETURN_IF_ERROR(r.Int("link_days", link_days));
  if (link_days < 1 || link_days > 365) return InvalidArgument("must be between 1 and 365", r.PathOf("link_days"));
  web.link_days = static_cast<int>(link_days);
  MRTRACK_ASSIGN_OR_RETURN(const toml::table* oidc, r.Table("oidc"));
  if (oidc != nullptr) {
    TomlReader o(*oidc, r.PathOf("oidc"));
    MRTRACK_RETURN_IF_ERROR(LoadOidc(o, base_dir, web.oidc));
  }
  return r.CheckNoUnknownKeys();
}

Status ValidateWeb(const Config& c) {
  std::set<std::string> emails;
  for (std::size_t i = 0; i < c.users.size(); ++i) {
    const User& u = c.users[i];
    std::string at = "users[" + std::to_string(i) + "]";
    auto atsign = u.email.find('@');
    if (atsign == std::string::npos || atsign == 0 || atsign + 1 == u.email.size()) {
      return InvalidArgument("needs the person's e-mail address (they sign in with it)", at + ".email");
    }
    if (!emails.insert(Lower(u.email)).second) return InvalidArgument("duplicate user '" + u.email + "'", at + ".email");
    if (!u.password_hash.empty() && u.password_hash.rfind("$argon2id$", 0) != 0) {
      return InvalidArgument("must be an argon2id hash as `mrtrackd --hash-password` prints it ($argon2id$...)",
                             at + ".password_hash");
    }
    MRTRACK_RETURN_IF_ERROR(ValidateLanguage(u.language, at + ".language"));
    if (u.role == Role::kEditor && u.units.empty()) {
      return InvalidArgument("an editor needs the units they may change", at + ".units");
    }
    for (const auto& unit : u.units) {
      if (c.FindUnit(unit) == nullptr) return InvalidArgument("unknown unit '" + unit + "'", at + ".units");
    }
  }
  const WebOptions& w = c.web;
  if (w.session_idle < std::chrono::minutes(1)) return InvalidArgument("must be at least 1m", "web.session_idle");
  if (w.session_max < w.session_idle) return InvalidArgument("must be at least web.session_idle", "web.session_max");
  return ValidateOidc(w.oidc);
}

}  // namespace mrtrack::config
