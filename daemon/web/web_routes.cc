#include "daemon/web/web_routes.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>
#include <date/tz.h>

#include "common/sign_in_link.h"
#include "common/time.h"
#include "daemon/server/error_mapping.h"
#include "daemon/server/json_io.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/embedded.h"
#include "daemon/web/i18n.h"
#include "daemon/web/render.h"
#include "daemon/web/web_app.h"
#include "events/store.h"

namespace mrtrack::daemon {
namespace web {
namespace {

using nlohmann::json;

bool SameToken(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The CSRF token a change carries: the form's `csrf` field (a urlencoded or
// a multipart form), or the X-CSRF-Token header (htmx requests).
std::string PresentedCsrf(const RequestContext& ctx) {
  std::string header = ctx.Header("x-csrf-token");
  if (!header.empty()) return header;
  if (ctx.ContentType() == "application/x-www-form-urlencoded") return FormValue(ParseForm(ctx.body), "csrf");
  if (ctx.ContentType() == "multipart/form-data") {
    auto parts = ParseMultipart(ctx);
    if (!parts.ok()) return "";
    for (const auto& part : *parts) {
      if (part.name == "csrf") return part.content;
    }
  }
  return "";
}

// The field of the kUnauthenticated status that sends a request carrying a
// reminder's sign-in link to SignInWithLink.
constexpr char kSignInLinkField[] = "signin";

Result<Principal> Authenticate(const WebContext& web, const RequestContext& ctx) {
  // A reminder's link signs in anew, whoever was signed in: it is its recipient who follows it.
  if ((ctx.method == "GET" || ctx.method == "HEAD") && QueryValue(ctx, "signin")) {
    return Status(StatusCode::kUnauthenticated, "signing in with the link", kSignInLinkField);
  }
  auto session = CurrentSession(web, ctx);
  if (!session) return Status(StatusCode::kUnauthenticated, "not signed in, or the session has ended");
  if (ctx.method != "GET" && ctx.method != "HEAD" && !SameToken(PresentedCsrf(ctx), session->csrf)) {
    return Status(StatusCode::kPermissionDenied,
                  "the form's CSRF token is missing or wrong: reload the page and send the form again", "csrf");
  }
  return session->principal;
}

// The request's path and query, without the parameter `drop`.
std::string PathAndQuery(const RequestContext& ctx, const std::string& drop) {
  std::string query;
  for (const auto& [name, value] : ctx.query) {
    if (name != drop) query += (query.empty() ? "?" : "&") + UrlEncode(name) + "=" + UrlEncode(value);
  }
  return ctx.path + query;
}

// Whether every address of a link's recipient ("a@x, b@y": the addresses
// its e-mail went to) is still one of its unit's: removing an address from
// the unit revokes the links sent to it.
bool StillOfUnit(const config::Unit& unit, const std::string& recipient) {
  std::size_t at = 0;
  while (at <= recipient.size()) {
    std::size_t end = recipient.find(", ", at);
    std::string address = recipient.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (std::find(unit.emails.begin(), unit.emails.end(), address) == unit.emails.end()) return false;
    if (end == std::string::npos) return true;
    at = end + 2;
  }
  return false;
}

Reply ErrorPage(const WebContext& web, const RequestContext& ctx, const Status& status);

// A reminder's sign-in link (common/sign_in_link.h): a new session as an
// editor of the link's unit only, whose actor is "<unit>:<recipient>"; then
// the same page without the token in its address.
Reply SignInWithLink(const WebContext& web, const RequestContext& ctx, const std::string& token) {
  const config::Config& config = ctx.runtime->config();
  auto key = LoadSignInLinkKey(config.storage.data_dir);
  if (!key.ok()) return ErrorPage(web, ctx, key.status().WithContext("the key of sign-in links"));
  auto link = VerifySignInLinkToken(*key, token, web.services->clock->Now());
  if (!link.ok()) return ErrorPage(web, ctx, link.status());
  const config::Unit* unit = config.FindUnit(link->unit);
  if (unit == nullptr || !StillOfUnit(*unit, link->recipient)) {
    return ErrorPage(web, ctx,
                     Status(StatusCode::kUnauthenticated, "sign-in link for an address that is no longer its unit's"));
  }
  Session session = web.state->sessions.Create(
      Principal{link->unit + ":" + link->recipient, config::Role::kEditor, {link->unit}},
      link->recipient + " for " + unit->name);
  Reply reply = Redirect(PathAndQuery(ctx, "signin"));
  reply.headers.emplace_back("Set-Cookie", SessionCookie(session.id, ServedOverTls(ctx),
                                                         static_cast<long>(LimitsOf(ctx).max.count())));
  return reply;
}

Reply ErrorPage(const WebContext& web, const RequestContext& ctx, const Status& status) {
  if (status.code() == StatusCode::kUnauthenticated && (ctx.method == "GET" || ctx.method == "HEAD")) {
    if (status.field() == kSignInLinkField) return SignInWithLink(web, ctx, QueryValue(ctx, "signin").value_or(""));
    // Not signed in: the sign-in page, which comes back here. A refused link is said why, below.
    if (!QueryValue(ctx, "signin")) return Redirect("/sign-in?next=" + UrlEncode(PathAndQuery(ctx, "")));
  }
  int http_status = HttpStatusFor(status.code());
  json model = PageFrame(web, ctx, TrFill(PageLanguage(ctx), "error.title", {{"status", http_status}}), "");
  model["status"] = http_status;
  model["message"] = status.message();
  model["field"] = status.field();
  model["signed_out"] = status.code() == StatusCode::kUnauthenticated;
  auto page = PageReply("error", std::move(model), http_status);
  if (page.ok()) return std::move(*page);
  Reply reply = HtmlReply("<!doctype html><title>Error</title><p>Error " + std::to_string(http_status), http_status);
  return reply;
}

void AddStaticRoutes(RouteTable& table) {
  table.Add({"GET", "/static/{name}", "webStatic", Access::kWebPublic, RouteDoc::Summary("A static asset of the web app."),
             [](const RequestContext& ctx) -> Result<Reply> {
               const auto& assets = WebAssets();
               auto it = assets.find(ctx.PathParam("name"));
               if (it == assets.end()) return NotFound("no asset " + ctx.PathParam("name"));
               Reply reply;
               reply.content_type = it->second.content_type;
               reply.body = it->second.body;
               AddSecurityHeaders(reply, /*cacheable=*/true);
               return reply;
             }});
}

}  // namespace

SessionLimits LimitsOf(const RequestContext& ctx) {
  const auto& w = ctx.runtime->config().web;
  return SessionLimits{w.session_idle, w.session_max};
}

std::optional<Session> CurrentSession(const WebContext& web, const RequestContext& ctx) {
  auto id = CookieValue(ctx, kSessionCookie);
  if (!id || id->empty()) return std::nullopt;
  // A page fetching itself again for its live update (assets/live.js) is not the person's use.
  if (ctx.Header("x-mrtrack-live") == "1") return web.state->sessions.Peek(*id, LimitsOf(ctx));
  return web.state->sessions.Touch(*id, LimitsOf(ctx));
}

json PageFrame(const WebContext& web, const RequestContext& ctx, const std::string& title,
               const std::string& current_nav) {
  json model;
  const Language language = PageLanguage(ctx);
  model["lang"] = LanguageCode(language);
  model["title"] = title;
  model["organisation"] = ctx.runtime->config().organisation.name;
  auto as_of = QueryValue(ctx, "as_of");
  model["as_of"] = as_of.value_or("");
  model["live"] = !as_of.has_value();
  model["path"] = ctx.path;
  model["user"] = nullptr;
  model["csrf"] = "";
  if (auto session = CurrentSession(web, ctx)) {
    model["user"] = {{"name", session->display_name},
                     {"email", session->principal.name},
                     {"role", config::RoleName(session->principal.role)},
                     {"role_label", Tr(language, std::string("role.") + config::RoleName(session->principal.role))},
                     {"units", session->principal.units}};
    model["csrf"] = session->csrf;
    // A page of the present listens for changes (assets/live.js) after the position it was read at.
    if (!as_of) model["live_after"] = std::to_string(web.services->store->HeadPosition());
    json nav = json::array();
    // As of a moment, the whole site is: every link of the navigation keeps it.
    std::string keep = as_of ? "?as_of=" + UrlEncode(*as_of) : "";
    for (const auto& [href, id] : std::vector<std::pair<std::string, std::string>>{
             {"/", "my_actions"}, {"/evaluations", "evaluations"}, {"/dashboard", "dashboard"}, {"/audit", "audit"}}) {
      nav.push_back({{"href", href + keep}, {"label", Tr(language, "nav." + id)}, {"current", id == current_nav}});
    }
    model["nav"] = std::move(nav);
  }
  return model;
}

Result<Reply> PageReply(const std::string& name, json model, int status) {
  MRTRACK_ASSIGN_OR_RETURN(std::string html, RenderPage(name, std::move(model)));
  return HtmlReply(std::move(html), status);
}

date::sys_days Today(const WebContext& web, const RequestContext& ctx) {
  auto local = ctx.runtime->time_zone().to_local(std::chrono::time_point_cast<std::chrono::seconds>(web.services->clock->Now()));
  return date::sys_days(std::chrono::floor<date::days>(local).time_since_epoch());
}

std::multimap<std::string, std::string> WithAsOf(const RequestContext& ctx,
                                                 std::multimap<std::string, std::string> query) {
  if (auto as_of = QueryValue(ctx, "as_of")) query.emplace("as_of", *as_of);
  return query;
}

QueryParam AsOfParam() { return {"as_of", "string", "The state as of a day, an instant or a log position."}; }

std::string Percent(const json& rate) {
  if (!rate.is_number()) return "–";
  return std::to_string(static_cast<int>(rate.get<double>() * 100.0 + 0.5)) + " %";
}

std::string WholeDays(const json& days) {
  if (!days.is_number()) return "–";
  return std::to_string(static_cast<long>(days.get<double>()));
}

std::string UnitNames(const RequestContext& ctx, const json& units) {
  std::string out;
  for (const auto& id : units) {
    if (!id.is_string()) continue;
    const config::Unit* unit = ctx.runtime->config().FindUnit(id.get<std::string>());
    out += (out.empty() ? "" : ", ") + (unit != nullptr ? unit->name : id.get<std::string>());
  }
  return out;
}

std::string DeadlineText(const json& deadline, Language language) {
  if (!deadline.is_object()) return Tr(language, "common.no_deadline");
  const std::string date = deadline.value("date", "");
  auto day = ParseDate(date);
  return day.ok() ? DateInWords(*day, language) : date;
}

std::string LocalTime(const RequestContext& ctx, const json& instant, Language language) {
  if (!instant.is_string()) return "";
  auto t = ParseTimestamp(instant.get<std::string>());
  if (!t.ok()) return instant.get<std::string>();
  auto zoned = date::make_zoned(&ctx.runtime->time_zone(), std::chrono::floor<std::chrono::minutes>(*t));
  auto local = zoned.get_local_time();
  date::year_month_day day{std::chrono::floor<date::days>(local)};
  return DateInWords(day, language) + ", " + date::format("%H:%M %Z", zoned);
}

std::string ActorDisplay(const RequestContext& ctx, const std::string& actor) {
  for (const auto& user : ctx.runtime->config().users) {
    if (user.email == actor) return user.name == user.email ? user.email : user.name + " <" + user.email + ">";
  }
  if (auto name = OidcNamesSeen().NameOf(actor)) return *name == actor ? actor : *name + " <" + actor + ">";
  auto colon = actor.find(':');
  if (colon != std::string::npos) {
    if (const config::Unit* unit = ctx.runtime->config().FindUnit(actor.substr(0, colon))) {
      return TrFill(PageLanguage(ctx), "actor.for_unit", {{"recipient", actor.substr(colon + 1)}, {"unit", unit->name}});
    }
  }
  return actor;
}

}  // namespace web

void AddWebRoutes(RouteTable& table, Services& services) {
  const Clock& clock = services.clock != nullptr ? *services.clock : SystemClock::Instance();
  web::WebContext web{&table, &services, std::make_shared<web::WebState>(clock)};
  table.SetWebHooks({.authenticate = [web](const RequestContext& ctx) { return web::Authenticate(web, ctx); },
                     .error_page = [web](const RequestContext& ctx,
                                         const Status& status) { return web::ErrorPage(web, ctx, status); }});
  web::AddStaticRoutes(table);
  web::AddSignInPages(table, web);
  web::AddOidcPages(table, web);
  web::AddActionPages(table, web);
  web::AddEvaluationPages(table, web);
  web::AddDashboardPages(table, web);
  web::AddAuditPages(table, web);
  web::AddLiveRoute(table, web);
  web::AddWorkflowPages(table, web);
}

}  // namespace mrtrack::daemon
