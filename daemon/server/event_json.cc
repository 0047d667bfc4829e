#include "daemon/server/event_json.h"

#include "common/crypto.h"
#include "common/time.h"

namespace mrtrack::daemon {

nlohmann::json EventToJson(const events::RecordedEvent& event) {
  return {{"position", event.position},
          {"stream", event.stream},
          {"version", event.version},
          {"event_id", event.event_id},
          {"type", event.type},
          {"schema_version", event.schema_version},
          {"recorded_at", FormatTimestamp(event.recorded_at)},
          {"actor", event.actor},
          {"correlation_id", event.correlation_id},
          {"causation_id", event.causation_id},
          {"data", event.data},
          {"hash", HexEncode(event.chain_hash)}};
}

}  // namespace mrtrack::daemon
