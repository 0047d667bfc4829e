// Health: the daemon's phase and the parts whose stop makes it unready, as
// /readyz and /metrics report them. The core adds the store and the views,
// the app adds the notifier; each answers a cheap check, and may report why
// it works but not fully (degraded: /readyz stays 200 and says why).
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
  // while the part works, otherwise why it stopped; `degraded` (optional)
  // lists what went wrong while it kept working (errors caught and counted).
  // Neither may block.
  void AddComponent(std::string name, std::function<Status()> check,
                    std::function<std::vector<std::string>()> degraded = {}) MRTRACK_EXCLUDES(mu_);

  struct ComponentState {
    std::string name;
    Status status;                      // Ok while working.
    std::vector<std::string> degraded;  // While working: what went wrong (empty when all is well).
  };
  // Every component's state, in the order they were added.
  std::vector<ComponentState> Check() const MRTRACK_EXCLUDES(mu_);

 private:
  std::atomic<Phase> phase_{Phase::kStarting};
  mutable Mutex mu_;
  struct Component {
    std::string name;
    std::function<Status()> check;
    std::function<std::vector<std::string>()> degraded;
  };
  std::vector<Component> components_ MRTRACK_GUARDED_BY(mu_);
};

// "name: why; name: why" for the stopped components, "" when all work.
std::string StoppedReason(const std::vector<Health::ComponentState>& states);
// Every degraded reason of the working components, in order.
std::vector<std::string> DegradedReasons(const std::vector<Health::ComponentState>& states);

// Prometheus text: mrtrack_component_up{component="..."} 1 while working, 0 once stopped.
std::string RenderHealthMetrics(const std::vector<Health::ComponentState>& states);

}  // namespace mrtrack::daemon
