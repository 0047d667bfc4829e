// MessageBuilder: turns reminders into the message a channel sends — subject,
// text, HTML, chat text, the calendar entries of the deadlines and the
// structured data — by rendering the templates (templates.h).
//
// One reminder makes a "reminder" message whose id is the reminder id
// (a calendar cancellation, rule kCancelRule, a "cancel" message; a notice,
// chain kNotice, a "rejection" message from the rejection_* templates, always
// alone). Update requests (chain kUpdate) are items like the others, in a
// digest or alone.
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
#include "common/language.h"
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
  // The key of sign-in links (common/sign_in_link.h). When set, the link of
  // an e-mail reminder signs its recipients in as editors of its unit for
  // [web] link_days; chat messages and previews (no key) get the bare link.
  std::string sign_in_key = {};
};

// `group` is not empty and every reminder in it has the same unit and
// channel. `now` gives the date shown in digests. Errors: the templates'.
Result<OutgoingMessage> BuildReminderMessage(const std::vector<Reminder>& group, const MessageContext& ctx,
                                             Timestamp now);

// The order of reminders in one message: by evaluation, then deadline, action, id.
void SortForMessage(std::vector<Reminder>& group);

// The template data of one reminder in a message rendered for `at` (see
// docs/NOTIFIER.md "Templates"): lateness is counted to the local day of `at`.
kainjow::mustache::data ItemData(const Reminder& r, const MessageContext& ctx, Timestamp at);

// The web app's page of an action: config::PublicBaseUrl (`[server]
// public_url`, else the listen address) + "/actions/<id>". This is the link
// base of every reminder; the web app's sign-in token for the recipient is
// appended to it as a query parameter ("?…") by the code that builds the
// link for a person.
std::string ActionPageUrl(const config::Config& config, const std::string& action_id);

// The escape rule for chat text on `channel` (Slack and Mattermost escape
// & < >; others none).
Escape ChatEscape(const std::string& channel, const config::Config& config);

// The webhook channel's config, or nullptr ("webhook:<name>").
const config::WebhookChannel* FindWebhook(const std::string& channel, const config::Config& config);

// The first `max_chars` code points of UTF-8 `text`, with "…" when cut.
std::string ShortText(const std::string& text, std::size_t max_chars);

// The iCalendar UID of an action, for its whole life: events::ActionCalendarUid.
std::string CalendarUid(const std::string& action_id);

// The calendar event of an action's deadline, the same in reminders'
// attachments and in the units' calendar feeds (calendar_feed.h): UID
// CalendarUid, SEQUENCE item.calendar_sequence, the deadline day, a summary
// with the action's reference and a description with its evaluation and
// page, in `language` (texts.h).
CalendarEntry DeadlineCalendarEntry(const std::string& action_id, const ReminderItem& item,
                                    const date::year_month_day& deadline, const config::Config& config,
                                    Language language);

// "Kazakhstan CO" for a unit id (its display name, or the id when unknown).
std::string UnitName(const std::string& unit_id, const config::Config& config);

// Unit addresses joined by ", " (e-mail) or the webhook's name.
std::string RecipientOf(const std::string& unit_id, const std::string& channel, const config::Config& config);

}  // namespace mrtrack::notifier
