// ConfiguredChannels: the channels of a config — "email" (SMTP when
// smtp.url is set, else the Maildir <data_dir>/maildir) and one
// "webhook:<name>" per [webhooks.<name>].
//
// Thread safety: immutable after Make; each channel's Deliver() from one
// thread at a time.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "config/config.h"
#include "notifier/channel.h"

namespace mrtrack::notifier {

class ConfiguredChannels final : public ChannelDirectory {
 public:
  // `maildir` empty: <config.storage.data_dir>/maildir. `clock` must outlive
  // the channels.
  static std::unique_ptr<ConfiguredChannels> Make(const config::Config& config, const Clock& clock,
                                                  const std::string& maildir = {});
  Channel* Find(const std::string& channel) override;

 private:
  std::map<std::string, std::unique_ptr<Channel>> channels_;
};

}  // namespace mrtrack::notifier
