#include "daemon/server/runtime_config.h"

#include <date/tz.h>

namespace mrtrack::daemon {

RuntimeConfig::RuntimeConfig(config::Config config, const date::time_zone* zone)
    : config_(std::move(config)), auth_(config_.tokens), zone_(zone) {}

Result<std::shared_ptr<const RuntimeConfig>> RuntimeConfig::Make(config::Config config) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(config.organisation.time_zone);
  } catch (const std::exception& e) {
    return InvalidArgument("unknown time zone '" + config.organisation.time_zone + "': " + e.what(),
                           "organisation.time_zone");
  }
  return std::shared_ptr<const RuntimeConfig>(new RuntimeConfig(std::move(config), zone));
}

}  // namespace mrtrack::daemon
