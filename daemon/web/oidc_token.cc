#include "daemon/web/oidc_token.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>

#include "common/crypto.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

Status Refused(const std::string& why) { return Status(StatusCode::kUnauthenticated, "the ID token " + why); }

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using JwtPtr = std::unique_ptr<jwt_t, Deleter<jwt_t, jwt_free>>;

void FreeChars(char* p) { free(p); }  // NOLINT: libjwt's strings come from malloc.
using CharsPtr = std::unique_ptr<char, Deleter<char, FreeChars>>;

// A big-endian unsigned integer of a JWK member ("n", "e").
Result<BnPtr> JwkInteger(const json& jwk, const char* member) {
  if (!jwk.contains(member) || !jwk.at(member).is_string()) {
    return InvalidArgument(std::string("the key has no \"") + member + "\"");
  }
  MRTRACK_ASSIGN_OR_RETURN(std::string bytes, Base64UrlDecode(jwk.at(member).get<std::string>()));
  if (bytes.empty()) return InvalidArgument(std::string("the key's \"") + member + "\" is empty");
  BnPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
  if (!bn) return Internal("BN_bin2bn failed");
  return bn;
}

bool IsSupportedAlg(const std::string& alg) { return alg == "RS256" || alg == "RS384" || alg == "RS512"; }

// The signing key of `jwks` the token names by `kid` (or the only RSA one).
Result<json> FindKey(const json& jwks, const std::string& kid, const std::string& alg) {
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return Status(StatusCode::kNotFound, "the provider's key set has no \"keys\"");
  }
  std::vector<json> candidates;
  for (const auto& key : jwks["keys"]) {
    if (!key.is_object() || key.value("kty", "") != "RSA") continue;
    if (key.contains("use") && key["use"] != "sig") continue;
    if (key.contains("alg") && key["alg"] != alg) continue;
    if (!kid.empty() && key.value("kid", "") != kid) continue;
    candidates.push_back(key);
  }
  if (candidates.size() == 1) return candidates.front();
  if (candidates.empty()) {
    return Status(StatusCode::kNotFound, "the provider's key set has no " + alg + " key" +
                                             (kid.empty() ? std::string() : " with kid \"" + kid + "\""));
  }
  return Refused("names no key (kid) and the provider has several");
}

// The header, decoded without trusting it: only to choose the key and to
// refuse algorithms before libjwt sees the token.
Result<json> UnverifiedHeader(const std::string& token) {
  std::size_t dot = token.find('.');
  if (dot == std::string::npos) return Refused("is not a JWT");
  auto bytes = Base64UrlDecode(std::string_view(token).substr(0, dot));
  if (!bytes.ok()) return Refused("has a malformed header");
  json header = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) return Refused("has a malformed header");
  return header;
}

