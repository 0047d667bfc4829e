#include "daemon/web/oidc_client.h"

#include <httplib.h>

#include "common/crypto.h"
#include "daemon/web/http_bits.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

constexpr std::chrono::hours kDiscoveryLifetime{1};
constexpr std::chrono::seconds kKeysRefetchGap{30};
// Bounds what the provider's answers may make mrtrackd hold.
constexpr std::size_t kMaxAnswerBytes = 1 << 20;

struct Answer {
  int status = 0;
  std::string content_type;
  std::string body;
};

// "https://host:port/path?query" -> ("https://host:port", "/path?query").
std::pair<std::string, std::string> SplitOrigin(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

// One call. kUnavailable when there is no answer; any HTTP status is an answer.
Result<Answer> Call(const config::OidcOptions& oidc, const std::string& method, const std::string& url,
                    const httplib::Headers& headers, const std::string& form_body = "") {
  auto [origin, target] = SplitOrigin(url);
  httplib::Client client(origin);
  if (!client.is_valid()) return Status(StatusCode::kUnavailable, "not a URL mrtrackd can call: " + url);
  const auto timeout = static_cast<time_t>(oidc.timeout.count());
  client.set_connection_timeout(timeout, 0);
  client.set_read_timeout(timeout, 0);
  client.set_write_timeout(timeout, 0);
  client.set_follow_location(false);
  httplib::Result result = method == "POST"
                               ? client.Post(target.c_str(), headers, form_body, "application/x-www-form-urlencoded")
                               : client.Get(target.c_str(), headers);
  if (!result) {
    return Status(StatusCode::kUnavailable,
                  oidc.name + " could not be reached at " + origin + " (" + httplib::to_string(result.error()) + ")");
  }
  if (result->body.size() > kMaxAnswerBytes) {
    return Status(StatusCode::kUnavailable, oidc.name + " answered " + url + " with more than 1 MiB");
  }
  return Answer{result->status, result->get_header_value("Content-Type"), std::move(result->body)};
}

Result<json> JsonAnswer(const config::OidcOptions& oidc, const std::string& what, const Answer& answer) {
  json body = json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (answer.status != 200 || !body.is_object()) {
    return Status(StatusCode::kUnavailable, oidc.name + " answered its " + what + " with HTTP " +
                                                std::to_string(answer.status) +
                                                (body.is_object() ? "" : " and no JSON object"));
  }
  return body;
}

std::string Member(const json& doc, const char* name) {
  return doc.contains(name) && doc[name].is_string() ? doc[name].get<std::string>() : "";
}

}  // namespace

Result<OidcEndpoints> OidcClient::Discover(const config::OidcOptions& oidc) {
  {
    MutexLock lock(&mu_);
    if (cached_.issuer == oidc.issuer && clock_.Now() - cached_.discovered < kDiscoveryLifetime) {
      return cached_.endpoints;
    }
  }
  MRTRACK_ASSIGN_OR_RETURN(
      Answer answer, Call(oidc, "GET", oidc.issuer + "/.well-known/openid-configuration", {{"Accept", "application/json"}}));
  MRTRACK_ASSIGN_OR_RETURN(json doc, JsonAnswer(oidc, "discovery document", answer));
  // OpenID Connect Discovery 4.3: the document must be the issuer's own.
  if (Member(doc, "issuer") != oidc.issuer) {
    return Status(StatusCode::kFailedPrecondition, "the discovery document of " + oidc.issuer + " names the issuer \"" +
                                                       Member(doc, "issuer") + "\": check [web.oidc] issuer");
  }
  OidcEndpoints endpoints{Member(doc, "authorization_endpoint"), Member(doc, "token_endpoint"), Member(doc, "jwks_uri"),
                          Member(doc, "userinfo_endpoint")};
  if (endpoints.authorization.empty() || endpoints.token.empty() || endpoints.jwks.empty()) {
    return Status(StatusCode::kUnavailable,
                  "the discovery document of " + oidc.issuer + " lacks an authorization, token or jwks_uri endpoint");
  }
  MutexLock lock(&mu_);
  if (cached_.issuer != oidc.issuer) cached_ = Cached{};
  cached_.issuer = oidc.issuer;
  cached_.endpoints = endpoints;
  cached_.discovered = clock_.Now();
  return endpoints;
}

