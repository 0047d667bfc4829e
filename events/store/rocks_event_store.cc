// EventStore::Open, Append and the small accessors. Reads: store_reads.cc.
#include "events/store/rocks_event_store.h"

#include "events/store/append_request.h"
#include "events/store_health.h"

namespace mrtrack::events {

Result<std::unique_ptr<EventStore>> EventStore::Open(const std::string& dir, const Clock& clock,
                                                     const StoreOptions& options) {
  try {
    MRTRACK_ASSIGN_OR_RETURN(auto db, store::OpenStoreDb(dir, options, clock));
    // A writable store must know exactly where the log ends before it writes;
    // a read-only one opens anyway so that Verify() can say what is wrong.
    MRTRACK_ASSIGN_OR_RETURN(auto head, store::LoadLogHead(*db, /*strict=*/!options.read_only));
    MRTRACK_ASSIGN_OR_RETURN(auto heads, store::LoadStreamHeads(*db));
    return std::unique_ptr<EventStore>(
        std::make_unique<store::RocksEventStore>(std::move(db), head, std::move(heads), clock, options));
  } catch (const std::exception& e) {
    return Internal("opening event store '" + dir + "': " + e.what());
  }
}

namespace store {

RocksEventStore::RocksEventStore(std::unique_ptr<StoreDb> db, LogHead head, StreamHeads heads, const Clock& clock,
                                 const StoreOptions& options)
    : db_(std::move(db)), state_(head, std::move(heads)) {
  if (!options.read_only) writer_ = std::make_unique<GroupWriter>(*db_, state_, clock, options);
}

RocksEventStore::~RocksEventStore() { writer_.reset(); }

Result<AppendResult> RocksEventStore::Append(std::vector<AppendPart> parts, ConflictInfo* conflict) {
  if (writer_ == nullptr) {
    return FailedPrecondition("the event store '" + db_->dir() + "' is open read-only; appends are refused");
  }
  try {
    AppendRequest request;
    MRTRACK_RETURN_IF_ERROR(PrepareAppend(std::move(parts), &request));
    writer_->Submit(&request);
    if (!request.status.ok()) {
      if (request.status.code() == StatusCode::kConflict && conflict != nullptr) *conflict = request.conflict;
      return request.status;
    }
    return std::move(request.result);
  } catch (const std::exception& e) {
    return Internal(std::string("append failed: ") + e.what());
  }
}

std::uint64_t RocksEventStore::StreamVersion(const std::string& stream) const { return state_.StreamVersion(stream); }

std::uint64_t RocksEventStore::HeadPosition() const { return state_.HeadPosition(); }

std::uint64_t RocksEventStore::WaitForPositionAfter(std::uint64_t after, std::chrono::milliseconds timeout) const {
  return state_.WaitForPositionAfter(after, timeout);
}

VerifyReport RocksEventStore::Verify() const {
  try {
    return VerifyLog(*db_);
  } catch (const std::exception& e) {
    VerifyReport report;
    report.ok = false;
    report.problem = std::string("verification failed: ") + e.what();
    return report;
  }
}

Status RocksEventStore::WriteHealth() const {
  return writer_ == nullptr ? Status::Ok() : writer_->WriteHealth();
}

}  // namespace store

Status StoreWriteHealth(const EventStore& store) {
  const auto* rocks = dynamic_cast<const store::RocksEventStore*>(&store);
  return rocks == nullptr ? Status::Ok() : rocks->WriteHealth();
}

namespace store {

StoreStats RocksEventStore::Stats() const {
  StoreStats stats;
  stats.appends = state_.appends.load(std::memory_order_relaxed);
  stats.batches_written = state_.batches_written.load(std::memory_order_relaxed);
  stats.events_written = state_.events_written.load(std::memory_order_relaxed);
  stats.wal_syncs = db_->statistics().getTickerCount(rocksdb::WAL_FILE_SYNCED);
  return stats;
}

}  // namespace store
}  // namespace mrtrack::events
