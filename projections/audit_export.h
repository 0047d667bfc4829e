// Audit exports (docs/AUDIT.md is the normative description):
//
// - ExportJsonl: the log, or the position range [from, to], as JSON Lines.
//   One line per event and nothing else (no header, no trailer); each line is
//   a JSON object with every envelope field, the exact stored bytes in base64,
//   and prev_hash / hash in lower-case hex. Events are written as they are
//   stored — the export does not verify the chain; an independent verifier
//   (tests/projections/verify_export.py) or EventStore::Verify does.
// - ExportEventsCsv: the same range as CSV rows, for spreadsheets.
// - ExportActionsCsv: the key-action view (live or as-of) as CSV per RFC 4180:
//   UTF-8 without a byte-order mark, a header row, CRLF line ends, fields
//   quoted when they hold a comma, a double quote, CR or LF (quotes doubled);
//   text from outside neutralised against formulas (CsvText).
//
// Both stream to the given std::ostream; the JSONL export reads the log
// sequentially and never holds more than one event in memory.
//
// Thread safety: free functions; see action_query.h for the model.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "common/crypto.h"
#include "common/status.h"
#include "events/store.h"
#include "projections/action_query.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

struct ExportRange {
  std::uint64_t from = 1;  // Default: 1. First position, inclusive.
  std::uint64_t to = 0;    // Default: 0 = the head when the export starts. Last position, inclusive.
};

struct ExportSummary {
  std::uint64_t events = 0;       // Lines written.
  std::uint64_t first = 0, last = 0;
  Sha256Digest prev_hash{};       // The chain hash before `first` (zeros when first is 1).
  Sha256Digest last_hash{};       // The chain hash of `last`: compare with a head hash obtained out of band.
};

// kInvalidArgument for from = 0, from > to, or to past the head; kCorruption
// when the log has a gap or an event is not valid UTF-8 JSON; kIoError when
// the stream fails. An empty log with the default range exports nothing.
Result<ExportSummary> ExportJsonl(const events::EventStore& store, const ExportRange& range, std::ostream& out);

// One export line for `event` (without the newline).
Result<std::string> AuditLine(const events::RecordedEvent& event, const Sha256Digest& prev_hash);

// The rows `query` selects from `model` at `time`, as CSV (see above).
// Columns: see kCsvColumns in csv_export.cc and docs/AUDIT.md.
Status ExportActionsCsv(const ViewModel& model, const ActionQuery& query, const QueryTime& time, std::ostream& out);

// The events of the range as CSV, one row per event (RFC 4180 as above) with
// the columns position, recorded_at, stream, version, type, actor, event_id,
// correlation_id, causation_id, data (compact JSON), prev_hash, hash. For
// people and spreadsheets; the JSONL export is the one to verify.
Result<ExportSummary> ExportEventsCsv(const events::EventStore& store, const ExportRange& range, std::ostream& out);

// One CSV field, quoted when it has to be.
std::string CsvField(std::string_view value);

// A cell of text that came from outside (imports, commands, actors), made
// inert for spreadsheets (OWASP "CSV Injection"): a value starting with =,
// +, -, @, tab or CR gets a leading ' so that it is not read as a formula.
// Columns the exporter generates itself (numbers, dates, instants, booleans,
// hashes, the data JSON) never go through it and stay machine-readable.
std::string CsvText(std::string_view value);

// One CSV record: the cells quoted as needed, comma-separated, CRLF-terminated.
template <typename Cells>
void WriteCsvRecord(std::ostream& out, const Cells& cells) {
  bool first = true;
  for (const auto& cell : cells) {
    if (!first) out << ',';
    out << CsvField(cell);
    first = false;
  }
  out << "\r\n";
}

}  // namespace mrtrack::projections
