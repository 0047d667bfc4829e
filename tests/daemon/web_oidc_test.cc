// Unit tests of the pure parts of signing in through an OpenID Connect
// provider: PKCE, JWK to PEM, the ID token's signature and claim checks
// (with RSA keys made here and tokens signed by libjwt), the claims that
// make a person, and the pending sign-ins (state, binding, expiry, replay).
#include "daemon/web/oidc_token.h"

#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

#include "common/clock.h"
#include "common/crypto.h"
#include "config/load.h"
#include "daemon/web/oidc_person.h"
#include "daemon/web/oidc_sign_ins.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

// An RSA key pair made for the test, as the provider holds it (PEM, for
// libjwt to sign) and publishes it (a JWK).
struct TestKey {
  std::shared_ptr<EVP_PKEY> key;
  std::string private_pem;
  json jwk;

  static TestKey Make(const std::string& kid, unsigned bits = 2048) {
    TestKey k;
    k.key.reset(EVP_RSA_gen(bits), EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new(BIO_s_mem()), BIO_free_all);
    PEM_write_bio_PrivateKey(bio.get(), k.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    k.private_pem.assign(data, static_cast<std::size_t>(len));
    k.jwk = {{"kty", "RSA"}, {"kid", kid}, {"use", "sig"}, {"alg", "RS256"},
             {"n", Member(k.key.get(), OSSL_PKEY_PARAM_RSA_N)}, {"e", Member(k.key.get(), OSSL_PKEY_PARAM_RSA_E)}};
    return k;
  }

  static std::string Member(EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(key, name, &bn);
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(bn);
    return Base64UrlEncode(bytes);
  }
};

// A JWT of `claims` signed with `key` (PEM for RS*, the secret for HS*, none for none).
std::string Sign(const json& claims, jwt_alg_t alg, const std::string& key, const std::string& kid) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_grants_json(jwt, claims.dump().c_str());
  if (!kid.empty()) jwt_add_header(jwt, "kid", kid.c_str());
  jwt_set_alg(jwt, alg, key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
              static_cast<int>(key.size()));
  char* out = jwt_encode_str(jwt);
  std::string token = out != nullptr ? out : "";
  free(out);  // NOLINT: libjwt's string.
  jwt_free(jwt);
  return token;
}

constexpr std::int64_t kNow = 1780000000;

IdTokenExpectations Expect() {
  return {"https://login.example.org", "mrtrack", "nonce-1", Timestamp(std::chrono::seconds(kNow))};
}

json GoodClaims() {
  return {{"iss", "https://login.example.org"}, {"aud", "mrtrack"}, {"sub", "person-1"}, {"nonce", "nonce-1"},
          {"iat", kNow - 5}, {"exp", kNow + 300}, {"email", "amina@example.org"}};
}

class IdTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_ = new TestKey(TestKey::Make("k1"));
    other_ = new TestKey(TestKey::Make("k1"));
  }
  static void TearDownTestSuite() {
    delete key_;
    delete other_;
  }
  json Jwks() const { return {{"keys", json::array({key_->jwk})}}; }
  std::string Token(const json& claims) const { return Sign(claims, JWT_ALG_RS256, key_->private_pem, "k1"); }
  // The message of the refusal of a token with `claims` changed by `change`.
  std::string RefusalOf(const std::function<void(json&)>& change, IdTokenExpectations expect = Expect()) const {
    json claims = GoodClaims();
    change(claims);
    auto r = VerifyIdToken(Token(claims), Jwks(), expect);
    if (r.ok()) return "accepted";
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << r.status().ToString();
    return r.status().message();
  }

  static TestKey* key_;
  static TestKey* other_;  // Same kid, another key: a forger's.
};
TestKey* IdTokenTest::key_ = nullptr;
TestKey* IdTokenTest::other_ = nullptr;

