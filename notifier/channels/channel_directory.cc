#include "notifier/channels/channel_directory.h"

#include <filesystem>

#include "notifier/channels/maildir_channel.h"
#include "notifier/channels/smtp_channel.h"
#include "notifier/channels/webhook_channel.h"
#include "notifier/reminder.h"

namespace mrtrack::notifier {

std::unique_ptr<ConfiguredChannels> ConfiguredChannels::Make(const config::Config& config, const Clock& clock,
                                                             const std::string& maildir) {
  auto out = std::unique_ptr<ConfiguredChannels>(new ConfiguredChannels());
  if (config.smtp.url.empty()) {
    const std::string dir =
        maildir.empty() ? (std::filesystem::path(config.storage.data_dir) / "maildir").string() : maildir;
    out->channels_[kEmailChannel] =
        std::make_unique<MaildirChannel>(dir, config.smtp.from, config.organisation.name, clock);
  } else {
    out->channels_[kEmailChannel] = std::make_unique<SmtpChannel>(config.smtp, config.organisation.name, clock);
  }
  for (const auto& w : config.webhooks) {
    out->channels_[kWebhookChannelPrefix + w.name] = std::make_unique<WebhookChannel>(w, clock);
  }
  return out;
}

Channel* ConfiguredChannels::Find(const std::string& channel) {
  auto it = channels_.find(channel);
  return it == channels_.end() ? nullptr : it->second.get();
}

}  // namespace mrtrack::notifier
