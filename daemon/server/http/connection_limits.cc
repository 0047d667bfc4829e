#include "daemon/server/http/connection_limits.h"

namespace mrtrack::daemon::http {

std::optional<Lease> ConnectionLimits::Admit(Held ConnectionLimits::*held, std::size_t max_total,
                                             std::size_t max_per_key, const std::string& key) {
  MutexLock lock(&mu_);
  Held& of_kind = this->*held;
  auto it = of_kind.per_key.find(key);
  const std::size_t of_key = it == of_kind.per_key.end() ? 0 : it->second;
  if (of_kind.total >= max_total || of_key >= max_per_key) return std::nullopt;
  ++of_kind.total;
  if (it == of_kind.per_key.end()) it = of_kind.per_key.emplace(key, 0).first;
  ++it->second;
  // Map iterators stay valid until their element is erased, which only the
  // last lease of a key does.
  return Lease([this, held, it] {
    MutexLock release_lock(&mu_);
    Held& released = this->*held;
    --released.total;
    if (--it->second == 0) released.per_key.erase(it);
  });
}

std::optional<Lease> ConnectionLimits::AdmitConnection(const std::string& address) {
  return Admit(&ConnectionLimits::connections_, max_connections_, max_per_address_, address);
}

std::optional<Lease> ConnectionLimits::AdmitStream(const std::string& principal) {
  return Admit(&ConnectionLimits::streams_, max_streams_, max_streams_per_principal_, principal);
}

std::size_t ConnectionLimits::connections() const {
  MutexLock lock(&mu_);
  return connections_.total;
}

std::size_t ConnectionLimits::streams() const {
  MutexLock lock(&mu_);
  return streams_.total;
}

}  // namespace mrtrack::daemon::http