TEST(PkceTest, ChallengeOfRfc7636AppendixB) {
  EXPECT_EQ(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(PkceTest, Base64UrlRoundTripsWithoutPadding) {
  const std::string bytes("\xfb\xff\xfe\x00\x01", 5);
  EXPECT_EQ(Base64UrlEncode(bytes), "-__-AAE");
  EXPECT_EQ(*Base64UrlDecode("-__-AAE"), bytes);
  EXPECT_EQ(*Base64UrlDecode("-__-AAE="), bytes);
  EXPECT_EQ(Base64UrlDecode("+//+AAE").status().code(), StatusCode::kInvalidArgument) << "base64, not base64url";
  EXPECT_EQ(Base64UrlDecode("abcde").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(IdTokenTest, JwkBecomesThePemOfTheSameKey) {
  auto pem = JwkToPem(key_->jwk);
  ASSERT_TRUE(pem.ok()) << pem.status().ToString();
  EXPECT_EQ(pem->rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u) << *pem;
  std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())), BIO_free_all);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> read(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                           EVP_PKEY_free);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(EVP_PKEY_eq(read.get(), key_->key.get()), 1);
  EXPECT_NE(EVP_PKEY_eq(read.get(), other_->key.get()), 1);
}

TEST_F(IdTokenTest, JwksThatAreNoRsaPublicKeysAreRefused) {
  json ec = {{"kty", "EC"}, {"crv", "P-256"}, {"x", "AA"}, {"y", "AA"}};
  EXPECT_EQ(JwkToPem(ec).status().message(), "not an RSA key (kty)");
  json no_n = key_->jwk;
  no_n.erase("n");
  EXPECT_EQ(JwkToPem(no_n).status().message(), "the key has no \"n\"");
  json bad_e = key_->jwk;
  bad_e["e"] = "A+B/";
  EXPECT_EQ(JwkToPem(bad_e).status().code(), StatusCode::kInvalidArgument);
  json private_key = key_->jwk;
  private_key["d"] = "AQAB";
  EXPECT_EQ(JwkToPem(private_key).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(JwkToPem(TestKey::Make("small", 1024).jwk).status().message(), "an RSA key shorter than 2048 bits");
}

TEST_F(IdTokenTest, AGoodTokenGivesItsClaims) {
  auto claims = VerifyIdToken(Token(GoodClaims()), Jwks(), Expect());
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ((*claims)["email"], "amina@example.org");
  EXPECT_EQ((*claims)["sub"], "person-1");
  // A key set without kids and a token without one: its only RSA key.
  json no_kid = key_->jwk;
  no_kid.erase("kid");
  EXPECT_TRUE(VerifyIdToken(Sign(GoodClaims(), JWT_ALG_RS256, key_->private_pem, ""),
                            json{{"keys", json::array({no_kid})}}, Expect()).ok());
  // Audience as a list, with azp.
  json listed = GoodClaims();
  listed["aud"] = json::array({"mrtrack", "api"});
  listed["azp"] = "mrtrack";
  EXPECT_TRUE(VerifyIdToken(Token(listed), Jwks(), Expect()).ok());
}

TEST_F(IdTokenTest, SignaturesThatDoNotVerifyAreRefused) {
  // Signed by another key under the same kid.
  EXPECT_EQ(VerifyIdToken(Sign(GoodClaims(), JWT_ALG_RS256, other_->private_pem, "k1"), Jwks(), Expect()).status().message(),
            "the ID token has a signature that does not verify");
  // A payload changed after signing.
  std::string token = Token(GoodClaims());
  std::size_t first = token.find('.'), second = token.find('.', first + 1);
  json forged = GoodClaims();
  forged["email"] = "boss@example.org";
  std::string tampered = token.substr(0, first + 1) + Base64UrlEncode(forged.dump()) + token.substr(second);
  EXPECT_EQ(VerifyIdToken(tampered, Jwks(), Expect()).status().code(), StatusCode::kUnauthenticated);
  // No signature at all, and HMAC keyed with the public key (the classic algorithm confusion).
  EXPECT_NE(VerifyIdToken(Sign(GoodClaims(), JWT_ALG_NONE, "", "k1"), Jwks(), Expect()).status().message().find("\"none\""),
            std::string::npos);
  auto pem = JwkToPem(key_->jwk);
  ASSERT_TRUE(pem.ok());
  EXPECT_NE(VerifyIdToken(Sign(GoodClaims(), JWT_ALG_HS256, *pem, "k1"), Jwks(), Expect()).status().message().find("\"HS256\""),
            std::string::npos);
  EXPECT_EQ(VerifyIdToken("not a token", Jwks(), Expect()).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(IdTokenTest, AnUnknownKidIsNotFoundSoTheKeysCanBeFetchedAgain) {
  auto r = VerifyIdToken(Sign(GoodClaims(), JWT_ALG_RS256, key_->private_pem, "k2"), Jwks(), Expect());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "the provider's key set has no RS256 key with kid \"k2\"");
}

TEST_F(IdTokenTest, EachClaimIsChecked) {
  EXPECT_EQ(RefusalOf([](json& c) { c["iss"] = "https://evil.example.org"; }),
            "the ID token was issued by \"https://evil.example.org\", not by https://login.example.org");
  EXPECT_EQ(RefusalOf([](json& c) { c["aud"] = "another-client"; }), "the ID token is not meant for this client (aud)");
  EXPECT_EQ(RefusalOf([](json& c) { c["aud"] = json::array({"api", "mrtrack"}); }),
            "the ID token has several audiences and no azp");
  EXPECT_EQ(RefusalOf([](json& c) { c["azp"] = "another-client"; }), "the ID token was given to another client (azp)");
  EXPECT_EQ(RefusalOf([](json& c) { c.erase("exp"); }), "the ID token has no expiry (exp)");
  EXPECT_EQ(RefusalOf([](json& c) { c["exp"] = kNow - 61; }), "the ID token has expired");
  EXPECT_EQ(RefusalOf([](json& c) { c["exp"] = kNow - 59; }), "accepted") << "within the leeway";
  EXPECT_EQ(RefusalOf([](json& c) { c["iat"] = kNow + 120; }), "the ID token was issued in the future (iat): check the clocks");
  EXPECT_EQ(RefusalOf([](json& c) { c["iat"] = kNow - 3600; c["exp"] = kNow + 3600; }),
            "the ID token was issued too long ago (iat)");
  EXPECT_EQ(RefusalOf([](json& c) { c["nbf"] = kNow + 3600; }), "the ID token is not valid yet (nbf)");
  EXPECT_EQ(RefusalOf([](json& c) { c["nonce"] = "nonce-of-another-sign-in"; }),
            "the ID token does not answer this sign-in (nonce)");
  EXPECT_EQ(RefusalOf([](json& c) { c.erase("nonce"); }), "the ID token does not answer this sign-in (nonce)");
  EXPECT_EQ(RefusalOf([](json& c) { c.erase("sub"); }), "the ID token names nobody (sub)");
}

config::Config Directory() {
  auto c = config::LoadConfigString("[[units]]\nid = \"kaz-co\"\n[[units]]\nid = \"kaz-programme\"\n", "t");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  c->web.oidc.name = "Example ID";
  return *c;
}

TEST(OidcPersonTest, ClaimsMakeTheRoleAndUnits) {
  config::Config c = Directory();
  json claims = {{"sub", "1"}, {"email", "amina@example.org"}, {"name", "Amina"}, {"mrtrack_role", "editor"},
                 {"mrtrack_units", json::array({"kaz-programme", "mars-office"})}};
  auto p = PersonFromClaims(claims, c.web.oidc, c);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->email, "amina@example.org");
  EXPECT_EQ(p->name, "Amina");
  EXPECT_EQ(p->role, config::Role::kEditor);
  EXPECT_EQ(p->units, std::vector<std::string>{"kaz-programme"});
  EXPECT_EQ(p->unknown_units, std::vector<std::string>{"mars-office"});
  EXPECT_FALSE(MissesPersonClaims(claims, c.web.oidc));
  EXPECT_TRUE(MissesPersonClaims(json{{"sub", "1"}}, c.web.oidc));

  // A list of groups of which one is a role; one unit as a string; no name: the e-mail.
  json groups = {{"email", "v@example.org"}, {"mrtrack_role", json::array({"staff", "validator"})}, {"mrtrack_units", "kaz-co"}};
  p = PersonFromClaims(groups, c.web.oidc, c);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->role, config::Role::kValidator);
  EXPECT_EQ(p->name, "v@example.org");
  EXPECT_EQ(p->units, std::vector<std::string>{"kaz-co"});

  // Claim names from the config.
  c.web.oidc.role_claim = "groups";
  c.web.oidc.email_claim = "upn";
  p = PersonFromClaims(json{{"upn", "a@example.org"}, {"groups", "auditor"}}, c.web.oidc, c);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->role, config::Role::kAuditor);
}

