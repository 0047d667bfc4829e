// Reading records back: sequentially along the log (LogCursor) or by a list of
// positions found in an index (ReadPositions). Both return fully filled
// RecordedEvents, stored_bytes and chain_hash included, and check that the
// record's own position agrees with its key.
//
// Thread safety: a LogCursor belongs to one thread; ReadPositions is stateless.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <rocksdb/db.h>

#include "events/event.h"
#include "events/store/store_db.h"

namespace mrtrack::events::store {

// Decodes the record at `position` with its chain value into `out`.
// Errors: kCorruption naming the position.
Status DecodeStored(std::uint64_t position, std::string_view record, std::string_view chain, RecordedEvent* out);

// Walks the events and chain column families side by side from a position,
// under one consistent view (`options.snapshot` when set).
class LogCursor {
 public:
  LogCursor(const StoreDb& db, const rocksdb::ReadOptions& options, std::uint64_t from_position);

  bool Valid() const { return events_->Valid(); }
  // Decodes the current event. Errors: kCorruption (bad key, missing chain
  // entry, bad record).
  Status Read(RecordedEvent* out) const;
  void Next();
  // An I/O error of either iterator.
  Status status() const;

 private:
  std::unique_ptr<rocksdb::Iterator> events_;
  std::unique_ptr<rocksdb::Iterator> chain_;
};

// Reads the events at `positions` (in that order) with two MultiGets.
// Errors: kCorruption when an indexed position has no record.
Status ReadPositions(const StoreDb& db, const std::vector<std::uint64_t>& positions,
                     std::vector<RecordedEvent>* out);

}  // namespace mrtrack::events::store
