// Sign-in links carried by reminders (docs/WEB.md "Sign-in links").
//
// A reminder's link to an action, `<public_url>/actions/<id>?signin=<token>`,
// signs its recipient in to the web app as an editor of one unit, for a
// limited time. The token is minted by whoever sends the reminder and checked
// by the web app; both hold the same key, a file in the data directory, so
// replacing that file (RotateSignInLinkKey) or deleting it (a new one is then
// created) revokes every link given out.
//
// Token (URL-safe, no escaping needed):
//   l1.<expires>.<unit>.<recipient as lower-case hex>.<mac>
// where <expires> is Unix seconds, <unit> a unit id ([a-z0-9-]+), and
//   <mac> = hex(HMAC-SHA256(key, "mrtrack sign-in link v1\n" unit "\n" recipient "\n" expires))
// with the key being the 32 bytes whose hex is the key file's content.
//
// Thread safety: pure functions; the key file is written atomically.
#pragma once

#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace mrtrack {

// <data_dir>/sign-in-link.key: 64 hex digits.
std::string SignInLinkKeyPath(const std::string& data_dir);

// The key in the data directory, created (random, mode 0600) when missing.
// kIoError when it cannot be read or written; kCorruption when the file is
// not 64 hex digits.
Result<std::string> LoadSignInLinkKey(const std::string& data_dir);

// Replaces the key with a new random one: every link minted before is void.
Status RotateSignInLinkKey(const std::string& data_dir);

// A token for `recipient` of `unit`, valid until `expires`.
std::string MintSignInLinkToken(std::string_view key, std::string_view unit, std::string_view recipient,
                                Timestamp expires);

struct SignInLink {
  std::string unit;
  std::string recipient;
  Timestamp expires;
};

// Checks a token at `now`: kUnauthenticated when it is malformed, its MAC
// does not match the key (forged, or minted before a rotation) or it expired.
Result<SignInLink> VerifySignInLinkToken(std::string_view key, std::string_view token, Timestamp now);

}  // namespace mrtrack