TEST(OidcPersonTest, NoValidRoleOrNoUnitOrNoEmailIsRefused) {
  config::Config c = Directory();
  auto refusal = [&](const json& claims) {
    auto p = PersonFromClaims(claims, c.web.oidc, c);
    EXPECT_EQ(p.status().code(), StatusCode::kPermissionDenied);
    return p.ok() ? std::string("accepted") : p.status().message();
  };
  EXPECT_EQ(refusal({{"email", "x@example.org"}}),
            "Example ID gives x@example.org no role in mrtrack (claim \"mrtrack_role\": admin, validator, editor, auditor "
            "or reader). Ask your administrator for access.");
  EXPECT_NE(refusal({{"email", "x@example.org"}, {"mrtrack_role", "superuser"}}).find("no role in mrtrack"), std::string::npos);
  EXPECT_NE(refusal({{"email", "x@example.org"}, {"mrtrack_role", json::array({"admin", "reader"})}}).find("several roles"),
            std::string::npos);
  EXPECT_NE(refusal({{"email", "x@example.org"}, {"mrtrack_role", "editor"}, {"mrtrack_units", json::array({"mars"})}})
                .find("an editor but of no unit mrtrack knows"),
            std::string::npos);
  EXPECT_NE(refusal({{"mrtrack_role", "admin"}}).find("gave no e-mail address"), std::string::npos);
  EXPECT_NE(refusal({{"email", "x@example.org"}, {"email_verified", false}, {"mrtrack_role", "admin"}}).find("not verified"),
            std::string::npos);
}

