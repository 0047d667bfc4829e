// Who a person signed in through the OpenID Connect provider is to mrtrack:
// their e-mail (the actor of their changes), name, role and units, read
// from the claims [web.oidc] names (docs/WEB.md "OpenID Connect").
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "config/config.h"

namespace mrtrack::daemon::web {

struct OidcPerson {
  std::string email;
  std::string name;
  config::Role role = config::Role::kReader;
  std::vector<std::string> units;           // Units of the directory only.
  std::vector<std::string> unknown_units;   // Given by the provider, not in the directory (dropped).
};

// Whether `claims` lack any claim PersonFromClaims reads (then the
// provider's userinfo endpoint is asked for them).
bool MissesPersonClaims(const nlohmann::json& claims, const config::OidcOptions& oidc);

// The person `claims` describe. kPermissionDenied, with a message for the
// person, when there is no e-mail (or the provider says it is not
// verified), when the role claim holds no mrtrack role or several, and for
// an editor with no unit of the directory. The role claim may be a string
// or a list (values that are not mrtrack roles are ignored: a list of groups
// works); the units claim a list of unit ids or one id.
Result<OidcPerson> PersonFromClaims(const nlohmann::json& claims, const config::OidcOptions& oidc,
                                    const config::Config& config);

}  // namespace mrtrack::daemon::web
