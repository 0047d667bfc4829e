// Expected-version semantics (DESIGN.md "Events"; FORMAT.md "Versions").
#include "events/store.h"
#include "events/store/append_request.h"

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

namespace store {

Status CheckExpectedVersion(const ExpectedVersion& expected, const std::string& stream, std::uint64_t actual,
                            std::size_t part, ConflictInfo* conflict) {
  bool ok = false;
  switch (expected.kind) {
    case ExpectedVersion::Kind::kAny: ok = true; break;
    case ExpectedVersion::Kind::kNoStream: ok = actual == 0; break;
    case ExpectedVersion::Kind::kStreamExists: ok = actual > 0; break;
    // Exact(0) is the same as no_stream: versions count events.
    case ExpectedVersion::Kind::kExact: ok = actual == expected.version; break;
  }
  if (ok) return Status::Ok();
  conflict->stream = stream;
  conflict->actual_version = actual;
  conflict->exists = actual > 0;
  std::string message = "version conflict on stream '" + stream + "': expected " +
                        (expected.kind == ExpectedVersion::Kind::kExact ? "version " : "") + expected.ToString() +
                        ", actual version " + std::to_string(actual);
  if (actual == 0) message += " (the stream does not exist)";
  return Status(StatusCode::kConflict, std::move(message), "parts[" + std::to_string(part) + "].expected");
}

}  // namespace store
}  // namespace mrtrack::events