TEST(OidcSignInsTest, AStateIsTakenOnceWithItsBindingWithinItsLifetime) {
  ManualClock clock(Timestamp(std::chrono::hours(1000)));
  OidcSignIns sign_ins(clock);
  auto a = sign_ins.Begin("/actions/x", "http://127.0.0.1:1/sign-in/oidc/callback");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->state.size(), 64u);
  EXPECT_NE(a->state, a->binding);
  EXPECT_NE(a->nonce, a->code_verifier);
  auto taken = sign_ins.Take(a->state, a->binding);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_EQ(taken->next, "/actions/x");
  EXPECT_EQ(taken->nonce, a->nonce);
  EXPECT_EQ(sign_ins.Take(a->state, a->binding).status().code(), StatusCode::kNotFound) << "a replay finds nothing";

  auto b = sign_ins.Begin("/", "u");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(sign_ins.Take(b->state, "another browser's").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(sign_ins.Take(b->state, b->binding).status().code(), StatusCode::kNotFound) << "a refused one is gone too";

  auto c = sign_ins.Begin("/", "u");
  ASSERT_TRUE(c.ok());
  clock.Advance(OidcSignIns::kLifetime);
  EXPECT_EQ(sign_ins.Take(c->state, c->binding).status().code(), StatusCode::kNotFound) << "expired";
}

}  // namespace
}  // namespace mrtrack::daemon::web