Result<json> OidcClient::Keys(const config::OidcOptions& oidc, const OidcEndpoints& endpoints, bool refresh) {
  {
    MutexLock lock(&mu_);
    const bool have = cached_.issuer == oidc.issuer && cached_.keys_uri == endpoints.jwks && !cached_.keys.is_null();
    if (have && (!refresh || clock_.Now() - cached_.keys_fetched < kKeysRefetchGap)) return cached_.keys;
  }
  MRTRACK_ASSIGN_OR_RETURN(Answer answer, Call(oidc, "GET", endpoints.jwks, {{"Accept", "application/json"}}));
  MRTRACK_ASSIGN_OR_RETURN(json keys, JsonAnswer(oidc, "key set", answer));
  MutexLock lock(&mu_);
  if (cached_.issuer == oidc.issuer) {
    cached_.keys = keys;
    cached_.keys_uri = endpoints.jwks;
    cached_.keys_fetched = clock_.Now();
  }
  return keys;
}

Result<OidcTokens> OidcClient::ExchangeCode(const config::OidcOptions& oidc, const OidcEndpoints& endpoints,
                                            const std::string& code, const std::string& redirect_uri,
                                            const std::string& code_verifier) {
  // RFC 6749 2.3.1: the id and the secret are form-encoded before Basic's base64.
  const std::string basic = Base64Encode(UrlEncode(oidc.client_id) + ":" + UrlEncode(oidc.client_secret));
  const std::string body = "grant_type=authorization_code&code=" + UrlEncode(code) +
                           "&redirect_uri=" + UrlEncode(redirect_uri) + "&code_verifier=" + UrlEncode(code_verifier);
  MRTRACK_ASSIGN_OR_RETURN(
      Answer answer,
      Call(oidc, "POST", endpoints.token, {{"Authorization", "Basic " + basic}, {"Accept", "application/json"}}, body));
  json doc = json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (answer.status == 400 || answer.status == 401) {
    std::string error = doc.is_object() ? Member(doc, "error") : "";
    std::string description = doc.is_object() ? Member(doc, "error_description") : "";
    if (error == "invalid_client") {
      return Status(StatusCode::kFailedPrecondition,
                    oidc.name + " does not accept mrtrackd's client id and secret (invalid_client): check [web.oidc]");
    }
    return Status(StatusCode::kUnauthenticated,
                  oidc.name + " refused the sign-in code (" + (error.empty() ? "HTTP " + std::to_string(answer.status) : error) +
                      (description.empty() ? "" : ": " + description) + "); it may have expired or been used already");
  }
  MRTRACK_ASSIGN_OR_RETURN(json tokens, JsonAnswer(oidc, "token request", answer));
  OidcTokens out{Member(tokens, "id_token"), Member(tokens, "access_token")};
  if (out.id_token.empty()) return Status(StatusCode::kUnavailable, oidc.name + " answered the token request without an ID token");
  return out;
}

Result<json> OidcClient::UserInfo(const config::OidcOptions& oidc, const OidcEndpoints& endpoints,
                                  const std::string& access_token) {
  if (endpoints.userinfo.empty() || access_token.empty()) return json::object();
  MRTRACK_ASSIGN_OR_RETURN(
      Answer answer,
      Call(oidc, "GET", endpoints.userinfo, {{"Authorization", "Bearer " + access_token}, {"Accept", "application/json"}}));
  return JsonAnswer(oidc, "userinfo request", answer);
}

}  // namespace mrtrack::daemon::web
