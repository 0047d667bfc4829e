#include "notifier/channels/retry_after.h"

#include <sstream>

#include <date/date.h>

namespace mrtrack::notifier {

std::optional<std::chrono::seconds> ParseRetryAfter(const std::string& raw, Timestamp now) {
  const auto b = raw.find_first_not_of(" \t");
  if (b == std::string::npos) return std::nullopt;
  const std::string value = raw.substr(b, raw.find_last_not_of(" \t") - b + 1);
  if (value.find_first_not_of("0123456789") == std::string::npos) {
    if (value.size() > 9) return std::chrono::seconds(999999999);
    return std::chrono::seconds(std::stol(value));
  }
  std::istringstream in(value);
  date::sys_seconds when;
  in >> date::parse("%a, %d %b %Y %H:%M:%S GMT", when);
  if (in.fail()) return std::nullopt;
  const auto delay = std::chrono::ceil<std::chrono::seconds>(when - now);
  return delay.count() > 0 ? delay : std::chrono::seconds(0);
}

}  // namespace mrtrack::notifier
