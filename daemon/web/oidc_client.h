// mrtrackd's calls to the OpenID Connect provider of [web.oidc]: discovery
// (<issuer>/.well-known/openid-configuration), its key set (jwks_uri), the
// exchange of an authorization code at the token endpoint with the client
// authenticated by HTTP Basic (client_secret_basic) and the PKCE verifier,
// and the userinfo endpoint. Over cpp-httplib, each call bounded by
// [web.oidc] timeout; the client secret goes only into the Authorization
// header of the token request, never into a message or a log.
//
// The discovery document is kept for an hour and the key set until a token
// names a key it lacks (the provider rotated its keys), then fetched anew at
// most once per 30 s.
//
// Thread safety: safe for concurrent use; no lock is held during a call.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"
#include "config/config.h"

namespace mrtrack::daemon::web {

struct OidcEndpoints {
  std::string authorization;  // authorization_endpoint
  std::string token;          // token_endpoint
  std::string jwks;           // jwks_uri
  std::string userinfo;       // userinfo_endpoint; may be empty
};

struct OidcTokens {
  std::string id_token;
  std::string access_token;
};

class OidcClient {
 public:
  explicit OidcClient(const Clock& clock) : clock_(clock) {}

  // The provider's endpoints. kUnavailable when it cannot be reached or
  // answers badly; kFailedPrecondition when its document names another issuer.
  Result<OidcEndpoints> Discover(const config::OidcOptions& oidc);
  // Its key set ({"keys": [...]}); `refresh` asks for it anew (rate-limited).
  Result<nlohmann::json> Keys(const config::OidcOptions& oidc, const OidcEndpoints& endpoints, bool refresh);
  // The tokens for an authorization code. kUnauthenticated when the
  // provider refuses it (an expired or used code: its error is in the message).
  Result<OidcTokens> ExchangeCode(const config::OidcOptions& oidc, const OidcEndpoints& endpoints,
                                  const std::string& code, const std::string& redirect_uri,
                                  const std::string& code_verifier);
  // The userinfo claims of the access token's person.
  Result<nlohmann::json> UserInfo(const config::OidcOptions& oidc, const OidcEndpoints& endpoints,
                                  const std::string& access_token);

 private:
  struct Cached {
    std::string issuer;
    OidcEndpoints endpoints;
    Timestamp discovered{};
    nlohmann::json keys;  // null until fetched
    std::string keys_uri;
    Timestamp keys_fetched{};
  };

  const Clock& clock_;
  mutable Mutex mu_;
  Cached cached_ MRTRACK_GUARDED_BY(mu_);
};

}  // namespace mrtrack::daemon::web
