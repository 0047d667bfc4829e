#include "daemon/web/oidc_person.h"

#include <algorithm>

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

Status Refused(const std::string& why) { return Status(StatusCode::kPermissionDenied, why); }

// A claim that is one string or a list of strings, as a list.
std::vector<std::string> Strings(const json& claims, const std::string& name) {
  std::vector<std::string> out;
  if (!claims.contains(name)) return out;
  const json& claim = claims.at(name);
  if (claim.is_string()) out.push_back(claim.get<std::string>());
  if (claim.is_array()) {
    for (const auto& v : claim) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

}  // namespace

bool MissesPersonClaims(const json& claims, const config::OidcOptions& oidc) {
  for (const std::string* name : {&oidc.email_claim, &oidc.name_claim, &oidc.role_claim, &oidc.units_claim}) {
    if (!claims.contains(*name)) return true;
  }
  return false;
}

Result<OidcPerson> PersonFromClaims(const json& claims, const config::OidcOptions& oidc, const config::Config& config) {
  OidcPerson person;
  const json email = claims.contains(oidc.email_claim) ? claims.at(oidc.email_claim) : json();
  if (!email.is_string() || email.get<std::string>().find('@') == std::string::npos) {
    return Refused(oidc.name + " gave no e-mail address for you (claim \"" + oidc.email_claim +
                   "\"): mrtrack records your changes under it.");
  }
  person.email = email.get<std::string>();
  if (claims.contains("email_verified") && claims["email_verified"] == false) {
    return Refused(oidc.name + " says your e-mail address " + person.email + " is not verified.");
  }
  person.name = claims.contains(oidc.name_claim) && claims[oidc.name_claim].is_string() &&
                        !claims[oidc.name_claim].get<std::string>().empty()
                    ? claims[oidc.name_claim].get<std::string>()
                    : person.email;

  std::vector<config::Role> roles;
  for (const auto& value : Strings(claims, oidc.role_claim)) {
    auto role = config::ParseRole(value);
    if (role.ok() && std::find(roles.begin(), roles.end(), *role) == roles.end()) roles.push_back(*role);
  }
  if (roles.empty()) {
    return Refused(oidc.name + " gives " + person.email + " no role in mrtrack (claim \"" + oidc.role_claim +
                   "\": admin, validator, editor, auditor or reader). Ask your administrator for access.");
  }
  if (roles.size() > 1) {
    return Refused(oidc.name + " gives " + person.email + " several roles in mrtrack (claim \"" + oidc.role_claim +
                   "\"); it must give one.");
  }
  person.role = roles.front();

  for (const auto& unit : Strings(claims, oidc.units_claim)) {
    auto& into = config.FindUnit(unit) != nullptr ? person.units : person.unknown_units;
    if (std::find(into.begin(), into.end(), unit) == into.end()) into.push_back(unit);
  }
  if (person.role == config::Role::kEditor && person.units.empty()) {
    return Refused(oidc.name + " makes " + person.email + " an editor but of no unit mrtrack knows (claim \"" +
                   oidc.units_claim + "\"). Ask your administrator for access.");
  }
  return person;
}

}  // namespace mrtrack::daemon::web
