#include "daemon/server/health.h"

#include "common/prometheus.h"

namespace mrtrack::daemon {

void Health::AddComponent(std::string name, std::function<Status()> check,
                          std::function<std::vector<std::string>()> degraded) {
  MutexLock lock(&mu_);
  components_.push_back({std::move(name), std::move(check), std::move(degraded)});
}

std::vector<Health::ComponentState> Health::Check() const {
  std::vector<Component> components;
  {
    MutexLock lock(&mu_);
    components = components_;
  }
  std::vector<ComponentState> states;
  states.reserve(components.size());
  for (const auto& c : components) {
    ComponentState state{c.name, c.check(), {}};
    if (state.status.ok() && c.degraded) state.degraded = c.degraded();
    states.push_back(std::move(state));
  }
  return states;
}

std::string StoppedReason(const std::vector<Health::ComponentState>& states) {
  std::string reason;
  for (const auto& state : states) {
    if (state.status.ok()) continue;
    if (!reason.empty()) reason += "; ";
    reason += state.name + ": " + state.status.ToString();
  }
  return reason;
}

std::vector<std::string> DegradedReasons(const std::vector<Health::ComponentState>& states) {
  std::vector<std::string> reasons;
  for (const auto& state : states) reasons.insert(reasons.end(), state.degraded.begin(), state.degraded.end());
  return reasons;
}

std::string RenderHealthMetrics(const std::vector<Health::ComponentState>& states) {
  std::string out =
      "# HELP mrtrack_component_up Whether a part of mrtrackd works (1) or has stopped (0); /readyz says why.\n"
      "# TYPE mrtrack_component_up gauge\n";
  for (const auto& state : states) {
    out += "mrtrack_component_up{component=\"" + PrometheusLabelValue(state.name) + "\"} " +
           (state.status.ok() ? "1" : "0") + "\n";
  }
  return out;
}

}  // namespace mrtrack::daemon
