// The data of every event the crash child writes, derived from its id alone,
// so that the crash test can check content without the child's memory.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/crypto.h"

namespace mrtrack::events::crash_test {

inline nlohmann::json CrashData(const std::string& event_id) {
  std::string digest = HexEncode(Sha256(event_id));
  // A length that varies with the id, so records are not all the same size.
  std::size_t pad = static_cast<std::size_t>(digest[0] - '0' + 49) % 64 * 8;
  return {{"id", event_id}, {"digest", digest}, {"pad", std::string(pad, 'x')}};
}

}  // namespace mrtrack::events::crash_test
