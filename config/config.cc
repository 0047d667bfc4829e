#include "config/config.h"

namespace mrtrack::config {

const Unit* Config::FindUnit(const std::string& id) const {
  for (const auto& u : units) {
    if (u.id == id) return &u;
  }
  return nullptr;
}

std::string PublicBaseUrl(const Config& config) {
  std::string base = config.server.public_url;
  if (base.empty()) {
    base = (config.server.tls_certificate.empty() ? "http://" : "https://") + config.server.listen;
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kEditor: return "editor";
    case Role::kAuditor: return "auditor";
    case Role::kReader: return "reader";
    case Role::kValidator: return "validator";
  }
  return "reader";
}

Result<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kAdmin, Role::kValidator, Role::kEditor, Role::kAuditor, Role::kReader}) {
    if (name == RoleName(role)) return role;
  }
  return InvalidArgument("unknown role '" + std::string(name) + "': expected admin, validator, editor, auditor or reader");
}

}  // namespace mrtrack::config
