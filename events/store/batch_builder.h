// BatchBuilder: turns the appends of one group commit into one WriteBatch.
//
// For each request, in queue order, it decides against the committed stream
// heads plus the tentative effects of the requests before it in the same
// batch:
//   1. idempotency: ids already stored (event_ids column family) or already
//      taken earlier in this batch; all known and equal -> the original
//      positions (deduplicated); any known id with other content, or known
//      ids mixed with new ones -> kAlreadyExists;
//   2. expected versions, part by part (a later part naming the same stream
//      sees the earlier part's events) -> kConflict with ConflictInfo;
//   3. otherwise: gapless positions, versions, one recorded_at for the whole
//      batch (never earlier than the previous event's), record bytes, chain
//      hashes and every index entry go into the batch.
// A rejected request adds nothing. Finish() adds the new stream heads and meta
// "head"; the caller writes the batch and, only once it is durable, publishes
// Head() and ChangedHeads() to StoreState.
//
// Thread safety: not thread-safe; used by the writer thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include <rocksdb/slice.h>
#include <rocksdb/write_batch.h>

#include "common/clock.h"
#include "events/store/append_request.h"
#include "events/store/store_db.h"

namespace mrtrack::events::store {

class BatchBuilder {
 public:
  explicit BatchBuilder(const StoreDb& db) : db_(db) {}

  // Starts a batch after `committed`, stamping its events with `now` (or the
  // committed head's time when the clock went backwards).
  // Errors: kInvalidArgument when the time cannot be written (FORMAT.md).
  Status Begin(const LogHead& committed, Timestamp now);

  // Decides `request` (see above) and writes the answer into it. `committed`
  // are the durable stream heads (held still by the caller).
  void Add(AppendRequest* request, const StreamHeads& committed);

  // Adds the stream heads and meta "head". Returns false when nothing was added.
  bool Finish();
  // A failure while building (RocksDB refusing a Put); the batch must not be written.
  const Status& error() const { return error_; }

  rocksdb::WriteBatch* batch() { return &batch_; }
  const LogHead& Head() const { return head_; }
  const StreamHeads& ChangedHeads() const { return tentative_heads_; }
  std::uint64_t events_added() const { return events_added_; }

 private:
  // An id taken by an earlier request of this batch.
  struct PendingId {
    const AppendRequest* request;
    std::size_t item;
    std::uint64_t position;
    std::uint64_t version;
  };
  // Where an id of the request being decided already lives, if anywhere.
  struct Known {
    bool known = false;
    std::uint64_t position = 0;
    std::uint64_t version = 0;
    const PendingId* pending = nullptr;  // Null: stored in RocksDB.
  };

  Status Classify(const AppendRequest& request, std::vector<Known>* known);
  Status SameContent(const AppendRequest& request, std::size_t item, Known* known);
  void Deduplicate(AppendRequest* request, const std::vector<Known>& known);
  std::uint64_t VersionOf(std::string_view stream, const StreamHeads& committed) const;
  void Write(AppendRequest* request, const StreamHeads& committed);
  void Put(Cf cf, rocksdb::Slice key, rocksdb::Slice value);

  const StoreDb& db_;
  rocksdb::WriteBatch batch_;
  Status error_;
  LogHead head_;
  std::string recorded_at_text_;
  std::uint64_t events_added_ = 0;
  StreamHeads tentative_heads_;
  std::unordered_map<std::string_view, PendingId> pending_ids_;  // Keys point into queued requests.
  std::vector<Known> known_;                                     // Scratch, reused.
  std::vector<std::uint64_t> part_versions_;                     // Scratch, reused.
  std::string record_;                                           // Scratch, reused.
  rocksdb::PinnableSlice value_;                                 // Scratch, reused.
};

}  // namespace mrtrack::events::store
