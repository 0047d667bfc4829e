// Preview: what the notifier would send, rendered, without sending or
// writing anything — for `mrtrack reminders preview --at 2025-03-24` and for
// operators trying template overrides.
//
// Two modes:
// - whole day (default): every reminder the rules schedule on the
//   organisation-local day that contains `at`, grouped into messages exactly
//   as the notifier groups them (digests per unit and channel);
// - instant: what a notifier with an empty outbox would send in a pass at
//   `at` (the latest reminder of each chain due at `at`, within the catch-up
//   window, marked late when its time passed by more than `late_after`).
// Neither looks at what was already delivered.
//
// Thread safety: pure functions (Projections::Read holds the model).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "config/config.h"
#include "notifier/action_facts.h"
#include "notifier/templates.h"

namespace mrtrack::projections { class Projections; }

namespace mrtrack::notifier {

struct PreviewRequest {
  Timestamp at{};
  bool whole_day = true;                          // Default: true. See above.
  std::chrono::seconds late_after{600};           // Default: 10 min (instant mode only).
};

struct PreviewMessage {
  std::string message_id;   // Reminder id or digest id.
  std::string kind;         // "reminder" or "digest".
  std::string unit;         // Unit id.
  std::string channel;      // "email" or "webhook:<name>".
  std::string recipient;    // Addresses, or the webhook's name.
  std::string subject;
  std::string text;         // E-mail: the plain-text body; chat: the chat text.
  Timestamp due_at{};       // The earliest due time of its reminders.
  std::vector<std::string> reminder_ids;
};

// The whole-day request for local calendar day `day` of the organisation's
// zone (`at` = the first instant of that day there): what
// `mrtrack reminders preview --at 2025-03-24` means. Errors: an unknown zone.
Result<PreviewRequest> PreviewForDay(const date::year_month_day& day, const std::string& time_zone);

// Errors: the time zone's, the templates'.
Result<std::vector<PreviewMessage>> PreviewReminders(const std::vector<ActionFacts>& actions,
                                                     const config::Config& config, const Templates& templates,
                                                     const PreviewRequest& request);

// {"at", "day" (local date of at), "time_zone", "whole_day", "messages": [{message_id, kind, unit,
//  channel, recipient, subject, text, due_at, reminder_ids}]}
nlohmann::json PreviewToJson(const std::vector<PreviewMessage>& messages, const config::Config& config,
                             const PreviewRequest& request);

// The above on the live projections (the actions as they are now, whatever
// `at` is), with the templates of config.templates_dir read anew: what the
// CLI and the HTTP route call. Adds "position": the log position of the
// views the facts were read from.
Result<nlohmann::json> PreviewRemindersJson(const projections::Projections& projections,
                                            const config::Config& config, const PreviewRequest& request);

}  // namespace mrtrack::notifier
