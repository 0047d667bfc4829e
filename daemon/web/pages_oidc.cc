// Signing in through the organisation's OpenID Connect provider ([web.oidc],
// docs/WEB.md "OpenID Connect"): the authorization code flow with PKCE
// (S256), state and nonce.
//
// GET /sign-in/oidc begins a sign-in (oidc_sign_ins.h) and sends the browser
// to the provider; GET /sign-in/oidc/callback takes its answer: the state
// must be one begun in this browser (its cookie) and not used yet, the code
// is exchanged at the token endpoint, the ID token is verified
// (oidc_token.h), and the claims make the person (oidc_person.h). The
// session is then the same as after a password. Every failure is a page
// that says what happened and offers to start again.
#include "daemon/server/json_io.h"
#include "daemon/server/logging.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/oidc_person.h"
#include "daemon/web/oidc_sign_ins.h"
#include "daemon/web/oidc_token.h"
#include "daemon/web/i18n.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

constexpr char kOidcCookie[] = "mrtrack_oidc";
constexpr char kCallbackPath[] = "/sign-in/oidc/callback";

// Lax, not Strict: the provider's answer is a top-level navigation from its
// site, with which a Strict cookie would not come.
std::string OidcCookie(const std::string& value, bool secure, long max_age) {
  std::string cookie = std::string(kOidcCookie) + "=" + value + "; Path=/sign-in/oidc; HttpOnly; SameSite=Lax";
  if (secure) cookie += "; Secure";
  return cookie + "; Max-Age=" + std::to_string(max_age);
}

// The page of a sign-in that did not happen; the cookie of the attempt goes.
Reply Refusal(const WebContext& web, const RequestContext& ctx, int status, const std::string& message,
              const std::string& next = "/") {
  const auto& oidc = ctx.runtime->config().web.oidc;
  json model = PageFrame(web, ctx, TrFill(PageLanguage(ctx), "sign_in.refused_title", {{"provider", oidc.name}}), "");
  model["message"] = message;
  model["provider"] = oidc.name;
  model["again_href"] = "/sign-in/oidc?next=" + UrlEncode(IsLocalPath(next) ? next : "/");
  Log(spdlog::level::info, "sign-in through the OpenID Connect provider refused",
      {{"status", std::to_string(status)}, {"reason", message}});
  auto page = PageReply("sign_in_refused", std::move(model), status);
  Reply reply = page.ok() ? std::move(*page) : HtmlReply("<!doctype html><title>Sign-in refused</title><p>" + message, status);
  reply.headers.emplace_back("Set-Cookie", OidcCookie("", ServedOverTls(ctx), 0));
  return reply;
}

int HttpStatusOfFailure(StatusCode code) {
  switch (code) {
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kResourceExhausted: return 503;
    case StatusCode::kUnavailable: return 502;
    default: return 500;
  }
}

// The callback's address: [web.oidc] redirect_uri, else the address the
// browser reached mrtrackd at. A forged Host only makes the provider refuse
// an address it does not know.
Result<std::string> RedirectUri(const RequestContext& ctx) {
  const auto& oidc = ctx.runtime->config().web.oidc;
  if (!oidc.redirect_uri.empty()) return oidc.redirect_uri;
  const std::string host = ctx.Header("host");
  if (host.empty() || host.find_first_of("/\\@?# ") != std::string::npos) {
    return InvalidArgument("the request names no host to come back to; set [web.oidc] redirect_uri");
  }
  return std::string(ServedOverTls(ctx) ? "https://" : "http://") + host + kCallbackPath;
}

