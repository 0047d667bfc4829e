// Parsing an HTTP Retry-After header (RFC 9110 10.2.3): delay-seconds or an
// HTTP-date (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT").
//
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/clock.h"

namespace mrtrack::notifier {

// The delay the header asks for, measured from `now` for dates (a date in
// the past is 0 s); nullopt when the header is empty or unreadable.
std::optional<std::chrono::seconds> ParseRetryAfter(const std::string& value, Timestamp now);

}  // namespace mrtrack::notifier
