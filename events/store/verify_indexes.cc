// Verify() pass 2: meta "head", the heads family, and stray index entries.
//
// Pass 1 proved that every event has its correct entry in each index, and
// walked by_time in step with the log. What is left is streams and event_ids
// entries no event accounts for; counting each index finds them cheaply, and
// only when a count is off is the index searched for the culprit.
#include <cstring>

#include "events/store/key_layout.h"
#include "events/store/log_reader.h"
#include "events/store/record_codec.h"
#include "events/store/record_decode.h"
#include "events/store/verify.h"

namespace mrtrack::events::store {
namespace {

std::string_view View(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

// The position a stray entry claims, or the first position past the log when
// it claims none that exists.
std::uint64_t Blame(std::optional<std::uint64_t> claimed, const LogWalk& walk) {
  if (claimed && *claimed >= 1 && *claimed <= walk.last_position) return *claimed;
  return walk.last_position + 1;
}

bool CheckMetaHead(const StoreDb& db, const rocksdb::ReadOptions& options, const LogWalk& walk,
                   VerifyReport* report) {
  std::string meta;
  auto s = db.db()->Get(options, db.cf(kCfMeta), kMetaHead, &meta);
  std::uint64_t last = walk.last_position;
  if (s.IsNotFound()) {
    if (last == 0) return true;
    return Fail(report, 1, "meta has no head although the log holds " + std::to_string(last) + " events");
  }
  if (!s.ok()) return Fail(report, last + 1, "reading meta head failed: " + s.ToString());
  if (meta.size() != kMetaHeadSize) return Fail(report, last + 1, "meta head is not 40 bytes");
  std::uint64_t position = *ReadBE64(std::string_view(meta).substr(0, kPositionKeySize));
  if (position > last) {
    return Fail(report, last + 1, "missing: meta head says the log ends at position " + std::to_string(position));
  }
  if (position < last) {
    return Fail(report, position + 1, "beyond the head recorded in meta (position " + std::to_string(position) + ")");
  }
  if (std::memcmp(meta.data() + kPositionKeySize, report->head.data(), kChainHashSize) != 0) {
    return Fail(report, last, "meta head hash differs from the chain hash of the last event");
  }
  return true;
}

bool CheckHeads(const StoreDb& db, const rocksdb::ReadOptions& options, const LogWalk& walk, VerifyReport* report) {
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(options, db.cf(kCfHeads)));
  std::size_t count = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++count) {
    std::string stream = it->key().ToString();
    auto version = ReadBE64(View(it->value()));
    auto tally = walk.streams.find(stream);
    if (tally == walk.streams.end()) {
      return Fail(report, walk.last_position + 1, "heads names stream '" + stream + "', which has no events");
    }
    if (!version || *version != tally->second.version) {
      return Fail(report, tally->second.last_position,
                  "heads says stream '" + stream + "' is at version " +
                      (version ? std::to_string(*version) : std::string("(malformed)")) + ", the log holds " +
                      std::to_string(tally->second.version) + " events of it");
    }
  }
  if (!it->status().ok()) return Fail(report, walk.last_position + 1, "reading heads failed: " + it->status().ToString());
  if (count != walk.streams.size()) {
    for (const auto& [stream, tally] : walk.streams) {
      std::string value;
      if (db.db()->Get(options, db.cf(kCfHeads), stream, &value).IsNotFound()) {
        return Fail(report, tally.last_position, "heads has no entry for stream '" + stream + "'");
      }
    }
  }
  return true;
}

// Does the event at `position` exist and satisfy `matches`?
template <typename Pred>
bool EventMatches(const StoreDb& db, const rocksdb::ReadOptions& options, std::uint64_t position, Pred matches) {
  auto key = BE64(position);
  std::string record;
  if (!db.db()->Get(options, db.cf(kCfEvents), rocksdb::Slice(key.data(), key.size()), &record).ok()) return false;
  RecordedEvent e;
  return DecodeEnvelope(record, &e).ok() && matches(e);
}

// Counts `cf`; when it holds more entries than events, finds the first entry
// `legit` rejects. `legit` returns the position the entry claims (nullopt:
// unreadable) and whether it is one pass 1 already accounted for.
template <typename Legit>
bool CheckNoStrays(const StoreDb& db, const rocksdb::ReadOptions& options, Cf cf, const LogWalk& walk,
                   VerifyReport* report, Legit legit) {
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(options, db.cf(cf)));
  std::uint64_t count = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  const std::string family = kCfNames[cf];
  if (!it->status().ok()) return Fail(report, walk.last_position + 1, "reading " + family + " failed");
  if (count == walk.last_position) return true;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto [claimed, ok] = legit(it->key(), it->value());
    if (!ok) {
      return Fail(report, Blame(claimed, walk),
                  "the " + family + " index has an entry (key " + HexEncode(View(it->key())) +
                      ") that no event accounts for");
    }
  }
  return Fail(report, walk.last_position + 1,
              "the " + family + " index has " + std::to_string(count) + " entries for " +
                  std::to_string(walk.last_position) + " events");
}

}  // namespace

bool CheckIndexes(const StoreDb& db, const rocksdb::ReadOptions& options, const LogWalk& walk,
                  VerifyReport* report) {
  if (!CheckMetaHead(db, options, walk, report)) return false;
  if (!CheckHeads(db, options, walk, report)) return false;
  using Claim = std::pair<std::optional<std::uint64_t>, bool>;
  // streams: (stream, v) is accounted for iff 1 <= v <= the stream's version.
  bool ok = CheckNoStrays(db, options, kCfStreams, walk, report, [&](rocksdb::Slice key, rocksdb::Slice value) {
    auto claimed = ReadBE64(View(value));
    if (key.size() < 9 || key[key.size() - 9] != '\0') return Claim{claimed, false};
    std::string_view stream(key.data(), key.size() - 9);
    auto version = ReadBE64(std::string_view(key.data() + key.size() - 8, 8));
    auto tally = walk.streams.find(stream);
    return Claim{claimed, tally != walk.streams.end() && *version >= 1 && *version <= tally->second.version};
  });
  if (!ok) return false;
  ok = CheckNoStrays(db, options, kCfEventIds, walk, report, [&](rocksdb::Slice key, rocksdb::Slice value) {
    auto claimed = ReadBE64(View(value));
    return Claim{claimed, claimed && EventMatches(db, options, *claimed, [&](const RecordedEvent& e) {
                            return e.event_id == View(key);
                          })};
  });
  return ok;
}

}  // namespace mrtrack::events::store
