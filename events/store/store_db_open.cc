// OpenStoreDb: directory checks, RocksDB options, column families, format marker.
#include <algorithm>
#include <atomic>
#include <optional>
#include <filesystem>
#include <system_error>

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "events/rocks_info_log.h"
#include "events/store/record_codec.h"
#include "events/store/store_db.h"
#include "events/store_env.h"

namespace mrtrack::events::store {
namespace {

namespace fs = std::filesystem;

// Files RocksDB itself leaves in a database directory, also when a first
// creation was interrupted before CURRENT was written.
bool IsRocksDbFile(const std::string& name) {
  auto starts = [&](std::string_view p) { return name.rfind(p, 0) == 0; };
  auto ends = [&](std::string_view s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return name == "CURRENT" || name == "LOCK" || name == "IDENTITY" || name == "LOG" || starts("LOG.old.") ||
         starts("MANIFEST-") || starts("OPTIONS-") || ends(".log") || ends(".sst") || ends(".dbtmp") ||
         ends(".blob");
}

rocksdb::ColumnFamilyOptions CfOptions(Cf which, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  if (which == kCfEvents) t.block_size = 16 * 1024;  // Records are read in long runs.
  // Point lookups that mostly miss (a new event id, a new stream) skip files
  // thanks to the filter; the idempotency check relies on this.
  if (which == kCfEventIds || which == kCfHeads || which == kCfChain) {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  if (which == kCfEventIds || which == kCfHeads) {
    // Most lookups of a new id miss; a memtable filter answers them without
    // walking the skip list.
    o.memtable_prefix_bloom_size_ratio = 0.05;
    o.memtable_whole_key_filtering = true;
  }
  // The index families are small next to the records; smaller memtables keep
  // memory and the WAL that must be replayed after a crash in proportion.
  if (which != kCfEvents) o.write_buffer_size = 16 << 20;
  return o;
}

Status CheckDirectory(const std::string& dir, bool read_only, bool* has_db) {
  if (dir.empty()) return InvalidArgument("the event store directory is empty", "storage.dir");
  std::error_code ec;
  auto st = fs::status(dir, ec);
  if (!fs::exists(st)) {
    if (read_only) return NotFound("no event store at '" + dir + "': the directory does not exist");
    fs::create_directories(dir, ec);
    if (ec) return IoError("cannot create the event store directory '" + dir + "': " + ec.message());
    *has_db = false;
    return Status::Ok();
  }
  if (ec) return IoError("cannot inspect '" + dir + "': " + ec.message());
  if (!fs::is_directory(st)) return FailedPrecondition("'" + dir + "' is not a directory");
  *has_db = fs::exists(fs::path(dir) / "CURRENT", ec);
  if (*has_db) return Status::Ok();
  // Never plant a database among someone else's files.
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!IsRocksDbFile(name)) {
      return FailedPrecondition("'" + dir + "' is not empty and holds no event store (found '" + name +
                                "'); give the store a directory of its own");
    }
  }
  if (ec) return IoError("cannot list '" + dir + "': " + ec.message());
  if (read_only) return NotFound("no event store in '" + dir + "'");
  return Status::Ok();
}

Status WriteNewStoreMeta(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* meta, const Clock& clock,
                         const std::string& dir) {
  rocksdb::WriteBatch batch;
  auto version = BE64(kFormatVersion);
  Status s = FromRocks(batch.Put(meta, kMetaFormat, kFormatName), "initialising " + dir);
  if (s.ok()) s = FromRocks(batch.Put(meta, kMetaFormatVersion, rocksdb::Slice(version.data(), 8)), dir);
  if (s.ok()) {
    auto created = FormatRecordedAt(clock.Now());
    if (created.ok()) s = FromRocks(batch.Put(meta, kMetaCreatedAt, *created), dir);
  }
  if (!s.ok()) return s;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(db->Write(wo, &batch), "initialising event store '" + dir + "'");
}

// Judges meta "format" and "format_version" (nullopt: absent). An absent
// marker is a new store, or one whose creation was interrupted.
Status CheckMarker(const std::string& dir, const std::optional<std::string>& format,
                   const std::optional<std::string>& version) {
  if (!format) return Status::Ok();
  if (*format != kFormatName) {
    return FailedPrecondition("'" + dir + "' is not an mrtrack event store (its format marker is '" + *format + "')");
  }
  auto v = version ? ReadBE64(*version) : std::nullopt;
  if (!v || *v == 0) return Corruption("'" + dir + "' has a missing or malformed format_version in meta");
  if (*v > kFormatVersion) {
    return FailedPrecondition("'" + dir + "' holds event store format version " + std::to_string(*v) +
                              ", newer than this build reads (up to " + std::to_string(kFormatVersion) +
                              "); upgrade mrtrack");
  }
  return Status::Ok();
}

Status ReadMarker(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* meta, const std::string& dir,
                  std::optional<std::string>* format, std::optional<std::string>* version) {
  for (auto [key, out] : {std::pair{kMetaFormat, format}, std::pair{kMetaFormatVersion, version}}) {
    std::string value;
    auto s = db->Get(rocksdb::ReadOptions(), meta, key, &value);
    if (s.IsNotFound()) continue;
    MRTRACK_RETURN_IF_ERROR(FromRocks(s, std::string("reading meta ") + key + " of '" + dir + "'"));
    *out = std::move(value);
  }
  return Status::Ok();
}

// A writable open creates missing column families; look at the marker first,
// read-only, so that a store of a newer format is never touched.
Status PrecheckMarker(const std::string& dir, const rocksdb::DBOptions& options) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families{{kCfNames[kCfDefault], {}}, {kCfNames[kCfMeta], {}}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  MRTRACK_RETURN_IF_ERROR(FromRocks(rocksdb::DB::OpenForReadOnly(options, dir, families, &handles, &db),
                                    "opening '" + dir + "' to check its format"));
  std::optional<std::string> format, version;
  Status s = ReadMarker(db, handles[1], dir, &format, &version);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  db->Close().PermitUncheckedError();
  delete db;
  MRTRACK_RETURN_IF_ERROR(s);
  return CheckMarker(dir, format, version);
}

// RocksDB creates a new database with its default column family first and
// ours one by one after it, `meta` last; a crash in between leaves a database
// without `meta`. That is taken up again only if it has nothing but (empty)
// families of ours; anything else is someone else's database.
Status CheckInterruptedCreation(const std::string& dir, const rocksdb::DBOptions& options,
                                const std::vector<std::string>& existing) {
  const Status foreign = FailedPrecondition("'" + dir + "' holds a RocksDB database that is not an mrtrack event " +
                                            "store (no 'meta' column family)");
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : existing) {
    if (std::find(kCfNames.begin(), kCfNames.end(), name) == kCfNames.end()) return foreign;
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  MRTRACK_RETURN_IF_ERROR(FromRocks(rocksdb::DB::OpenForReadOnly(options, dir, families, &handles, &db),
                                    "opening '" + dir + "' to check its contents"));
  bool empty = true;
  Status s;
  for (auto* h : handles) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), h));
    it->SeekToFirst();
    if (s.ok()) s = FromRocks(it->status(), "reading '" + dir + "'");
    empty = empty && !it->Valid();
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  db->Close().PermitUncheckedError();
  delete db;
  MRTRACK_RETURN_IF_ERROR(s);
  return empty ? Status::Ok() : foreign;
}

