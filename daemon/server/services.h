// Services: what route handlers work with — the store, the read side, the
// config, metrics and the daemon's health. Owned by the App (app.h); handlers
// capture a reference. Every pointer is set before the server starts and
// outlives it.
//
// Thread safety: each service is safe for concurrent use.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/clock.h"
#include "daemon/server/health.h"
#include "daemon/server/metrics.h"
#include "daemon/server/runtime_config.h"

namespace mrtrack::events {
class EventStore;
class KeyActionStates;
class EvidenceStore;
}  // namespace mrtrack::events
namespace mrtrack::projections {
class Projections;
class SnapshotCache;
}  // namespace mrtrack::projections
namespace mrtrack::notifier {
class Notifier;
}  // namespace mrtrack::notifier

namespace mrtrack::daemon {

struct Services {
  const Clock* clock = nullptr;
  events::EventStore* store = nullptr;
  events::KeyActionStates* action_states = nullptr;  // Folded actions for commands (and their queues).
  // True while a follower applies new events to the views: a write then waits
  // for its position; otherwise it catches the views up itself (offline CLI).
  const std::atomic<bool>* views_followed = nullptr;
  events::EvidenceStore* evidence = nullptr;  // <data_dir>/evidence.
  projections::Projections* projections = nullptr;
  projections::SnapshotCache* snapshots = nullptr;  // As-of models (ReadModel).
  ConfigHolder* config = nullptr;
  Metrics* metrics = nullptr;
  Health* health = nullptr;
  // The running notifier (mrtrackd). Null on a data directory (the CLI
  // offline): routes then act on the reminder streams of the store directly.
  notifier::Notifier* notifier = nullptr;
  std::string version;  // mrtrackd's version, for /metrics and the OpenAPI document.
};

}  // namespace mrtrack::daemon
