// SmtpChannel: e-mail through an SMTP server with libcurl.
//
// smtp:// URLs use STARTTLS when smtp.starttls is true (required: a server
// that does not offer it is a permanent failure, never a silent plain-text
// fallback); smtps:// is TLS from the first byte. With a username, AUTH is
// used. Every transfer has a connection timeout and a total timeout
// (smtp.timeout). All recipients must be accepted.
//
// Outcomes: 2xx/3xx end of data -> delivered; SMTP 4xx, timeouts and
// connection errors -> retryable; SMTP 5xx, rejected login, TLS that cannot
// be established or verified, a bad URL -> permanent. The password never
// appears in errors or logs.
//
// Thread safety: Deliver() from one thread at a time (a fresh curl handle per
// call).
#pragma once

#include <string>

#include "common/clock.h"
#include "config/config.h"
#include "notifier/channel.h"
#include "notifier/channels/mime_message.h"

namespace mrtrack::notifier {

class SmtpChannel final : public Channel {
 public:
  // `clock` stamps the Date header and must outlive the channel.
  SmtpChannel(config::SmtpOptions options, std::string organisation_name, const Clock& clock);
  DeliveryResult Deliver(const OutgoingMessage& message, int attempt) override;

 private:
  const config::SmtpOptions options_;
  const email::Sender sender_;
  const Clock& clock_;
};

}  // namespace mrtrack::notifier
