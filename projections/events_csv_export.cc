// ExportEventsCsv: the log as CSV rows, one per event (docs/AUDIT.md).
#include <array>

#include "common/time.h"
#include "projections/audit_export.h"
#include "projections/export_range.h"

namespace mrtrack::projections {
namespace {

// Persistent format: column names and order are documented in docs/AUDIT.md.
constexpr std::array<const char*, 12> kEventColumns = {
    "position", "recorded_at", "stream",       "version", "type",      "actor",
    "event_id", "correlation_id", "causation_id", "data", "prev_hash", "hash"};

}  // namespace

Result<ExportSummary> ExportEventsCsv(const events::EventStore& store, const ExportRange& range, std::ostream& out) {
  WriteCsvRecord(out, kEventColumns);
  MRTRACK_ASSIGN_OR_RETURN(
      ExportSummary summary, WalkRange(store, range, [&](const events::RecordedEvent& e, const Sha256Digest& prev) {
        const std::array<std::string, kEventColumns.size()> cells = {
            std::to_string(e.position),
            FormatTimestamp(e.recorded_at),
            CsvText(e.stream),
            std::to_string(e.version),
            CsvText(e.type),
            CsvText(e.actor),
            CsvText(e.event_id),
            CsvText(e.correlation_id),
            CsvText(e.causation_id),
            e.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
            HexEncode(prev),
            HexEncode(e.chain_hash)};
        WriteCsvRecord(out, cells);
        if (!out) return IoError("writing the CSV export failed at position " + std::to_string(e.position));
        return Status::Ok();
      }));
  out.flush();
  if (!out) return IoError("flushing the CSV export failed");
  return summary;
}

}  // namespace mrtrack::projections
