// Verify() pass 1: the chain and every record along the log.
#include "events/store/verify.h"

#include <cstring>
#include <optional>

#include "common/crypto.h"
#include "events/store/key_layout.h"
#include "events/store/log_reader.h"
#include "events/store/record_codec.h"
#include "events/store/record_decode.h"
#include "events/store/rocks_event_store.h"

namespace mrtrack::events::store {
namespace {

std::string_view View(const rocksdb::Slice& s) { return {s.data(), s.size()}; }
std::string_view View(const Sha256Digest& d) { return {reinterpret_cast<const char*>(d.data()), d.size()}; }

// Looks `key` up in `cf` and says what is wrong with the answer, if anything:
// it must exist and hold BE64(position).
std::string CheckIndexEntry(const StoreDb& db, const rocksdb::ReadOptions& options, Cf cf, rocksdb::Slice key,
                            std::uint64_t position, rocksdb::PinnableSlice* scratch) {
  scratch->Reset();
  auto s = db.db()->Get(options, db.cf(cf), key, scratch);
  std::string family = std::string(kCfNames[cf]) + " index";
  if (s.IsNotFound()) return "the " + family + " has no entry for it";
  if (!s.ok()) return "reading the " + family + " failed: " + s.ToString();
  auto p = ReadBE64(View(*scratch));
  if (!p) return "its " + family + " entry is not an 8-byte position";
  if (*p != position) return "its " + family + " entry points to position " + std::to_string(*p);
  return {};
}

bool IsLowerCaseUuid(std::string_view id) {
  return IsUuid(id) && id.find_first_of("ABCDEF") == std::string_view::npos;
}

// Everything about one record that does not involve the chain.
std::string CheckRecord(const StoreDb& db, const rocksdb::ReadOptions& options, std::uint64_t position,
                        const RecordedEvent& e, Timestamp previous_time, LogWalk* walk,
                        rocksdb::PinnableSlice* scratch) {
  if (e.position != position) return "the record says it is at position " + std::to_string(e.position);
  if (!IsLowerCaseUuid(e.event_id)) return "event_id '" + e.event_id + "' is not a lower-case UUID";
  if (e.stream.empty() || e.stream.find('\0') != std::string::npos) return "the stream name is empty or has a NUL";
  if (e.type.empty() || e.actor.empty()) return "type or actor is empty";
  if (e.recorded_at < previous_time) return "recorded_at goes back in time from the previous event";
  auto tally = walk->streams.find(e.stream);
  std::uint64_t previous_version = tally == walk->streams.end() ? 0 : tally->second.version;
  if (e.version != previous_version + 1) {
    return "stream '" + e.stream + "' version " + std::to_string(e.version) + " follows version " +
           std::to_string(previous_version);
  }
  std::string problem = CheckIndexEntry(db, options, kCfStreams, StreamKey(e.stream, e.version), position, scratch);
  if (problem.empty()) problem = CheckIndexEntry(db, options, kCfEventIds, e.event_id, position, scratch);
  if (!problem.empty()) return problem;
  if (tally == walk->streams.end()) {
    walk->streams.emplace(e.stream, StreamTally{e.version, position});
  } else {
    tally->second = StreamTally{e.version, position};
  }
  return {};
}

// A by_time entry that no event accounts for; blames the position it claims
// when that is one already walked, else the walk's current position.
bool StrayByTime(const rocksdb::Iterator& it, std::uint64_t n, VerifyReport* report) {
  std::optional<std::uint64_t> claimed;
  if (it.key().size() == kByTimeKeySize) claimed = ReadBE64(View(it.key()).substr(8));
  std::uint64_t blame = claimed && *claimed >= 1 && *claimed < n ? *claimed : n;
  return Fail(report, blame,
              "the by_time index has an entry (key " + HexEncode(View(it.key())) + ") that no event accounts for");
}

}  // namespace

bool Fail(VerifyReport* report, std::uint64_t position, std::string problem) {
  report->ok = false;
  report->first_bad_position = position;
  report->problem = "position " + std::to_string(position) + ": " + problem;
  return false;
}

bool WalkLog(const StoreDb& db, const rocksdb::ReadOptions& options, LogWalk* walk, VerifyReport* report) {
  std::unique_ptr<rocksdb::Iterator> events(db.db()->NewIterator(options, db.cf(kCfEvents)));
  std::unique_ptr<rocksdb::Iterator> chain(db.db()->NewIterator(options, db.cf(kCfChain)));
  // recorded_at never decreases along the log, so by_time lists the events
  // in log order: it is checked in step rather than looked up.
  std::unique_ptr<rocksdb::Iterator> by_time(db.db()->NewIterator(options, db.cf(kCfByTime)));
  rocksdb::PinnableSlice scratch;
  RecordedEvent event;
  Sha256Digest hash{};  // Genesis: 32 zero bytes.
  Timestamp previous_time = Timestamp::min();
  std::uint64_t n = 1;
  events->SeekToFirst();
  chain->SeekToFirst();
  by_time->SeekToFirst();
  for (; events->Valid(); events->Next(), chain->Next(), ++n) {
    auto key = ReadBE64(View(events->key()));
    if (!key) return Fail(report, n, "the events family has a malformed key after position " + std::to_string(n - 1));
    if (*key != n) return Fail(report, n, "missing: the next stored event is at position " + std::to_string(*key));
    if (!chain->Valid() || ReadBE64(View(chain->key())) != n) return Fail(report, n, "missing from the chain");
    if (chain->value().size() != kChainHashSize) {
      return Fail(report, n, "its chain hash is " + std::to_string(chain->value().size()) + " bytes, not 32");
    }
    hash = Sha256Concat(View(hash), View(events->value()));
    if (std::memcmp(hash.data(), chain->value().data(), kChainHashSize) != 0) {
      return Fail(report, n,
                  "chain hash mismatch: stored " + HexEncode(std::string_view(chain->value().data(), kChainHashSize)) +
                      ", recomputed " + HexEncode(hash) +
                      " (the stored bytes or the stored hash were altered)");
    }
    Status decoded = DecodeEnvelope(View(events->value()), &event);
    if (!decoded.ok()) return Fail(report, n, decoded.message());
    std::string problem = CheckRecord(db, options, n, event, previous_time, walk, &scratch);
    if (!problem.empty()) return Fail(report, n, problem);
    auto time_key = ByTimeKey(event.recorded_at, n);
    rocksdb::Slice wanted(time_key.data(), time_key.size());
    if (!by_time->Valid() || by_time->key().compare(wanted) > 0) {
      return Fail(report, n, "the by_time index has no entry for it");
    }
    if (by_time->key() != wanted) return StrayByTime(*by_time, n, report);
    by_time->Next();
    previous_time = event.recorded_at;
    walk->last_position = n;
    report->events_checked = n;
    report->head = hash;
  }
  for (auto* it : {events.get(), chain.get(), by_time.get()}) {
    if (!it->status().ok()) return Fail(report, n, "reading failed: " + it->status().ToString());
  }
  if (by_time->Valid()) return StrayByTime(*by_time, n, report);
  if (chain->Valid()) {
    auto key = ReadBE64(View(chain->key()));
    return Fail(report, key.value_or(n), "a chain hash without an event");
  }
  return true;
}

VerifyReport VerifyLog(const StoreDb& db) {
  VerifyReport report;
  rocksdb::ManagedSnapshot snapshot(db.db());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  options.fill_cache = false;
  options.readahead_size = 4 << 20;
  LogWalk walk;
  if (WalkLog(db, options, &walk, &report)) CheckIndexes(db, options, walk, &report);
  return report;
}

}  // namespace mrtrack::events::store
