// Signing in with an e-mail and password ([[users]]), and signing out.
//
// The sign-in form is protected against cross-site submission by a
// double-submit token: GET /sign-in sets a random `mrtrack_signin` cookie and
// puts the same value in the form; POST compares them. A successful sign-in
// always starts a new session (no fixation).
#include <algorithm>

#include "daemon/server/json_io.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/password.h"
#include "daemon/web/i18n.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

constexpr char kSignInCookie[] = "mrtrack_signin";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

const config::User* FindUser(const config::Config& config, const std::string& email) {
  std::string wanted = Lower(email);
  for (const auto& user : config.users) {
    if (Lower(user.email) == wanted) return &user;
  }
  return nullptr;
}

// Verifying against this when the e-mail is unknown takes as long as a real
// check, so the answer's timing does not tell which e-mails exist.
const std::string& DummyHash() {
  static const std::string kHash = [] {
    auto hash = HashPassword("not a password of anyone");
    return hash.ok() ? *hash : std::string();
  }();
  return kHash;
}

std::string SignInCookie(const std::string& value, bool secure, long max_age) {
  std::string cookie = std::string(kSignInCookie) + "=" + value + "; Path=/sign-in; HttpOnly; SameSite=Strict";
  if (secure) cookie += "; Secure";
  return cookie + "; Max-Age=" + std::to_string(max_age);
}

Result<Reply> SignInForm(const WebContext& web, const RequestContext& ctx, const std::string& email,
                         const std::string& next, const std::string& error, int status) {
  json model = PageFrame(web, ctx, Tr(PageLanguage(ctx), "sign_in.title"), "");
  std::string token = RandomToken();
  model["signin_token"] = token;
  model["email"] = email;
  model["next"] = IsLocalPath(next) ? next : "/";
  model["error"] = error;
  // A plain link, not a form: the provider is another origin, and CSP form-action 'self' would stop a form's redirect.
  if (const auto& oidc = ctx.runtime->config().web.oidc; oidc.enabled()) {
    model["oidc"] = {{"name", oidc.name}, {"href", "/sign-in/oidc?next=" + UrlEncode(model["next"].get<std::string>())}};
  }
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, PageReply("sign_in", std::move(model), status));
  reply.headers.emplace_back("Set-Cookie", SignInCookie(token, ServedOverTls(ctx), 3600));
  return reply;
}

}  // namespace

void AddSignInPages(RouteTable& table, const WebContext& web) {
  table.Add({"GET", "/sign-in", "webSignInForm", Access::kWebPublic, RouteDoc::Summary("The sign-in page.").Query({{"next", "string", "Where to go once signed in."}}),
             [web](const RequestContext& ctx) -> Result<Reply> {
               return SignInForm(web, ctx, "", QueryValue(ctx, "next").value_or("/"), "", 200);
             }});

  table.Add(
      {"POST", "/sign-in", "webSignIn", Access::kWebPublic, RouteDoc::Summary("Sign in with e-mail and password."),
       [web](const RequestContext& ctx) -> Result<Reply> {
         Form form = ParseForm(ctx.body);
         std::string email = FormValue(form, "email"), password = FormValue(form, "password");
         std::string next = FormValue(form, "next");
         auto cookie = CookieValue(ctx, kSignInCookie);
         if (!cookie || cookie->empty() || *cookie != FormValue(form, "csrf")) {
           return SignInForm(web, ctx, email, next, Tr(PageLanguage(ctx), "sign_in.expired"), 403);
         }
         if (email.empty() || password.empty()) {
           return SignInForm(web, ctx, email, next, Tr(PageLanguage(ctx), "sign_in.missing"), 400);
         }
         auto wait = web.state->throttle.WaitFor(email);
         if (wait.count() > 0) {
           return SignInForm(web, ctx, email, next,
                             TrFill(PageLanguage(ctx), "sign_in.throttled", {{"seconds", wait.count()}}), 429);
         }
         const config::User* user = FindUser(ctx.runtime->config(), email);
         bool ok = user != nullptr && !user->password_hash.empty() && VerifyPassword(user->password_hash, password);
         if (user == nullptr || user->password_hash.empty()) (void)VerifyPassword(DummyHash(), password);
         if (!ok) {
           web.state->throttle.Failed(email);
           return SignInForm(web, ctx, email, next, Tr(PageLanguage(ctx), "sign_in.wrong"), 401);
         }
         web.state->throttle.Succeeded(email);
         Session session = web.state->sessions.Create(Principal{user->email, user->role, user->units}, user->name);
         const bool secure = ServedOverTls(ctx);
         Reply reply = Redirect(IsLocalPath(next) ? next : "/");
         reply.headers.emplace_back(
             "Set-Cookie", SessionCookie(session.id, secure, static_cast<long>(LimitsOf(ctx).max.count())));
         reply.headers.emplace_back("Set-Cookie", SignInCookie("", secure, 0));
         return reply;
       }});

  table.Add({"POST", "/sign-out", "webSignOut", Access::kWebSession, RouteDoc::Summary("Sign out."),
             [web](const RequestContext& ctx) -> Result<Reply> {
               if (auto id = CookieValue(ctx, kSessionCookie)) web.state->sessions.End(*id);
               Reply reply = Redirect("/sign-in");
               reply.headers.emplace_back("Set-Cookie", SessionCookie("", ServedOverTls(ctx), 0));
               return reply;
             }});
}

}  // namespace mrtrack::daemon::web
