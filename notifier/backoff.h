// Retry timing: exponential backoff with jitter, and the receiver's own
// Retry-After when it gave one.
//
// After the n-th failed attempt (n >= 1) the next one waits a random time in
// [d/2, d] where d = initial * 2^(n-1), capped at kMaxBackoff ("equal
// jitter": retries of many reminders spread out, none comes sooner than half
// the nominal delay). A Retry-After from the receiver replaces that delay
// (capped at kMaxRetryAfter, so a hostile value cannot park a reminder
// forever).
//
// Thread safety: none; one Backoff per notifier, used under its lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace mrtrack::notifier {

inline constexpr std::chrono::seconds kMaxBackoff{6 * 3600};
inline constexpr std::chrono::seconds kMaxRetryAfter{24 * 3600};

class Backoff {
 public:
  // `seed` 0 seeds from std::random_device.
  Backoff(std::chrono::seconds initial, std::uint64_t seed);

  // The wait before the attempt after `failures` failed ones.
  std::chrono::seconds Delay(int failures, std::optional<std::chrono::seconds> retry_after);

 private:
  std::chrono::seconds initial_;
  std::mt19937_64 rng_;
};

}  // namespace mrtrack::notifier
