#include "config/config.h"

namespace mrtrack::config {

const Unit* Config::FindUnit(const std::string& id) const {
  for (const auto& u : units) {
    if (u.id == id) return &u;
  }
  return nullptr;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kEditor: return "editor";
    case Role::kAuditor: return "auditor";
    case Role::kReader: return "reader";
  }
  return "reader";
}

}  // namespace mrtrack::config
