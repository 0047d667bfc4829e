// The stored record of one event: compact UTF-8 JSON with sorted keys.
//
// Persistent format: do not change (events/FORMAT.md "Record encoding").
// A record is assembled from fragments so that the expensive part (escaping
// strings, serialising `data`) runs on the appending thread, and the writer
// thread only splices in position, recorded_at and version:
//
//   head  = {"actor":A,"causation_id":C,"correlation_id":R,"data":D,"event_id":E,"position":
//   + P + ,"recorded_at":"T"
//   + tail = ,"schema_version":S,"stream":X,"type":Y,"version":
//   + V + }
//
// which is byte for byte what nlohmann::json::dump() gives for the same object.
//
// Thread safety: stateless functions; PreparedEvent is a value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "events/event.h"

namespace mrtrack::events::store {

// The parts of one event's record that do not depend on where it lands.
struct PreparedEvent {
  std::string event_id;  // Canonical lower-case UUID (generated when the caller gave none).
  std::string head;      // From '{' up to and including "position":
  std::string tail;      // From ,"schema_version": up to and including "version":
  std::size_t data_begin = 0;  // The serialised data inside `head`.
  std::size_t data_size = 0;

  std::string_view data_json() const { return std::string_view(head).substr(data_begin, data_size); }
};

// Serialises `event` for the stream whose JSON string text (quotes included,
// from JsonString) is `stream_json`, with out->event_id (which the caller has
// set to the final, canonical id) as its id. Errors: kInvalidArgument naming `field` + the member when a
// string is not valid UTF-8 or data holds a number JSON cannot represent.
Status PrepareEvent(const NewEvent& event, std::string_view stream_json, const std::string& field,
                    PreparedEvent* out);

// The JSON text of a string exactly as the record holds it (quotes included).
// Errors: kInvalidArgument naming `field` when `s` is not valid UTF-8.
Result<std::string> JsonString(std::string_view s, const std::string& field);

// Appends the full record bytes of `event` at `position`/`version` to `out`.
// `recorded_at` is the text from FormatRecordedAt.
void AppendRecord(const PreparedEvent& event, std::uint64_t position, std::string_view recorded_at,
                  std::uint64_t version, std::string* out);

// "2025-06-30T08:15:02.000015Z". Errors: kInvalidArgument when the instant
// lies outside years 0000..9999 (the text would not have its fixed width).
Result<std::string> FormatRecordedAt(Timestamp t);
// Strict inverse of FormatRecordedAt: exactly 27 characters.
Result<Timestamp> ParseRecordedAt(std::string_view text);

// Parses stored record bytes into `out` (every field except chain_hash; also
// sets stored_bytes). Errors: kCorruption saying what is wrong. Never throws.
Status DecodeRecord(std::string_view bytes, RecordedEvent* out);

}  // namespace mrtrack::events::store
