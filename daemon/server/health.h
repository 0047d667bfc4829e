// Health: the daemon's phase and the parts whose stop makes it unready, as
// /readyz and /metrics report them. The core adds the store and the views,
// the app adds the notifier; each answers a cheap check.
//
// Thread safety: safe for concurrent use. Components are added during
// start-up; checks run on the calling thread, outside the lock.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/mutex.h"
#include "common/status.h"

namespace mrtrack::daemon {

class Health {
 public:
  enum class Phase { kStarting, kReady, kStopping };
  void Set(Phase phase) { phase_.store(phase); }
  Phase phase() const { return phase_.load(); }
  bool stopping() const { return phase() == Phase::kStopping; }

  // A part of the daemon ("store", "views", "notifier"): `check` answers Ok
  // while the part works, otherwise why it stopped. It must not block.
  void AddComponent(std::string name, std::function<Status()> check) MRTRACK_EXCLUDES(mu_);

  struct ComponentState {
    std::string name;
    Status status;  // Ok while working.
  };
  // Every component's state, in the order they were added.
  std::vector<ComponentState> Check() const MRTRACK_EXCLUDES(mu_);

 private:
  std::atomic<Phase> phase_{Phase::kStarting};
  mutable Mutex mu_;
  std::vector<std::pair<std::string, std::function<Status()>>> components_ MRTRACK_GUARDED_BY(mu_);
};

// "name: why; name: why" for the stopped components, "" when all work.
std::string StoppedReason(const std::vector<Health::ComponentState>& states);

// Prometheus text: mrtrack_component_up{component="..."} 1 while working, 0 once stopped.
std::string RenderHealthMetrics(const std::vector<Health::ComponentState>& states);

}  // namespace mrtrack::daemon
