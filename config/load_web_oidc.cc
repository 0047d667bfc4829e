// [web.oidc]: signing in through the organisation's OpenID Connect provider
// (docs/WEB.md "OpenID Connect").
#include <algorithm>
#include <optional>

#include "config/load.h"
#include "config/load_web.h"

namespace mrtrack::config {
namespace {

struct UrlParts {
  std::string scheme;  // "https" or "http"
  std::string host;    // Without the port; an IPv6 literal keeps its brackets.
  std::string path;    // From the first '/' after the host (may be empty).
};

// An absolute http(s) URL without user info, query or fragment, or nullopt.
std::optional<UrlParts> SplitUrl(const std::string& url) {
  UrlParts parts;
  std::size_t rest;
  if (url.rfind("https://", 0) == 0) {
    parts.scheme = "https";
    rest = 8;
  } else if (url.rfind("http://", 0) == 0) {
    parts.scheme = "http";
    rest = 7;
  } else {
    return std::nullopt;
  }
  if (url.find_first_of("?#@ ", rest) != std::string::npos) return std::nullopt;
  std::size_t slash = url.find('/', rest);
  std::string authority = url.substr(rest, slash == std::string::npos ? std::string::npos : slash - rest);
  parts.path = slash == std::string::npos ? "" : url.substr(slash);
  std::size_t port = authority.rfind(':');
  if (port != std::string::npos && authority.find(']', port) == std::string::npos) authority.resize(port);
  if (authority.empty()) return std::nullopt;
  parts.host = authority;
  return parts;
}

// Plain HTTP carries the client secret and the tokens in the clear: only
// to a provider on this machine (a test's, or one behind a local proxy).
bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace

Status LoadOidc(TomlReader& r, const std::string& base_dir, OidcOptions& oidc) {
  std::string secret_file;
  MRTRACK_RETURN_IF_ERROR(r.String("issuer", oidc.issuer));
  MRTRACK_RETURN_IF_ERROR(r.String("name", oidc.name));
  MRTRACK_RETURN_IF_ERROR(r.String("client_id", oidc.client_id));
  MRTRACK_RETURN_IF_ERROR(r.String("client_secret_file", secret_file));
  MRTRACK_RETURN_IF_ERROR(r.String("redirect_uri", oidc.redirect_uri));
  MRTRACK_RETURN_IF_ERROR(r.StringList("scopes", oidc.scopes));
  MRTRACK_RETURN_IF_ERROR(r.String("email_claim", oidc.email_claim));
  MRTRACK_RETURN_IF_ERROR(r.String("name_claim", oidc.name_claim));
  MRTRACK_RETURN_IF_ERROR(r.String("role_claim", oidc.role_claim));
  MRTRACK_RETURN_IF_ERROR(r.String("units_claim", oidc.units_claim));
  MRTRACK_RETURN_IF_ERROR(ReadDurationKey(r, "timeout", oidc.timeout));
  if (r.Has("client_secret")) {
    return InvalidArgument("the secret goes in a file: client_secret_file = \"path\"", r.PathOf("client_secret"));
  }
  MRTRACK_RETURN_IF_ERROR(r.CheckNoUnknownKeys());
  if (oidc.issuer.empty()) {
    return InvalidArgument("needs the provider's issuer URL (or leave out [web.oidc])", r.PathOf("issuer"));
  }
  // The discovery document's issuer must match exactly; a trailing slash is the usual slip.
  while (oidc.issuer.size() > 8 && oidc.issuer.back() == '/') oidc.issuer.pop_back();
  if (secret_file.empty()) {
    return InvalidArgument("needs the file holding the client secret", r.PathOf("client_secret_file"));
  }
  MRTRACK_ASSIGN_OR_RETURN(oidc.client_secret, ReadSecretFile(base_dir, secret_file, r.PathOf("client_secret_file")));
  if (oidc.name.empty()) {
    if (auto parts = SplitUrl(oidc.issuer)) oidc.name = parts->host;
  }
  return Status::Ok();
}

Status ValidateOidc(const OidcOptions& oidc) {
  if (!oidc.enabled()) return Status::Ok();
  auto issuer = SplitUrl(oidc.issuer);
  if (!issuer) return InvalidArgument("must be an https:// URL without query or fragment", "web.oidc.issuer");
  if (issuer->scheme == "http" && !IsLoopback(issuer->host)) {
    return InvalidArgument("must be https:// (http:// only for a provider on loopback)", "web.oidc.issuer");
  }
  if (oidc.client_id.empty()) return InvalidArgument("needs the client id registered at the provider", "web.oidc.client_id");
  if (!oidc.redirect_uri.empty()) {
    auto redirect = SplitUrl(oidc.redirect_uri);
    const std::string kPath = "/sign-in/oidc/callback";
    if (!redirect || redirect->path.size() < kPath.size() ||
        redirect->path.compare(redirect->path.size() - kPath.size(), kPath.size(), kPath) != 0) {
      return InvalidArgument("must be mrtrackd's address as people reach it followed by " + kPath,
                             "web.oidc.redirect_uri");
    }
  }
  if (std::find(oidc.scopes.begin(), oidc.scopes.end(), "openid") == oidc.scopes.end()) {
    return InvalidArgument("must include \"openid\"", "web.oidc.scopes");
  }
  for (const auto& [value, key] : {std::pair{&oidc.email_claim, "email_claim"}, std::pair{&oidc.name_claim, "name_claim"},
                                   std::pair{&oidc.role_claim, "role_claim"}, std::pair{&oidc.units_claim, "units_claim"}}) {
    if (value->empty()) return InvalidArgument("must name a claim", std::string("web.oidc.") + key);
  }
  if (oidc.timeout < std::chrono::seconds(1) || oidc.timeout > std::chrono::minutes(5)) {
    return InvalidArgument("must be between 1s and 5m", "web.oidc.timeout");
  }
  return Status::Ok();
}

}  // namespace mrtrack::config
