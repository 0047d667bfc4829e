// MessageBuilder: turns reminders into the message a channel sends — subject,
// text, HTML, chat text, the calendar entries of the deadlines and the
// structured data — by rendering the templates (templates.h).
//
// One reminder makes a "reminder" message whose id is the reminder id.
// Several reminders for the same unit and channel (a digest) make one
// "digest" message whose id is "dg-" + 24 hex digits of
// SHA-256(unit, channel, the sorted reminder ids), so a retry or a restart
// sends the same digest under the same id.
//
// Thread safety: pure functions over their arguments.
#pragma once

#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "config/config.h"
#include "notifier/channel.h"
#include "notifier/reminder.h"
#include "notifier/send_schedule.h"
#include "notifier/templates.h"

namespace mrtrack::notifier {

struct MessageContext {
  const config::Config& config;
  const Templates& templates;
  const SendSchedule& schedule;
};

// `group` is not empty and every reminder in it has the same unit and
// channel. `now` gives the date shown in digests. Errors: the templates'.
Result<OutgoingMessage> BuildReminderMessage(const std::vector<Reminder>& group, const MessageContext& ctx,
                                             Timestamp now);

// The template data of one reminder (see docs/NOTIFIER.md "Templates").
kainjow::mustache::data ItemData(const Reminder& r, const config::Config& config);

// The escape rule for chat text on `channel` (Slack and Mattermost escape
// & < >; others none).
Escape ChatEscape(const std::string& channel, const config::Config& config);

// The webhook channel's config, or nullptr ("webhook:<name>").
const config::WebhookChannel* FindWebhook(const std::string& channel, const config::Config& config);

// The first `max_chars` code points of UTF-8 `text`, with "…" when cut.
std::string ShortText(const std::string& text, std::size_t max_chars);

// The stable iCalendar UID of an action's deadline:
// "dl-" + 24 hex of SHA-256(action_id "\n" YYYY-MM-DD) + "@mrtrack".
std::string CalendarUid(const std::string& action_id, const date::year_month_day& deadline);

// "Kazakhstan CO" for a unit id (its display name, or the id when unknown).
std::string UnitName(const std::string& unit_id, const config::Config& config);

// Unit addresses joined by ", " (e-mail) or the webhook's name.
std::string RecipientOf(const std::string& unit_id, const std::string& channel, const config::Config& config);

}  // namespace mrtrack::notifier
