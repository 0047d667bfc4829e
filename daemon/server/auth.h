// Bearer-token authentication and the role matrix (docs/API.md
// "Authentication and roles").
//
// Tokens are known only by their SHA-256 (from the config); a presented token
// is hashed and compared in constant time against every configured hash, so
// neither the token nor the timing of the comparison tells anything about the
// stored hashes. Nothing here logs a token.
//
// Thread safety: an Authenticator is immutable after construction; safe to use
// from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "config/config.h"
#include "daemon/server/route_table.h"

namespace mrtrack::daemon {

class Authenticator {
 public:
  explicit Authenticator(const std::vector<config::Token>& tokens);

  // Checks an Authorization header value ("Bearer <token>"). Errors are
  // kUnauthenticated with a message that never repeats the token.
  Result<Principal> Authenticate(std::string_view authorization_header) const;

 private:
  struct Entry {
    std::string digest;  // Raw 32 bytes of the SHA-256.
    Principal principal;
  };
  std::vector<Entry> entries_;
};

// The role matrix: whether `role` may use routes of `access`.
bool RoleAllows(config::Role role, Access access);

// Whether `principal` may change an action whose responsible units are
// `action_units`: admins always, editors only when the units intersect.
// kPermissionDenied otherwise, naming the units.
Status CheckMayChangeAction(const Principal& principal, const std::vector<std::string>& action_units);

}  // namespace mrtrack::daemon
