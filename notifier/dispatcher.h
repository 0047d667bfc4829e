// Dispatcher: one delivery pass over the outbox. It takes the reminders
// ready at `now` and groups them into messages: a reminder already fixed in
// a message (an earlier attempt) goes out in that message again, under the
// same id and with the text rendered for the same instant; the others, with
// digests on, make one message per unit and channel (everything that became
// due for that unit since its last message, update requests among them), else
// one per reminder; a notice (a rejection told) always goes alone. A new
// message is recorded (ReminderMessageFixed) before its first attempt. Each
// message is rendered, handed to its channel and its outcome recorded:
//   delivered              -> ReminderDelivered on every reminder of the message
//   retryable failure      -> ReminderFailed {retry_at} with backoff/Retry-After,
//                             or ReminderParked once rules.max_attempts attempts
//                             since it was (re)queued have failed
//   permanent failure      -> ReminderParked {reason}: waits for a fixed
//                             configuration or an operator's retry
// Nothing is sent during quiet hours; ready reminders wait for their end.
//
// Thread safety: none; the Notifier calls it from one thread at a time.
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
  std::size_t parked = 0;     // Failed and parked.
  std::size_t skipped = 0;    // Reminders skipped for want of a channel.
};

Result<DeliveryReport> DeliverReady(Outbox& outbox, ChannelDirectory& channels, const MessageContext& ctx,
                                    Backoff& backoff, Timestamp now, NotifierMetrics& metrics);

}  // namespace mrtrack::notifier
