// One stored event as JSON, the shape of the event feed (docs/API.md "Event
// feed"): the envelope, the data, and the chain hash after the event.
//
// Thread safety: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "events/event.h"

namespace mrtrack::daemon {

nlohmann::json EventToJson(const events::RecordedEvent& event);

}  // namespace mrtrack::daemon
