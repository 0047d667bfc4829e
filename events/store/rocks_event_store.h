// RocksEventStore: the EventStore behind EventStore::Open (events/store.h).
//
// It wires the pieces together: StoreDb (the RocksDB handles), StoreState (the
// in-memory stream heads and log head), GroupWriter (the writer thread, absent
// in read-only opens). Appends are prepared on the calling thread and decided
// by the writer; reads go straight to RocksDB and see every acknowledged
// append.
//
// Thread safety: all methods may be called concurrently from any thread.
#pragma once

#include <memory>

#include "events/store.h"
#include "events/store_checkpoint.h"
#include "events/store/group_writer.h"
#include "events/store/store_db.h"
#include "events/store/store_state.h"

namespace mrtrack::events::store {

class RocksEventStore final : public EventStore {
 public:
  RocksEventStore(std::unique_ptr<StoreDb> db, LogHead head, StreamHeads heads, const Clock& clock,
                  const StoreOptions& options);
  ~RocksEventStore() override;

  Result<AppendResult> Append(std::vector<AppendPart> parts, ConflictInfo* conflict) override;
  Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream, std::uint64_t from, Direction direction,
                                                std::size_t max) const override;
  Result<std::vector<RecordedEvent>> ReadAll(std::uint64_t from_position, std::size_t max) const override;
  Status Scan(std::uint64_t from_position, const std::function<bool(const RecordedEvent&)>& visit) const override;
  Result<std::vector<RecordedEvent>> ReadByTime(Timestamp from, Timestamp to, std::size_t max) const override;
  std::uint64_t StreamVersion(const std::string& stream) const override;
  std::uint64_t HeadPosition() const override;
  std::uint64_t WaitForPositionAfter(std::uint64_t after, std::chrono::milliseconds timeout) const override;
  std::uint64_t AddCommitListener(std::function<void(std::uint64_t head)> listener) override {
    return state_.AddCommitListener(std::move(listener));
  }
  void RemoveCommitListener(std::uint64_t id) override { state_.RemoveCommitListener(id); }
  VerifyReport Verify() const override;
  StoreStats Stats() const override;
  Status WriteHealth() const;  // See events/store_health.h.
  Result<CheckpointHead> Checkpoint(const std::string& dir) const;  // See events/store_checkpoint.h.

 private:
  // Declaration order is destruction order in reverse: the writer stops
  // first, then the state goes, then RocksDB closes.
  std::unique_ptr<StoreDb> db_;
  StoreState state_;
  std::unique_ptr<GroupWriter> writer_;  // Null when read-only.
};

// Checks a full log from position 1 (verify.cc).
VerifyReport VerifyLog(const StoreDb& db);

}  // namespace mrtrack::events::store
