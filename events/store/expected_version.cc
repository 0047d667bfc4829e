#include "events/store.h"

namespace mrtrack::events {

std::string ExpectedVersion::ToString() const {
  switch (kind) {
    case Kind::kAny: return "any";
    case Kind::kNoStream: return "no_stream";
    case Kind::kStreamExists: return "stream_exists";
    case Kind::kExact: return std::to_string(version);
  }
  return "any";
}

}  // namespace mrtrack::events
