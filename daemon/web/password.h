// Password hashes of the people in [[users]]: argon2id (RFC 9106) through
// Debian's libargon2, in the PHC string encoding
// ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>"), which carries its own
// parameters, so hashes made with other costs keep verifying.
//
// Thread safety: pure functions (each call allocates its own memory blocks).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace mrtrack::daemon::web {

// Hashes `password` with a random salt and the cost OWASP recommends for
// argon2id (19 MiB, 2 passes, 1 lane). kInvalidArgument for an empty password.
Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches `encoded` (an argon2id PHC string). False for
// any malformed hash; never throws.
bool VerifyPassword(const std::string& encoded, std::string_view password);

}  // namespace mrtrack::daemon::web
