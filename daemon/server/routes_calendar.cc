// Calendar feeds of units (docs/API.md "Calendar feeds"): tokens issued and
// revoked by an admin or an editor of the unit (events/domain/calendar_tokens.h
// keeps their hashes in the log), and the feed a calendar client subscribes
// to with a token in its address, since such clients send no bearer token.
#include <openssl/rand.h>

#include <algorithm>

#include "common/crypto.h"
#include "common/time.h"
#include "daemon/server/command_support.h"
#include "daemon/server/routes.h"
#include "events/domain/calendar_tokens.h"
#include "notifier/calendar_feed.h"
#include "notifier/facts_from_projections.h"
#include "projections/projections.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

// 256 random bits: the token is the feed's only secret.
constexpr std::size_t kTokenBytes = 32;

Result<const config::Unit*> FindUnit(const RequestContext& ctx) {
  const std::string& id = ctx.PathParam("id");
  const config::Unit* unit = ctx.runtime->config().FindUnit(id);
  if (unit == nullptr) return NotFound("no unit '" + id + "' in the unit directory", "id");
  return unit;
}

// Admins manage every unit's tokens, editors those of their units.
Status CheckMayManage(const RequestContext& ctx, const config::Unit& unit) {
  const Principal& p = *ctx.principal;
  if (p.role == config::Role::kAdmin) return Status::Ok();
  if (p.role == config::Role::kEditor && std::find(p.units.begin(), p.units.end(), unit.id) != p.units.end()) {
    return Status::Ok();
  }
  return Status(StatusCode::kPermissionDenied,
                "token '" + p.name + "' may not manage the calendar tokens of unit " + unit.id);
}

Result<std::string> NewToken() {
  std::string bytes(kTokenBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1) {
    return Internal("no random bytes for a calendar token");
  }
  return "cal_" + HexEncode(bytes);
}

// The feed's address as people reach the daemon (config::PublicBaseUrl, as
// the links of reminders).
std::string FeedUrl(const config::Config& config, const std::string& unit_id, const std::string& token) {
  return config::PublicBaseUrl(config) + "/v1/units/" + unit_id + "/calendar.ics?token=" + token;
}

json TokenJson(const events::CalendarToken& t, const std::string& unit_id) {
  return {{"token_id", t.token_id},
          {"unit", unit_id},
          {"name", t.name},
          {"issued_by", t.issued_by},
          {"issued_at", FormatTimestamp(t.issued_at)},
          {"revoked", t.revoked}};
}

events::CalendarTokenContext TokenContext(const Services& services, const RequestContext& ctx) {
  return {*services.store, ctx.Actor(), ctx.request_id};
}

}  // namespace

void AddCalendarRoutes(RouteTable& table, Services& services) {
  const std::string tokens = "/v1/units/{id}/calendar-tokens";
  table.Add({"POST", tokens, "createCalendarToken", Access::kCommand,
             RouteDoc::Summary("Issue a token for the unit's calendar feed (admin, or an editor of the unit); "
                               "answers the feed's url with the token, shown this once.")
                 .Body({{"type", "object"},
                        {"additionalProperties", false},
                        {"required", {"name"}},
                        {"properties",
                         {{"name", {{"type", "string"}, {"description", "What the token is for, e.g. 'Outlook'."}}}}}})
                 .Errors({400, 404, 413}),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               // The body is checked first, as on every command route.
               MRTRACK_ASSIGN_OR_RETURN(json body, ParseCommandBody(ctx));
               JsonFields fields(body);
               MRTRACK_ASSIGN_OR_RETURN(std::string name, fields.RequiredString("name"));
               MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
               MRTRACK_ASSIGN_OR_RETURN(const config::Unit* unit, FindUnit(ctx));
               MRTRACK_RETURN_IF_ERROR(CheckMayManage(ctx, *unit));
               MRTRACK_ASSIGN_OR_RETURN(std::string token, NewToken());
               MRTRACK_ASSIGN_OR_RETURN(
                   events::CalendarToken issued,
                   events::IssueCalendarToken(TokenContext(services, ctx), unit->id, name, HexEncode(Sha256(token))));
               json answer = TokenJson(issued, unit->id);
               answer["url"] = FeedUrl(ctx.runtime->config(), unit->id, token);
               return Reply::Json(answer);
             }});
  table.Add({"DELETE", tokens + "/{token_id}", "revokeCalendarToken", Access::kCommand,
             RouteDoc::Summary("Revoke a calendar token of the unit: its feed answers 404 from now on.")
                 .Errors({404}),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               MRTRACK_ASSIGN_OR_RETURN(const config::Unit* unit, FindUnit(ctx));
               MRTRACK_RETURN_IF_ERROR(CheckMayManage(ctx, *unit));
               MRTRACK_ASSIGN_OR_RETURN(
                   events::CalendarToken revoked,
                   events::RevokeCalendarToken(TokenContext(services, ctx), unit->id, ctx.PathParam("token_id")));
               return Reply::Json(TokenJson(revoked, unit->id));
             }});
  table.Add({"GET", "/v1/units/{id}/calendar.ics", "getUnitCalendar", Access::kPublic,
             RouteDoc::Summary("The unit's calendar feed (iCalendar): one all-day event per open key action's "
                               "deadline, with the UID of the reminders' attachments. Takes a calendar token in "
                               "the address, no bearer token; unknown or revoked tokens get 404.")
                 .Query({{"token", "string", "A calendar token of the unit (POST .../calendar-tokens)."}})
                 .Produces("text/calendar")
                 .Errors({404}),
             [&services](const RequestContext& ctx) -> Result<Reply> {
               auto token = QueryValue(ctx, "token");
               if (!token || token->empty()) {
                 return InvalidArgument("a calendar feed needs its token: ?token=cal_...", "token");
               }
               const config::Config& config = ctx.runtime->config();
               const config::Unit* unit = config.FindUnit(ctx.PathParam("id"));
               std::optional<events::CalendarToken> live;
               if (unit != nullptr) {
                 MRTRACK_ASSIGN_OR_RETURN(events::CalendarTokens known,
                                          events::LoadCalendarTokens(*services.store, unit->id));
                 const Sha256Digest digest = Sha256(*token);
                 live = events::FindLiveCalendarToken(
                     known, std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
               }
               // An unknown unit and a wrong or revoked token look the same.
               if (!live) return NotFound("no calendar for this address (the token is unknown or revoked)", "token");
               std::vector<notifier::ActionFacts> facts;
               services.projections->Read(
                   [&](const projections::ViewModel& model) { facts = notifier::FactsFromModel(model); });
               Reply reply;
               reply.content_type = "text/calendar; charset=utf-8";
               reply.body = notifier::UnitCalendarFeed(facts, unit->id, config, services.clock->Now());
               reply.headers.emplace_back("Cache-Control", "private, no-cache");
               return reply;
             }});
}

}  // namespace mrtrack::daemon