std::int64_t Seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// The claim checks of OpenID Connect Core 3.1.3.7 (2, 3, 9, 10, 11) on
// verified claims.
Status CheckClaims(const json& claims, const IdTokenExpectations& expect) {
  if (claims.value("iss", "") != expect.issuer) {
    return Refused("was issued by \"" + claims.value("iss", "") + "\", not by " + expect.issuer);
  }
  const json aud = claims.value("aud", json());
  bool ours = aud.is_string() ? aud == expect.client_id : false;
  if (aud.is_array()) {
    for (const auto& a : aud) ours = ours || (a.is_string() && a == expect.client_id);
  }
  if (!ours) return Refused("is not meant for this client (aud)");
  if (claims.contains("azp") && claims["azp"] != expect.client_id) return Refused("was given to another client (azp)");
  if (aud.is_array() && aud.size() > 1 && !claims.contains("azp")) {
    return Refused("has several audiences and no azp");
  }
  const std::int64_t now = Seconds(expect.now), leeway = expect.leeway.count();
  if (!claims.contains("exp") || !claims["exp"].is_number()) return Refused("has no expiry (exp)");
  if (now >= claims["exp"].get<std::int64_t>() + leeway) return Refused("has expired");
  if (!claims.contains("iat") || !claims["iat"].is_number()) return Refused("has no issue time (iat)");
  const std::int64_t iat = claims["iat"].get<std::int64_t>();
  if (iat > now + leeway) return Refused("was issued in the future (iat): check the clocks");
  if (iat < now - expect.max_age.count() - leeway) return Refused("was issued too long ago (iat)");
  if (claims.contains("nbf") && (!claims["nbf"].is_number() || claims["nbf"].get<std::int64_t>() > now + leeway)) {
    return Refused("is not valid yet (nbf)");
  }
  if (!claims.contains("nonce") || claims["nonce"] != expect.nonce) {
    return Refused("does not answer this sign-in (nonce)");
  }
  if (!claims.contains("sub") || !claims["sub"].is_string() || claims["sub"].get<std::string>().empty()) {
    return Refused("names nobody (sub)");
  }
  return Status::Ok();
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string s = Base64Encode(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return s;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string s(text);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (c == '+' || c == '/') {
      return InvalidArgument("not base64url");
    }
  }
  if (s.size() % 4 == 1) return InvalidArgument("not base64url");
  s.append((4 - s.size() % 4) % 4, '=');
  return Base64Decode(s);
}

std::string PkceChallenge(std::string_view verifier) {
  Sha256Digest d = Sha256(verifier);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

Result<std::string> JwkToPem(const json& jwk) {
  if (!jwk.is_object() || jwk.value("kty", "") != "RSA") return InvalidArgument("not an RSA key (kty)");
  if (jwk.contains("d")) return InvalidArgument("a private key: the provider publishes it by mistake");
  MRTRACK_ASSIGN_OR_RETURN(BnPtr n, JwkInteger(jwk, "n"));
  MRTRACK_ASSIGN_OR_RETURN(BnPtr e, JwkInteger(jwk, "e"));
  if (BN_num_bits(n.get()) < 2048) return InvalidArgument("an RSA key shorter than 2048 bits");
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return Internal("OSSL_PARAM_BLD failed");
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return InvalidArgument("not a usable RSA public key");
  }
  PkeyPtr key(raw);
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) return Internal("PEM_write_bio_PUBKEY failed");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

Result<json> VerifyIdToken(const std::string& id_token, const json& jwks, const IdTokenExpectations& expect) {
  MRTRACK_ASSIGN_OR_RETURN(json header, UnverifiedHeader(id_token));
  const std::string alg = header.value("alg", "");
  if (!IsSupportedAlg(alg)) return Refused("is signed with \"" + alg + "\"; only RS256, RS384 and RS512 are taken");
  const std::string kid = header.contains("kid") && header["kid"].is_string() ? header["kid"].get<std::string>() : "";
  MRTRACK_ASSIGN_OR_RETURN(json jwk, FindKey(jwks, kid, alg));
  auto pem = JwkToPem(jwk);
  if (!pem.ok()) return Refused("names a key the provider publishes badly: " + pem.status().message());
  jwt_t* raw = nullptr;
  int rc = jwt_decode(&raw, id_token.c_str(), reinterpret_cast<const unsigned char*>(pem->data()),
                      static_cast<int>(pem->size()));
  JwtPtr jwt(raw);
  if (rc != 0 || !jwt) return Refused("has a signature that does not verify");
  // libjwt verified with the algorithm of the header, which was checked above; make sure it was that one.
  if (jwt_get_alg(jwt.get()) != jwt_str_alg(alg.c_str())) return Refused("changed its algorithm");
  CharsPtr grants(jwt_get_grants_json(jwt.get(), nullptr));
  if (!grants) return Refused("has no claims");
  json claims = json::parse(grants.get(), nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return Refused("has malformed claims");
  MRTRACK_RETURN_IF_ERROR(CheckClaims(claims, expect));
  return claims;
}

}  // namespace mrtrack::daemon::web
