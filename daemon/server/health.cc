#include "daemon/server/health.h"

#include "common/prometheus.h"

namespace mrtrack::daemon {

void Health::AddComponent(std::string name, std::function<Status()> check) {
  MutexLock lock(&mu_);
  components_.emplace_back(std::move(name), std::move(check));
}

std::vector<Health::ComponentState> Health::Check() const {
  std::vector<std::pair<std::string, std::function<Status()>>> components;
  {
    MutexLock lock(&mu_);
    components = components_;
  }
  std::vector<ComponentState> states;
  states.reserve(components.size());
  for (const auto& [name, check] : components) states.push_back({name, check()});
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
