// The key actions of a GET /v1/actions page without what depends on the
// clock: overdue is judged at "now" for the head and at the as-of event's
// time for a replay, so only the rest can be compared between the two.
#pragma once

#include <nlohmann/json.hpp>

namespace mrtrack::daemon::testing {

inline nlohmann::json TimelessActions(nlohmann::json page) {
  nlohmann::json actions = page["items"];
  for (auto& a : actions) {
    a.erase("overdue");
    a.erase("days_overdue");
  }
  return actions;
}

}  // namespace mrtrack::daemon::testing
