// What the web app's pages share (internal to daemon/web/): the sessions, the
// frame of every page (who is signed in, the CSRF token, the as-of date, the
// navigation) and the reply of a rendered page.
//
// Thread safety: WebState's members are safe for concurrent use; the rest are
// pure functions.
#pragma once

#include <date/date.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "daemon/server/route_table.h"
#include "daemon/server/services.h"
#include "common/language.h"
#include "daemon/web/http_bits.h"
#include "daemon/web/oidc_client.h"
#include "daemon/web/oidc_sign_ins.h"
#include "daemon/web/sessions.h"

namespace mrtrack::daemon::web {

struct WebState {
  explicit WebState(const Clock& clock) : sessions(clock), throttle(clock), oidc_sign_ins(clock), oidc_client(clock) {}
  SessionStore sessions;
  SignInThrottle throttle;
  OidcSignIns oidc_sign_ins;
  OidcClient oidc_client;
};

// What every page handler captures.
struct WebContext {
  const RouteTable* routes = nullptr;  // For ApiClient: the table the pages are in.
  Services* services = nullptr;
  std::shared_ptr<WebState> state;
};

SessionLimits LimitsOf(const RequestContext& ctx);
// The request's live session (its cookie), or nullopt.
std::optional<Session> CurrentSession(const WebContext& web, const RequestContext& ctx);

// The model every page starts from: "lang" (i18n.h), "title",
// "organisation", "user" {name, email, role, role_label, units}, "csrf",
// "as_of" (the query's, or ""), "live" (not as of: forms are shown), "nav",
// with `current_nav` ("my_actions", "evaluations", "dashboard", "audit" or
// "") marked as the current page.
nlohmann::json PageFrame(const WebContext& web, const RequestContext& ctx, const std::string& title,
                         const std::string& current_nav);

// Renders page `name` with `model` into an HTML reply.
Result<Reply> PageReply(const std::string& name, nlohmann::json model, int status = 200);

// Today in the organisation's time zone.
date::sys_days Today(const WebContext& web, const RequestContext& ctx);
// `query` plus the request's as_of, if it has one: reads of a page as of a moment.
std::multimap<std::string, std::string> WithAsOf(const RequestContext& ctx,
                                                 std::multimap<std::string, std::string> query = {});
// The as_of query parameter every page takes (for the route's documentation).
QueryParam AsOfParam();
// A rate (0..1, or null when it has no denominator) as people read it: "42 %" or "–".
std::string Percent(const nlohmann::json& rate);
// A number of days, rounded down, or "–" when there is none.
std::string WholeDays(const nlohmann::json& days);

// The display of an actor: "Name <email>" for a configured person or one
// signed in through the identity provider (OidcNamesSeen), "email for Unit"
// for one signed in by a reminder's link, else as is.
std::string ActorDisplay(const RequestContext& ctx, const std::string& actor);

// Open actions by days overdue in the API's ageing buckets (projections/
// summary.h), and the bars of the SVG chart (templates/_ageing_chart.mustache),
// from actions as the API lists them, labelled in `language`.
nlohmann::json AgeingModel(const nlohmann::json& actions, Language language);

// The names of units (ids as the API lists them), "A, B"; an unknown id as is.
std::string UnitNames(const RequestContext& ctx, const nlohmann::json& units);

// A deadline as the API gives it ({"date": "2025-03-31", ...}) in words, in
// `language`: "31 March 2025"; "none" (in words) without one.
std::string DeadlineText(const nlohmann::json& deadline, Language language);
// An RFC 3339 instant as people read it: its day in words and the time, in
// the organisation's time zone, to the minute ("31 March 2025, 14:05 +05").
std::string LocalTime(const RequestContext& ctx, const nlohmann::json& instant, Language language);

void AddSignInPages(RouteTable& table, const WebContext& web);
void AddOidcPages(RouteTable& table, const WebContext& web);
void AddActionPages(RouteTable& table, const WebContext& web);
void AddEvaluationPages(RouteTable& table, const WebContext& web);
void AddDashboardPages(RouteTable& table, const WebContext& web);
void AddAuditPages(RouteTable& table, const WebContext& web);
void AddLiveRoute(RouteTable& table, const WebContext& web);
void AddWorkflowPages(RouteTable& table, const WebContext& web);

// Whether the person may accept or reject requests (admin, validator; not as of a moment).
bool MayValidate(const RequestContext& ctx);
// Evidence files as the API lists them ({sha256, name, size, media_type}), for a page.
nlohmann::json EvidenceModel(const nlohmann::json& files);
// Adds an action's open requests to its page model `m`: "pending_request"
// {request_id, outcome, note, by, at, evidence} and "pending_extension"
// {request_id, deadline, reason, by, at}, when there are, in `language`.
void AddRequests(const RequestContext& ctx, const nlohmann::json& action, nlohmann::json& m, Language language);

}  // namespace mrtrack::daemon::web
