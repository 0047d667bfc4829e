// The event envelope: what an appender supplies (NewEvent) and what the store
// hands back (RecordedEvent). The byte encoding is frozen in events/FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/crypto.h"

namespace mrtrack::events {

// What a caller appends. The store assigns position, version and recorded_at.
struct NewEvent {
  std::string event_id;        // UUID. Empty: the store generates one.
  std::string type;            // e.g. "KeyActionStatusChanged"; see events/domain/event_types.h.
  int schema_version = 1;      // Version of `data`'s shape for this type.
  std::string actor;           // Who did it: token name, "import", "system". Required.
  std::string correlation_id;  // Default: empty. Groups the events of one request.
  std::string causation_id;    // Default: empty. The event or command that caused this one.
  nlohmann::json data = nlohmann::json::object();
};

// One stored event, as read back.
struct RecordedEvent {
  std::uint64_t position = 0;  // Global, 1, 2, 3, ... with no gaps.
  std::string stream;
  std::uint64_t version = 0;   // Within the stream, 1, 2, 3, ...
  std::string event_id;
  std::string type;
  int schema_version = 1;
  Timestamp recorded_at;       // UTC, assigned by the store, never decreasing.
  std::string actor;
  std::string correlation_id;
  std::string causation_id;
  nlohmann::json data;
  std::string stored_bytes;    // The exact bytes hashed into the chain (FORMAT.md).
  Sha256Digest chain_hash{};   // hash_n = SHA-256(hash_{n-1} || stored_bytes).
};

}  // namespace mrtrack::events
