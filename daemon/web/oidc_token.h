// The pure parts of signing in through an OpenID Connect provider
// (docs/WEB.md "OpenID Connect"): PKCE (RFC 7636, S256), a JSON Web Key
// (RFC 7517) as the PEM public key libjwt takes, and the checks of an ID
// token (OpenID Connect Core 3.1.3.7): its RS256/RS384/RS512 signature
// against the provider's key set, iss, aud (and azp), exp, iat, nbf, nonce.
//
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace mrtrack::daemon::web {

// Base64url without padding (RFC 7515 appendix C), and its inverse, which
// also takes padded text; kInvalidArgument for anything else.
std::string Base64UrlEncode(std::string_view bytes);
Result<std::string> Base64UrlDecode(std::string_view text);

// The S256 code challenge of a PKCE code verifier: BASE64URL(SHA-256(verifier)).
// (Verifiers, states and nonces are sessions.h RandomToken()s: 64 hex digits.)
std::string PkceChallenge(std::string_view verifier);

// An RSA public JWK ({"kty":"RSA","n":...,"e":...}) as a PEM
// SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----"). kInvalidArgument
// for another key type, a private key's use, or a malformed n or e.
Result<std::string> JwkToPem(const nlohmann::json& jwk);

struct IdTokenExpectations {
  std::string issuer;     // iss must be exactly this.
  std::string client_id;  // aud must hold it; azp, when present, must be it.
  std::string nonce;      // nonce must be exactly this.
  Timestamp now;
  // Clock difference tolerated between mrtrackd and the provider.
  std::chrono::seconds leeway{60};
  // An ID token issued longer ago than this (plus the leeway) is refused:
  // the one mrtrackd receives comes straight from the token endpoint.
  std::chrono::seconds max_age{10 * 60};
};

// The claims of `id_token` once every check has passed. The key is the one of
// `jwks` ({"keys":[...]}) whose kid is the token header's (or its only RSA
// signing key when the header names none). kUnauthenticated, with a message
// a person can be shown, for a bad signature, an algorithm other than
// RS256/RS384/RS512 (so "none" and HMAC with the public key are refused), an
// unknown kid (kNotFound: the caller may fetch the key set again), and each
// failed claim check.
Result<nlohmann::json> VerifyIdToken(const std::string& id_token, const nlohmann::json& jwks,
                                     const IdTokenExpectations& expect);

}  // namespace mrtrack::daemon::web
