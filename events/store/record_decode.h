// Decoding stored records (record_decode.cc, with simdjson): DecodeRecord is
// declared with the encoder in record_codec.h; this adds the envelope-only
// variant for readers that never look at `data`.
//
// Thread safety: stateless functions (each thread keeps its own parser).
#pragma once

#include <string_view>

#include "common/status.h"
#include "events/event.h"

namespace mrtrack::events::store {

// The checks of DecodeRecord, but out->data is left null: for readers of the
// envelope only (verify, the head check at open), which then skip building
// the data's JSON value. Never throws.
Status DecodeEnvelope(std::string_view bytes, RecordedEvent* out);

}  // namespace mrtrack::events::store
