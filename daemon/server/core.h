// Core: everything that answers API requests, without a transport — the
// event store (<data_dir>/events), the projections (<data_dir>/views), the
// config holder, metrics, health, the services handed to handlers and the
// route table. mrtrackd puts an HTTP server in front of it (app.h); the
// `mrtrack` command line on a data directory calls Dispatch() on it directly.
//
// Open() returns once the store is open and the projections have caught up
// with the log, i.e. when the core can answer.
//
// Thread safety: after Open() everything is safe for concurrent use;
// FollowLog/StopFollowing from one owning thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "daemon/server/dispatcher.h"
#include "daemon/server/metrics.h"
#include "daemon/server/route_table.h"
#include "daemon/server/runtime_config.h"
#include "daemon/server/services.h"

namespace mrtrack::events {
class EventStore;
class KeyActionStates;
class EvidenceStore;
}  // namespace mrtrack::events
namespace mrtrack::projections {
class Projections;
class ProjectionFollower;
class SnapshotCache;
}  // namespace mrtrack::projections

namespace mrtrack::daemon {

struct CoreOptions {
  // Default: the system clock. Must outlive the core.
  const Clock* clock = nullptr;
  // Default: false. Open the store read-only (no writes; offline reads).
  bool read_only = false;
};

class Core {
 public:
  static Result<std::unique_ptr<Core>> Open(std::shared_ptr<const RuntimeConfig> runtime,
                                            const CoreOptions& options = {});
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // Keeps the projections following the log in a thread (the daemon); without
  // it, call CatchUp() after writes.
  void FollowLog();
  void StopFollowing();
  Status CatchUp();
  // Ok while the views follow the log (or nothing follows: CatchUp is used);
  // otherwise why they stopped. The "views" component of health().
  Status ViewsHealth() const;

  Services& services() { return services_; }
  const RouteTable& routes() const { return *routes_; }
  ConfigHolder& config() { return config_; }
  Metrics& metrics() { return metrics_; }
  Health& health() { return health_; }
  events::EventStore& store() { return *store_; }
  projections::Projections& projections() { return *projections_; }

 private:
  explicit Core(std::shared_ptr<const RuntimeConfig> runtime);

  ConfigHolder config_;
  Metrics metrics_;
  Health health_;
  std::unique_ptr<events::EventStore> store_;
  std::unique_ptr<events::EvidenceStore> evidence_;
  std::unique_ptr<projections::Projections> projections_;
  std::unique_ptr<projections::ProjectionFollower> follower_;
  std::unique_ptr<projections::SnapshotCache> snapshots_;
  std::unique_ptr<events::KeyActionStates> action_states_;
  std::atomic<bool> views_followed_{false};  // A follower applies new events to the views.
  Services services_;
  std::unique_ptr<RouteTable> routes_;
};

// mrtrackd's version ("0.1.0").
const char* Version();

}  // namespace mrtrack::daemon
