// NotifierMetrics: counters of the notifier for the daemon's /metrics.
// A snapshot value; Notifier::Metrics() returns a copy.
//
// Thread safety: a value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/clock.h"

namespace mrtrack::notifier {

struct ChannelCounters {
  std::uint64_t attempts = 0;            // Messages handed to the channel.
  std::uint64_t delivered = 0;
  std::uint64_t retryable_failures = 0;  // Failed, will be retried.
  std::uint64_t permanent_failures = 0;  // Parked (incl. after max_attempts) or dropped (feed).
};

struct NotifierMetrics {
  // Reminder and feed deliveries by channel name ("email", "webhook:kaz-team").
  std::map<std::string, ChannelCounters> channels;
  std::uint64_t outbox_depth = 0;        // Reminders pending delivery.
  std::uint64_t parked = 0;              // Reminders parked (waiting for a fix or a retry).
  std::uint64_t reminders_written = 0;   // ReminderDue events written since start.
  std::uint64_t reminders_late = 0;      // Of those, marked late.
  std::uint64_t reminders_skipped = 0;   // ReminderSkipped written since start (all reasons).
  std::uint64_t ticks = 0;               // Planning and delivery passes.
  std::uint64_t tick_errors = 0;         // Passes that ended in an error (logged).
  // Every error in the notifier's thread: failed passes, exceptions caught,
  // reminder events the fold refused (all logged).
  std::uint64_t errors = 0;
  std::string last_error;                // The last of them ("" when none).
  std::uint64_t feed_posted = 0;         // Status changes posted to feed webhooks.
  std::uint64_t feed_dropped = 0;        // Status changes given up on (permanent failure).
  std::uint64_t reports_sent = 0;        // Reports to governing bodies e-mailed ([[reports]]).
  std::optional<Timestamp> last_tick;
};

// The Prometheus text exposition (version 0.0.4) of `m`, metric names
// prefixed "mrtrack_notifier_", channel as a label.
std::string RenderPrometheus(const NotifierMetrics& m);

}  // namespace mrtrack::notifier
