// ConnectionLimits: counts what clients hold — connections in all and per
// client address, waiting event streams and long-polls in all and per
// principal — and hands out a Lease for each, or none when a limit is
// reached. A Lease gives its place back when destroyed.
//
// Thread safety: safe from any thread (one mutex; leases may die anywhere).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "common/mutex.h"

namespace mrtrack::daemon::http {

// A place taken; given back when the Lease is destroyed or reset.
class Lease {
 public:
  Lease() = default;
  explicit Lease(std::function<void()> release) : release_(std::move(release)) {}
  Lease(Lease&& other) noexcept : release_(std::exchange(other.release_, nullptr)) {}
  Lease& operator=(Lease&& other) noexcept {
    if (this != &other) {
      Reset();
      release_ = std::exchange(other.release_, nullptr);
    }
    return *this;
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() { Reset(); }

  explicit operator bool() const { return static_cast<bool>(release_); }
  void Reset() {
    if (release_) std::exchange(release_, nullptr)();
  }

 private:
  std::function<void()> release_;
};

class ConnectionLimits {
 public:
  ConnectionLimits(std::size_t max_connections, std::size_t max_per_address, std::size_t max_streams,
                   std::size_t max_streams_per_principal)
      : max_connections_(max_connections),
        max_per_address_(max_per_address),
        max_streams_(max_streams),
        max_streams_per_principal_(max_streams_per_principal) {}
  ConnectionLimits(const ConnectionLimits&) = delete;
  ConnectionLimits& operator=(const ConnectionLimits&) = delete;

  // A connection from `address` (the client's IP); empty when refused.
  std::optional<Lease> AdmitConnection(const std::string& address);
  // A waiting stream or long-poll of `principal`; empty when refused.
  std::optional<Lease> AdmitStream(const std::string& principal);

  std::size_t connections() const;
  std::size_t streams() const;

 private:
  // What is held of one kind, in all and per key (client address or principal).
  struct Held {
    std::size_t total = 0;
    std::map<std::string, std::size_t> per_key;
  };
  std::optional<Lease> Admit(Held ConnectionLimits::*held, std::size_t max_total, std::size_t max_per_key,
                             const std::string& key) MRTRACK_EXCLUDES(mu_);

  const std::size_t max_connections_, max_per_address_, max_streams_, max_streams_per_principal_;
  mutable Mutex mu_;
  Held connections_ MRTRACK_GUARDED_BY(mu_);  // Keyed by client address.
  Held streams_ MRTRACK_GUARDED_BY(mu_);      // Keyed by principal.
};

}  // namespace mrtrack::daemon::http
