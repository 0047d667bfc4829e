// MaildirChannel: the e-mail channel when no SMTP server is configured (the
// embedded default). Each message — the same bytes SMTP would carry — is
// written to <maildir>/tmp/<unique name>, flushed to disk, then renamed into
// <maildir>/new/, so any mail client (mutt -f, Thunderbird's Maildir
// support) reads complete messages only. Names follow the Maildir
// convention "<seconds>.M<microseconds>P<pid>Q<counter>.<host>".
//
// Thread safety: Deliver() may be called concurrently (the counter is atomic).
#pragma once

#include <atomic>
#include <string>

#include "common/clock.h"
#include "notifier/channel.h"
#include "notifier/channels/mime_message.h"

namespace mrtrack::notifier {

class MaildirChannel final : public Channel {
 public:
  // `clock` stamps the Date header and must outlive the channel.
  MaildirChannel(std::string maildir, std::string from, std::string organisation_name, const Clock& clock);
  DeliveryResult Deliver(const OutgoingMessage& message, int attempt) override;

 private:
  const std::string maildir_;
  const email::Sender sender_;
  const Clock& clock_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace mrtrack::notifier