Status CheckFormat(const StoreDb& store, const Clock& clock) {
  const std::string& dir = store.dir();
  std::optional<std::string> format, version;
  MRTRACK_RETURN_IF_ERROR(ReadMarker(store.db(), store.cf(kCfMeta), dir, &format, &version));
  if (format) return CheckMarker(dir, format, version);
  std::unique_ptr<rocksdb::Iterator> it(store.db()->NewIterator(rocksdb::ReadOptions(), store.cf(kCfEvents)));
  it->SeekToFirst();
  MRTRACK_RETURN_IF_ERROR(FromRocks(it->status(), "reading " + dir));
  if (it->Valid()) {
    return FailedPrecondition("'" + dir + "' is not an mrtrack event store: it holds events but no format marker");
  }
  if (store.read_only()) return Status::Ok();
  return WriteNewStoreMeta(store.db(), store.cf(kCfMeta), clock, dir);
}

}  // namespace

namespace {
std::atomic<rocksdb::Env*> test_env{nullptr};
}  // namespace

Result<std::unique_ptr<StoreDb>> OpenStoreDb(const std::string& dir, const StoreOptions& options,
                                             const Clock& clock) {
  bool has_db = false;
  MRTRACK_RETURN_IF_ERROR(CheckDirectory(dir, options.read_only, &has_db));

  rocksdb::DBOptions db_options;
  if (rocksdb::Env* env = test_env.load(); env != nullptr) db_options.env = env;
  db_options.create_if_missing = !options.read_only;
  db_options.create_missing_column_families = !options.read_only;
  db_options.keep_log_file_num = 5;
  db_options.info_log = MakeRocksInfoLog("events");  // Not a LOG file on the data disk: see the header.
  // Replaying the WAL into memtables is enough: its records stay durable in
  // the WAL until a normal flush. Flushing every family at each open would
  // cost an fsync per family.
  db_options.avoid_flush_during_recovery = true;
  // Bounds the WAL kept for unflushed families, and so the replay time at open.
  db_options.max_total_wal_size = 128 << 20;
  auto statistics = rocksdb::CreateDBStatistics();
  statistics->set_stats_level(rocksdb::StatsLevel::kExceptHistogramOrTimers);  // Tickers are all Stats() reads.
  db_options.statistics = statistics;

  std::vector<std::string> existing;
  bool has_meta = false;
  if (has_db) {
    MRTRACK_RETURN_IF_ERROR(FromRocks(rocksdb::DB::ListColumnFamilies(db_options, dir, &existing),
                                      "reading the column families of '" + dir + "'"));
    has_meta = std::find(existing.begin(), existing.end(), kCfNames[kCfMeta]) != existing.end();
    if (!has_meta) MRTRACK_RETURN_IF_ERROR(CheckInterruptedCreation(dir, db_options, existing));
  }

  auto cache = rocksdb::NewLRUCache(64 << 20);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  bool complete = true;
  for (std::size_t i = 0; i < kCfCount; ++i) {
    bool present = std::find(existing.begin(), existing.end(), kCfNames[i]) != existing.end();
    if (options.read_only && !present) {
      return FailedPrecondition("the event store in '" + dir + "' lacks column family '" + kCfNames[i] +
                                "'; open it writable once to complete it");
    }
    complete = complete && present;
    descriptors.emplace_back(kCfNames[i], CfOptions(static_cast<Cf>(i), cache));
  }
  if (has_meta && !complete) MRTRACK_RETURN_IF_ERROR(PrecheckMarker(dir, db_options));
  if (!options.read_only) {
    // RocksDB insists that a writable open names every family that exists.
    for (const auto& name : existing) {
      if (std::find(kCfNames.begin(), kCfNames.end(), name) == kCfNames.end()) {
        descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
      }
    }
  }

  auto store = std::make_unique<StoreDb>();
  store->dir_ = dir;
  store->read_only_ = options.read_only;
  store->statistics_ = statistics;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s;
  if (options.read_only) {
    s = rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors, &handles, &store->db_);
  } else if (!has_db) {
    // A new store: all families in one call, which persists RocksDB's options
    // file once instead of once per family (each costs fsyncs).
    s = rocksdb::DB::Open(db_options, dir, {descriptors[kCfDefault]}, &handles, &store->db_);
    std::vector<rocksdb::ColumnFamilyHandle*> created;
    if (s.ok()) s = store->db_->CreateColumnFamilies({descriptors.begin() + 1, descriptors.end()}, &created);
    handles.insert(handles.end(), created.begin(), created.end());
  } else {
    s = rocksdb::DB::Open(db_options, dir, descriptors, &handles, &store->db_);
  }
  for (std::size_t i = 0; i < handles.size(); ++i) {  // Kept even on failure, to be released.
    if (i < kCfCount) {
      store->cf_[i] = handles[i];
    } else {
      store->other_cfs_.push_back(handles[i]);
    }
  }
  MRTRACK_RETURN_IF_ERROR(FromRocks(s, "opening event store '" + dir + "'"));
  MRTRACK_RETURN_IF_ERROR(CheckFormat(*store, clock));
  return store;
}

}  // namespace mrtrack::events::store

namespace mrtrack::events {

void SetStoreEnvForTesting(rocksdb::Env* env) { store::test_env = env; }

}  // namespace mrtrack::events
