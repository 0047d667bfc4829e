// Reminder routes: what the notifier would send on a day or at an instant,
// given the actions as they are now, rendered with the configured templates,
// without sending or writing anything (notifier/preview.h). For operators
// checking rules and template overrides before they take effect. What was
// actually sent is in the log (ReminderDelivered and its kin), not here.
#include <algorithm>

#include "common/time.h"
#include "daemon/server/json_io.h"
#include "daemon/server/routes.h"
#include "notifier/preview.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

// `at`: a day (YYYY-MM-DD: everything scheduled on that local day) or an
// RFC 3339 instant (what a notifier pass at that instant would send);
// absent: today in the organisation's time zone.
Result<notifier::PreviewRequest> PreviewRequestOf(const Services& services, const RequestContext& ctx) {
  const std::string& zone = ctx.runtime->config().organisation.time_zone;
  auto text = QueryValue(ctx, "at");
  if (!text) {
    const auto today = date::floor<date::days>(date::make_zoned(&ctx.runtime->time_zone(), services.clock->Now())
                                                   .get_local_time());
    return notifier::PreviewForDay(date::year_month_day(today), zone);
  }
  if (auto day = ParseDate(*text); day.ok()) return notifier::PreviewForDay(*day, zone);
  if (auto instant = ParseTimestamp(*text); instant.ok()) {
    notifier::PreviewRequest request;
    request.at = *instant;
    request.whole_day = false;
    return request;
  }
  return InvalidArgument("'" + *text + "' is neither a day (YYYY-MM-DD) nor an RFC 3339 instant", "at");
}

// Keeps the messages of the given units (all when none given).
void KeepUnits(json& preview, const std::vector<std::string>& units) {
  if (units.empty()) return;
  json kept = json::array();
  for (auto& message : preview["messages"]) {
    if (std::find(units.begin(), units.end(), message.value("unit", "")) != units.end()) {
      kept.push_back(std::move(message));
    }
  }
  preview["messages"] = std::move(kept);
}

}  // namespace

void AddReminderRoutes(RouteTable& table, Services& services) {
  table.Add(
      {"GET", "/v1/reminders/preview", "previewReminders", Access::kAudit,
       RouteDoc::Summary("What the notifier would send on a day or at an instant, given the actions as they are "
                         "now: to whom, through which channel, rendered. Sends and records nothing.")
           .Query({{"at", "string",
                    "A day (YYYY-MM-DD): every reminder scheduled on that day in the organisation's time zone; or an "
                    "RFC 3339 instant: what a pass at that instant would send. Default: today."},
                   {"unit", "string", "Only messages to this unit id.", true}}),
       [&services](const RequestContext& ctx) -> Result<Reply> {
         MRTRACK_ASSIGN_OR_RETURN(notifier::PreviewRequest request, PreviewRequestOf(services, ctx));
         MRTRACK_ASSIGN_OR_RETURN(json preview, notifier::PreviewRemindersJson(*services.projections,
                                                                               ctx.runtime->config(), request));
         KeepUnits(preview, QueryValues(ctx, "unit"));
         return Reply::Json(preview);
       }});
}

}  // namespace mrtrack::daemon
