// ExportJsonl / AuditLine: the log as JSON Lines for auditors (docs/AUDIT.md).
#include <exception>

#include "common/time.h"
#include "projections/audit_export.h"
#include "projections/export_range.h"

namespace mrtrack::projections {

Result<std::string> AuditLine(const events::RecordedEvent& e, const Sha256Digest& prev_hash) {
  // Persistent format: the field names and their encodings are specified in
  // docs/AUDIT.md; do not change them without a new export format there.
  const nlohmann::json line{{"position", e.position},
                            {"stream", e.stream},
                            {"version", e.version},
                            {"event_id", e.event_id},
                            {"type", e.type},
                            {"schema_version", e.schema_version},
                            {"recorded_at", FormatTimestamp(e.recorded_at)},
                            {"actor", e.actor},
                            {"correlation_id", e.correlation_id},
                            {"causation_id", e.causation_id},
                            {"data", e.data},
                            {"stored_bytes_base64", Base64Encode(e.stored_bytes)},
                            {"prev_hash", HexEncode(prev_hash)},
                            {"hash", HexEncode(e.chain_hash)}};
  try {
    return line.dump();
  } catch (const std::exception& ex) {
    return Corruption("position " + std::to_string(e.position) + " cannot be exported as JSON: " + ex.what());
  }
}

Result<ExportSummary> ExportJsonl(const events::EventStore& store, const ExportRange& range, std::ostream& out) {
  MRTRACK_ASSIGN_OR_RETURN(
      ExportSummary summary, WalkRange(store, range, [&](const events::RecordedEvent& e, const Sha256Digest& prev) {
        MRTRACK_ASSIGN_OR_RETURN(std::string line, AuditLine(e, prev));
        out << line << '\n';
        if (!out) return IoError("writing the export failed at position " + std::to_string(e.position));
        return Status::Ok();
      }));
  out.flush();
  if (!out) return IoError("flushing the export failed");
  return summary;
}

}  // namespace mrtrack::projections
