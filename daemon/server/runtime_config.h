// RuntimeConfig: one loaded configuration plus what is derived from it (the
// authenticator, the organisation's time zone). ConfigHolder hands the current
// one to each request and swaps it on SIGHUP; a request keeps the snapshot it
// started with, so a reload never changes the rules under a running request.
//
// Thread safety: RuntimeConfig is immutable. ConfigHolder is safe for
// concurrent Get/Set.
#pragma once

#include <memory>

#include "common/mutex.h"
#include "common/status.h"
#include "config/config.h"
#include "daemon/server/auth.h"

namespace date {
class time_zone;
}

namespace mrtrack::daemon {

class RuntimeConfig {
 public:
  static Result<std::shared_ptr<const RuntimeConfig>> Make(config::Config config);

  const config::Config& config() const { return config_; }
  const Authenticator& auth() const { return auth_; }
  const date::time_zone& time_zone() const { return *zone_; }

 private:
  RuntimeConfig(config::Config config, const date::time_zone* zone);

  config::Config config_;
  Authenticator auth_;
  const date::time_zone* zone_;
};

class ConfigHolder {
 public:
  explicit ConfigHolder(std::shared_ptr<const RuntimeConfig> initial) : current_(std::move(initial)) {}

  std::shared_ptr<const RuntimeConfig> Get() const MRTRACK_EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    return current_;
  }
  void Set(std::shared_ptr<const RuntimeConfig> next) MRTRACK_EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    current_ = std::move(next);
  }

 private:
  mutable Mutex mu_;
  std::shared_ptr<const RuntimeConfig> current_ MRTRACK_GUARDED_BY(mu_);
};

}  // namespace mrtrack::daemon
