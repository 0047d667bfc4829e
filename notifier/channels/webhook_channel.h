// WebhookChannel: one [webhooks.<name>] endpoint, posted to with cpp-httplib.
//
// Every request has a connection, read and write timeout (the channel's
// `timeout`). The generic kind is signed per Standard Webhooks
// (standard_webhooks.h) with webhook-id = the message id, the same on every
// retry. Outcomes: 2xx -> delivered; 408, 429, 5xx, timeouts and connection
// errors -> retryable, with the Retry-After the receiver sent (seconds or
// HTTP date); any other status -> permanent. The URL is never logged or
// recorded (chat webhook URLs are secrets); the channel's name is.
//
// Thread safety: Deliver() from one thread at a time (a fresh client per call).
#pragma once

#include <string>

#include "common/clock.h"
#include "config/config.h"
#include "notifier/channel.h"

namespace mrtrack::notifier {

class WebhookChannel final : public Channel {
 public:
  // `clock` stamps webhook-timestamp and must outlive the channel.
  WebhookChannel(config::WebhookChannel options, const Clock& clock);
  DeliveryResult Deliver(const OutgoingMessage& message, int attempt) override;

 private:
  const config::WebhookChannel options_;
  const Clock& clock_;
};

}  // namespace mrtrack::notifier
