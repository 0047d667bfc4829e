#include "daemon/server/http/connection_limits.h"

namespace mrtrack::daemon::http {

std::optional<Lease> ConnectionLimits::Admit(ConnectionLimits* self, std::map<std::string, std::size_t>& per_key,
                                             std::size_t& total, std::size_t max_total, std::size_t max_per_key,
                                             const std::string& key) {
  std::lock_guard lock(self->mu_);
  auto it = per_key.find(key);
  std::size_t held = it == per_key.end() ? 0 : it->second;
  if (total >= max_total || held >= max_per_key) return std::nullopt;
  ++total;
  if (it == per_key.end()) it = per_key.emplace(key, 0).first;
  ++it->second;
  // Map iterators stay valid until their element is erased, which only the
  // last lease of a key does.
  return Lease([self, &per_key, &total, it] {
    std::lock_guard release_lock(self->mu_);
    --total;
    if (--it->second == 0) per_key.erase(it);
  });
}

std::optional<Lease> ConnectionLimits::AdmitConnection(const std::string& address) {
  return Admit(this, per_address_, connections_, max_connections_, max_per_address_, address);
}

std::optional<Lease> ConnectionLimits::AdmitStream(const std::string& principal) {
  return Admit(this, per_principal_, streams_, max_streams_, max_streams_per_principal_, principal);
}

std::size_t ConnectionLimits::connections() const {
  std::lock_guard lock(mu_);
  return connections_;
}

std::size_t ConnectionLimits::streams() const {
  std::lock_guard lock(mu_);
  return streams_;
}

}  // namespace mrtrack::daemon::http
