// Dispatcher: one delivery pass over the outbox. It takes the reminders
// ready at `now`, groups them into messages (with digests on: one message
// per unit, channel and local day of their due time; else one per
// reminder), renders each, hands it to its channel and records the outcome
// in the outbox:
//   delivered              -> ReminderDelivered on every reminder of the message
//   retryable failure      -> ReminderFailed {permanent: false, retry_at} with
//                             backoff/Retry-After, or permanent once the
//                             attempt count reaches rules.max_attempts
//   permanent failure      -> ReminderFailed {permanent: true}
// Nothing is sent during quiet hours; ready reminders wait for their end.
//
// Thread safety: none; the Notifier calls it under its own mutex.
#pragma once

#include <cstddef>

#include "common/clock.h"
#include "common/status.h"
#include "notifier/backoff.h"
#include "notifier/channel.h"
#include "notifier/message_builder.h"
#include "notifier/metrics.h"
#include "notifier/outbox.h"

namespace mrtrack::notifier {

struct DeliveryReport {
  std::size_t messages = 0;   // Messages attempted.
  std::size_t delivered = 0;  // Of those, delivered.
  std::size_t retrying = 0;   // Failed and scheduled again.
  std::size_t failed = 0;     // Failed for good.
  std::size_t skipped = 0;    // Reminders skipped as too old or with no channel.
};

Result<DeliveryReport> DeliverReady(Outbox& outbox, ChannelDirectory& channels, const MessageContext& ctx,
                                    Backoff& backoff, Timestamp now, NotifierMetrics& metrics);

}  // namespace mrtrack::notifier
