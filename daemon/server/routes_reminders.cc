// Reminder routes.
// - The reminders of one action and what became of each (the views' reminder
//   outcomes, folded from the log): an auditor's proof that a unit was
//   reminded, when and how.
// - The preview: what the notifier would send on a day or at an instant,
//   given the actions as they are now, rendered with the configured
//   templates, without sending or writing anything (notifier/preview.h). For
//   operators checking rules and template overrides before they take effect.
#include <algorithm>
#include <tuple>

#include "common/message_text.h"
#include "common/time.h"
#include "daemon/server/json_io.h"
#include "daemon/server/routes.h"
#include "daemon/server/view_access.h"
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
  return InvalidArgument(MessageValue(*text, '\'') + " is neither a day (YYYY-MM-DD) nor an RFC 3339 instant", "at");
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

// Every recorded reminder of one action, in due order.
Result<Reply> ActionReminders(const Services& services, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(projections::AsOf as_of, QueryAsOf(ctx));
  const std::string& id = ctx.PathParam("id");
  json body;
  MRTRACK_RETURN_IF_ERROR(ReadModel(services, ctx, as_of, [&](const auto& model, const auto&) -> Status {
    if (model.FindAction(id) == nullptr) {
      return NotFound("no key action '" + id + "' as of " + as_of.ToString(), "action_id");
    }
    std::vector<const projections::ReminderOutcome*> outcomes;
    if (auto it = model.reminders_by_action().find(id); it != model.reminders_by_action().end()) {
      for (const auto& reminder_id : it->second) outcomes.push_back(&model.reminders().at(reminder_id));
    }
    std::sort(outcomes.begin(), outcomes.end(), [](const auto* a, const auto* b) {
      return std::tie(a->due_at, a->reminder_id) < std::tie(b->due_at, b->reminder_id);
    });
    json items = json::array();
    for (const auto* outcome : outcomes) items.push_back(projections::ReminderOutcomeToJson(*outcome));
    body = {{"action_id", id}, {"position", model.position()}, {"items", std::move(items)}};
    return Status::Ok();
  }));
  return Reply::Json(body);
}

}  // namespace

void AddReminderRoutes(RouteTable& table, Services& services) {
  table.Add({"GET", "/v1/actions/{id}/reminders", "getActionReminders", Access::kHistory,
             RouteDoc::Summary("Every reminder the notifier recorded for one key action: to whom, how, when due, and "
                               "whether it was delivered, failed, skipped or is pending.")
                 .Query({AsOfParam()})
                 .Errors({404}),
             [&services](const RequestContext& ctx) { return ActionReminders(services, ctx); }});

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