Result<Reply> Begin(const WebContext& web, const RequestContext& ctx) {
  const auto& oidc = ctx.runtime->config().web.oidc;
  if (!oidc.enabled()) return NotFound("signing in through an identity provider is not configured");
  std::string next = QueryValue(ctx, "next").value_or("/");
  if (!IsLocalPath(next)) next = "/";
  auto redirect_uri = RedirectUri(ctx);
  if (!redirect_uri.ok()) return Refusal(web, ctx, 400, redirect_uri.status().message(), next);
  auto endpoints = web.state->oidc_client.Discover(oidc);
  if (!endpoints.ok()) return Refusal(web, ctx, HttpStatusOfFailure(endpoints.status().code()), endpoints.status().message(), next);
  auto pending = web.state->oidc_sign_ins.Begin(next, *redirect_uri);
  if (!pending.ok()) return Refusal(web, ctx, 503, pending.status().message(), next);
  std::string scope;
  for (const auto& s : oidc.scopes) scope += (scope.empty() ? "" : " ") + s;
  const std::string& endpoint = endpoints->authorization;
  std::string location = endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") +
                         "response_type=code&client_id=" + UrlEncode(oidc.client_id) +
                         "&redirect_uri=" + UrlEncode(*redirect_uri) + "&scope=" + UrlEncode(scope) +
                         "&state=" + pending->state + "&nonce=" + pending->nonce +
                         "&code_challenge=" + PkceChallenge(pending->code_verifier) + "&code_challenge_method=S256";
  Reply reply = HtmlReply("", 303);
  reply.headers.emplace_back("Location", location);
  reply.headers.emplace_back(
      "Set-Cookie",
      OidcCookie(pending->binding, ServedOverTls(ctx),
                 static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(OidcSignIns::kLifetime).count())));
  return reply;
}

// The ID token's claims, its signature checked with the provider's keys
// (fetched anew once when it names a key not yet known: keys rotate).
Result<json> VerifiedClaims(const WebContext& web, const config::OidcOptions& oidc, const OidcEndpoints& endpoints,
                            const std::string& id_token, const std::string& nonce) {
  IdTokenExpectations expect{oidc.issuer, oidc.client_id, nonce, web.services->clock->Now()};
  MRTRACK_ASSIGN_OR_RETURN(json keys, web.state->oidc_client.Keys(oidc, endpoints, /*refresh=*/false));
  auto claims = VerifyIdToken(id_token, keys, expect);
  if (claims.ok() || claims.status().code() != StatusCode::kNotFound) return claims;
  MRTRACK_ASSIGN_OR_RETURN(keys, web.state->oidc_client.Keys(oidc, endpoints, /*refresh=*/true));
  claims = VerifyIdToken(id_token, keys, expect);
  if (!claims.ok() && claims.status().code() == StatusCode::kNotFound) {
    return Status(StatusCode::kUnauthenticated, "the ID token is signed with a key " + oidc.name + " does not publish");
  }
  return claims;
}

