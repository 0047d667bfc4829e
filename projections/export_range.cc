#include "projections/export_range.h"

namespace mrtrack::projections {

Result<ExportSummary> WalkRange(const events::EventStore& store, const ExportRange& range,
                                const std::function<Status(const events::RecordedEvent&, const Sha256Digest& prev)>& visit) {
  ExportSummary summary;
  if (range.from == 0) return InvalidArgument("positions start at 1", "from");
  const std::uint64_t head = store.HeadPosition();
  if (range.to == 0 && head == 0) return summary;  // An empty log: nothing to export.
  const std::uint64_t to = range.to == 0 ? head : range.to;
  if (to > head) {
    return InvalidArgument("the range ends at " + std::to_string(to) + " but the log ends at " + std::to_string(head),
                           "to");
  }
  if (range.from > to) {
    return InvalidArgument("the range starts (" + std::to_string(range.from) + ") after it ends (" +
                               std::to_string(to) + ")",
                           "from");
  }
  if (range.from > 1) {
    MRTRACK_ASSIGN_OR_RETURN(auto before, store.ReadAll(range.from - 1, 1));
    if (before.empty() || before.front().position != range.from - 1) {
      return Corruption("position " + std::to_string(range.from - 1) + " is missing from the log");
    }
    summary.prev_hash = before.front().chain_hash;
  }

  Sha256Digest prev = summary.prev_hash;
  std::uint64_t expected = range.from;
  Status error;
  Status scanned = store.Scan(range.from, [&](const events::RecordedEvent& e) {
    if (e.position > to) return false;
    if (e.position != expected) {
      error = Corruption("the log jumps from position " + std::to_string(expected - 1) + " to " +
                         std::to_string(e.position));
      return false;
    }
    error = visit(e, prev);
    if (!error.ok()) return false;
    prev = e.chain_hash;
    ++expected;
    return true;
  });
  MRTRACK_RETURN_IF_ERROR(error);
  MRTRACK_RETURN_IF_ERROR(scanned.WithContext("export: reading the log"));
  if (expected != to + 1) {
    return Corruption("the log ended at position " + std::to_string(expected - 1) + ", before " + std::to_string(to));
  }
  summary.events = to - range.from + 1;
  summary.first = range.from;
  summary.last = to;
  summary.last_hash = prev;
  return summary;
}

}  // namespace mrtrack::projections
