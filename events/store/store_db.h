// StoreDb: the opened RocksDB database of one event store, with its column
// families, statistics, and what Open learned about the log's head.
//
// OpenStoreDb checks the directory and the format marker (FORMAT.md "Meta")
// and turns every failure into a Status that says what, where and why: a
// directory that cannot be used, a RocksDB database that is not an mrtrack
// store, a store written by a newer format, a store another process holds.
//
// Thread safety: after OpenStoreDb returns, a StoreDb is immutable and all of
// its members may be used from any thread (RocksDB handles are thread-safe).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/statistics.h>

#include "common/clock.h"
#include "common/crypto.h"
#include "common/status.h"
#include "events/store.h"
#include "events/store/key_layout.h"

namespace mrtrack::events::store {

// Heterogeneous lookup: find(std::string_view) without building a string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using StreamHeads = std::unordered_map<std::string, std::uint64_t, StringHash, std::equal_to<>>;

// The last event of the log as recorded in meta "head" (FORMAT.md).
struct LogHead {
  std::uint64_t position = 0;
  Sha256Digest hash{};           // All zero for an empty log (the genesis hash).
  Timestamp recorded_at = Timestamp::min();  // Of the event at `position`; min() for an empty log.
};

class StoreDb {
 public:
  StoreDb() = default;
  StoreDb(const StoreDb&) = delete;
  StoreDb& operator=(const StoreDb&) = delete;
  ~StoreDb();

  rocksdb::DB* db() const { return db_; }
  rocksdb::ColumnFamilyHandle* cf(Cf which) const { return cf_[which]; }
  const std::string& dir() const { return dir_; }
  bool read_only() const { return read_only_; }
  // RocksDB's statistics (tickers such as WAL_FILE_SYNCED); never null.
  rocksdb::Statistics& statistics() const { return *statistics_; }

 private:
  friend Result<std::unique_ptr<StoreDb>> OpenStoreDb(const std::string& dir, const StoreOptions& options,
                                                      const Clock& clock);
  rocksdb::DB* db_ = nullptr;
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> cf_{};
  std::vector<rocksdb::ColumnFamilyHandle*> other_cfs_;  // Unknown families RocksDB made us open.
  std::shared_ptr<rocksdb::Statistics> statistics_;
  std::string dir_;
  bool read_only_ = false;
};

// Opens (or, unless read-only, creates) the store in `dir` and checks its
// format. `clock` stamps meta "created_at" of a new store.
Result<std::unique_ptr<StoreDb>> OpenStoreDb(const std::string& dir, const StoreOptions& options,
                                             const Clock& clock);

// Reads meta "head" and checks it against the last key of `events` and
// `chain`. With `strict` (writable opens) a disagreement is kCorruption; a
// read-only open trusts meta and leaves the finding to Verify().
Result<LogHead> LoadLogHead(const StoreDb& store, bool strict);

// Every stream's current version, from the `heads` column family.
Result<StreamHeads> LoadStreamHeads(const StoreDb& store);

// A RocksDB status as ours: `what` says which operation on which store.
Status FromRocks(const rocksdb::Status& s, const std::string& what);

}  // namespace mrtrack::events::store
