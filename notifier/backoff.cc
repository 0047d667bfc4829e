#include "notifier/backoff.h"

#include <algorithm>

namespace mrtrack::notifier {

Backoff::Backoff(std::chrono::seconds initial, std::uint64_t seed)
    : initial_(std::max(initial, std::chrono::seconds(1))), rng_(seed != 0 ? seed : std::random_device{}()) {}

std::chrono::seconds Backoff::Delay(int failures, std::optional<std::chrono::seconds> retry_after) {
  if (retry_after && retry_after->count() > 0) return std::min(*retry_after, kMaxRetryAfter);
  std::int64_t d = initial_.count();
  for (int i = 1; i < failures && d < kMaxBackoff.count(); ++i) d *= 2;
  d = std::min<std::int64_t>(d, kMaxBackoff.count());
  std::uniform_int_distribution<std::int64_t> jitter((d + 1) / 2, d);
  return std::chrono::seconds(jitter(rng_));
}

}  // namespace mrtrack::notifier