Result<Reply> Callback(const WebContext& web, const RequestContext& ctx) {
  const config::Config& config = ctx.runtime->config();
  const auto& oidc = config.web.oidc;
  if (!oidc.enabled()) return NotFound("signing in through an identity provider is not configured");
  const std::string state = QueryValue(ctx, "state").value_or("");
  if (state.empty()) return Refusal(web, ctx, 400, "The answer from " + oidc.name + " carries no state.");
  auto pending = web.state->oidc_sign_ins.Take(state, CookieValue(ctx, kOidcCookie).value_or(""));
  if (!pending.ok()) {
    if (pending.status().code() == StatusCode::kPermissionDenied) {
      return Refusal(web, ctx, 403,
                     "This sign-in was not begun in this browser, so it is refused: someone may have sent you the "
                     "link of their own sign-in. Start again from the sign-in page.");
    }
    return Refusal(web, ctx, 400,
                   "This answer from " + oidc.name + " matches no sign-in under way: it was already used, it is "
                   "older than 10 minutes, or it was altered. Start again.");
  }
  const std::string& next = pending->next;
  // RFC 9207: an answer that says it comes from another provider is one meant for another sign-in (mix-up).
  if (auto iss = QueryValue(ctx, "iss"); iss && *iss != oidc.issuer) {
    return Refusal(web, ctx, 400, "The answer names another provider (" + *iss + ") than " + oidc.issuer + ".", next);
  }
  if (auto error = QueryValue(ctx, "error")) {
    std::string description = QueryValue(ctx, "error_description").value_or("");
    std::string what = *error == "access_denied" ? oidc.name + " did not sign you in: access was denied"
                                                 : oidc.name + " did not sign you in (" + *error + ")";
    return Refusal(web, ctx, *error == "access_denied" ? 403 : 401,
                   what + (description.empty() ? "." : ": " + description + "."), next);
  }
  const std::string code = QueryValue(ctx, "code").value_or("");
  if (code.empty()) return Refusal(web, ctx, 400, "The answer from " + oidc.name + " carries no code.", next);

  auto fail = [&](const Status& s) { return Refusal(web, ctx, HttpStatusOfFailure(s.code()), s.message(), next); };
  auto endpoints = web.state->oidc_client.Discover(oidc);
  if (!endpoints.ok()) return fail(endpoints.status());
  auto tokens = web.state->oidc_client.ExchangeCode(oidc, *endpoints, code, pending->redirect_uri, pending->code_verifier);
  if (!tokens.ok()) return fail(tokens.status());
  auto claims = VerifiedClaims(web, oidc, *endpoints, tokens->id_token, pending->nonce);
  if (!claims.ok()) return fail(claims.status());
  if (MissesPersonClaims(*claims, oidc)) {
    // Many providers put only `sub` in the ID token and the rest behind the userinfo endpoint.
    auto info = web.state->oidc_client.UserInfo(oidc, *endpoints, tokens->access_token);
    if (!info.ok()) return fail(info.status());
    if (!info->empty()) {
      // OpenID Connect Core 5.3.2: userinfo of another subject must not be used.
      if (info->value("sub", "") != claims->value("sub", "")) {
        return fail(Status(StatusCode::kUnauthenticated, oidc.name + "'s userinfo answer is about someone else (sub)"));
      }
      for (const auto& [name, value] : info->items()) {
        if (!claims->contains(name)) (*claims)[name] = value;
      }
    }
  }
  auto person = PersonFromClaims(*claims, oidc, config);
  if (!person.ok()) return fail(person.status());
  if (!person->unknown_units.empty()) {
    std::string units;
    for (const auto& u : person->unknown_units) units += (units.empty() ? "" : ", ") + u;
    Log(spdlog::level::warn, "the identity provider names units that are not in the directory",
        {{"email", person->email}, {"claim", oidc.units_claim}, {"units", units}});
  }
  OidcNamesSeen().Remember(person->email, person->name);
  Session session = web.state->sessions.Create(Principal{person->email, person->role, person->units}, person->name);
  Log(spdlog::level::info, "signed in through the identity provider",
      {{"email", person->email}, {"role", config::RoleName(person->role)}});
  const bool secure = ServedOverTls(ctx);
  Reply reply = Redirect(next);
  reply.headers.emplace_back("Set-Cookie", SessionCookie(session.id, secure, static_cast<long>(LimitsOf(ctx).max.count())));
  reply.headers.emplace_back("Set-Cookie", OidcCookie("", secure, 0));
  return reply;
}

}  // namespace

void AddOidcPages(RouteTable& table, const WebContext& web) {
  table.Add({"GET", "/sign-in/oidc", "webOidcSignIn", Access::kWebPublic,
             RouteDoc::Summary("Sign in through the organisation's OpenID Connect provider.")
                 .Query({{"next", "string", "Where to go once signed in."}}),
             [web](const RequestContext& ctx) { return Begin(web, ctx); }});
  table.Add({"GET", kCallbackPath, "webOidcCallback", Access::kWebPublic,
             RouteDoc::Summary("The OpenID Connect provider's answer to a sign-in.")
                 .Query({{"state", "string", "The sign-in's state."},
                         {"code", "string", "The authorization code."},
                         {"iss", "string", "The provider that answers (RFC 9207)."},
                         {"error", "string", "The provider's refusal."},
                         {"error_description", "string", "Why."}}),
             [web](const RequestContext& ctx) { return Callback(web, ctx); }});
}

}  // namespace mrtrack::daemon::web
