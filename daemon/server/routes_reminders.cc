// Reminder routes.
// - The reminders of one action and what became of each (the views' reminder
//   outcomes, folded from the log): an auditor's proof that a unit was
//   reminded, when and how.
// - The preview: what the notifier would send on a day or at an instant,
//   given the actions as they are now, rendered with the configured
//   templates, without sending or writing anything (notifier/preview.h). For
//   operators checking rules and template overrides before they take effect.
// - The retry: parked reminders queued again once an operator fixed what
//   parked them (a receiver, a password); admin only, as it sends mail.
#include <algorithm>
#include <tuple>

#include "common/message_text.h"
#include "common/time.h"
#include "daemon/server/command_support.h"
#include "daemon/server/json_io.h"
#include "daemon/server/routes.h"
#include "daemon/server/view_access.h"
#include "notifier/notifier.h"
#include "notifier/preview.h"
#include "notifier/retry.h"

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
  return Reply::Json(std::move(body));
}

// A retry's `channel` or `since`, from the JSON body or the query (not both).
Result<std::optional<std::string>> RetryField(const RequestContext& ctx, JsonFields& fields, const std::string& name) {
  MRTRACK_ASSIGN_OR_RETURN(std::optional<std::string> from_body, fields.OptionalString(name));
  std::optional<std::string> from_query = QueryValue(ctx, name);
  if (from_body && from_query) return InvalidArgument("given both in the body and in the query", name);
  return from_body ? from_body : from_query;
}

// Which parked reminders a retry takes: `channel` ("email", "webhook:<name>")
// and `since` (an RFC 3339 instant, or a day: from its start in the
// organisation's time zone).
Result<notifier::RequeueFilter> RetryFilterOf(const RequestContext& ctx) {
  json body = json::object();
  if (!ctx.body.empty()) {
    MRTRACK_ASSIGN_OR_RETURN(body, ParseCommandBody(ctx));
  }
  JsonFields fields(body);
  MRTRACK_ASSIGN_OR_RETURN(std::optional<std::string> channel, RetryField(ctx, fields, "channel"));
  MRTRACK_ASSIGN_OR_RETURN(std::optional<std::string> since, RetryField(ctx, fields, "since"));
  MRTRACK_RETURN_IF_ERROR(fields.RejectUnknown());
  notifier::RequeueFilter filter;
  if (channel) {
    const std::string prefix = "webhook:";
    const bool webhook = channel->size() > prefix.size() && channel->compare(0, prefix.size(), prefix) == 0;
    if (*channel != "email" && !webhook) {
      return InvalidArgument(MessageValue(*channel, '\'') + " is not a channel: expected email or webhook:<name>",
                             "channel");
    }
    filter.channel = *channel;
  }
  if (since) {
    if (auto instant = ParseTimestamp(*since); instant.ok()) {
      filter.since = *instant;
    } else if (auto day = ParseDate(*since); day.ok()) {
      filter.since = date::make_zoned(&ctx.runtime->time_zone(), date::local_days(*day)).get_sys_time();
    } else {
      return InvalidArgument(MessageValue(*since, '\'') + " is neither an RFC 3339 instant nor a day (YYYY-MM-DD)",
                             "since");
    }
  }
  return filter;
}

Result<Reply> RetryParked(const Services& services, const RequestContext& ctx) {
  MRTRACK_ASSIGN_OR_RETURN(notifier::RequeueFilter filter, RetryFilterOf(ctx));
  // The running notifier delivers them at once; on a data directory they
  // wait for the next start of mrtrackd.
  const bool running = services.notifier != nullptr;
  MRTRACK_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                           running ? services.notifier->RetryParked(filter, ctx.Actor())
                                   : notifier::RetryParkedInStore(*services.store, *services.clock, filter,
                                                                  ctx.Actor()));
  json body = {{"requeued", ids.size()},
               {"reminder_ids", ids},
               {"delivery", running ? "now" : "at the next start of mrtrackd"}};
  if (filter.channel) body["channel"] = *filter.channel;
  if (filter.since) body["since"] = FormatTimestamp(*filter.since);
  return Reply::Json(std::move(body));
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

  const json channel = {{"type", "string"},
                        {"description", "Only reminders of this channel: email, or webhook:<name>."}};
  const json since = {{"type", "string"},
                      {"description", "Only reminders parked at or after this RFC 3339 instant (or since the start "
                                      "of this day, YYYY-MM-DD, in the organisation's time zone)."}};
  table.Add({"POST", "/v1/reminders/retry", "retryParkedReminders", Access::kAdmin,
             RouteDoc::Summary("Queue parked reminders again (after fixing what parked them): all of them, those of "
                               "one channel, or those parked since an instant. Each gets a ReminderRequeued naming "
                               "the caller and is sent at once under the message id of its first attempt. The "
                               "filter is given in the JSON body or in the query.")
                 .Query({{"channel", "string", channel["description"].get<std::string>()},
                         {"since", "string", since["description"].get<std::string>()}})
                 .Body({{"type", "object"},
                        {"additionalProperties", false},
                        {"properties", {{"channel", channel}, {"since", since}}}}),
             [&services](const RequestContext& ctx) { return RetryParked(services, ctx); }});
}

}  // namespace mrtrack::daemon
