// The read side of RocksEventStore: streams, the whole log, time ranges.
#include <limits>

#include "events/store/key_layout.h"
#include "events/store/log_reader.h"
#include "events/store/rocks_event_store.h"

namespace mrtrack::events::store {
namespace {

// Large sequential reads for rebuilds: read ahead, and do not push the
// block cache's working set out with blocks read once.
constexpr std::size_t kScanReadahead = 4 << 20;

bool HasPrefix(const rocksdb::Slice& key, std::string_view prefix) {
  return key.size() == prefix.size() + 8 && std::string_view(key.data(), prefix.size()) == prefix;
}

// Maps the exceptions a callback or the JSON library may throw to a Status.
template <typename F>
auto NoThrow(const std::string& what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Internal(what + ": " + e.what());
  }
}

}  // namespace

Result<std::vector<RecordedEvent>> RocksEventStore::ReadStream(const std::string& stream, std::uint64_t from,
                                                               Direction direction, std::size_t max) const {
  return NoThrow("reading stream '" + stream + "'", [&]() -> Result<std::vector<RecordedEvent>> {
    std::vector<std::uint64_t> positions;
    if (max == 0 || stream.empty() || stream.find('\0') != std::string::npos) return std::vector<RecordedEvent>();
    const std::string prefix = StreamPrefix(stream);
    std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(rocksdb::ReadOptions(), db_->cf(kCfStreams)));
    if (direction == Direction::kForward) {
      it->Seek(StreamKey(stream, from == 0 ? 1 : from));
      for (; it->Valid() && HasPrefix(it->key(), prefix) && positions.size() < max; it->Next()) {
        auto p = ReadBE64(std::string_view(it->value().data(), it->value().size()));
        if (!p) return Corruption("streams entry of '" + stream + "' is not an 8-byte position");
        positions.push_back(*p);
      }
    } else {
      if (from == 0) return std::vector<RecordedEvent>();
      it->SeekForPrev(StreamKey(stream, from));
      for (; it->Valid() && HasPrefix(it->key(), prefix) && positions.size() < max; it->Prev()) {
        auto p = ReadBE64(std::string_view(it->value().data(), it->value().size()));
        if (!p) return Corruption("streams entry of '" + stream + "' is not an 8-byte position");
        positions.push_back(*p);
      }
    }
    MRTRACK_RETURN_IF_ERROR(FromRocks(it->status(), "reading stream '" + stream + "'"));
    std::vector<RecordedEvent> events;
    MRTRACK_RETURN_IF_ERROR(ReadPositions(*db_, positions, &events));
    return events;
  });
}

Result<std::vector<RecordedEvent>> RocksEventStore::ReadAll(std::uint64_t from_position, std::size_t max) const {
  return NoThrow("reading the log", [&]() -> Result<std::vector<RecordedEvent>> {
    std::vector<RecordedEvent> events;
    if (max == 0) return events;
    rocksdb::ManagedSnapshot snapshot(db_->db());
    rocksdb::ReadOptions options;
    options.snapshot = snapshot.snapshot();
    LogCursor cursor(*db_, options, from_position);
    for (; cursor.Valid() && events.size() < max; cursor.Next()) {
      events.emplace_back();
      MRTRACK_RETURN_IF_ERROR(cursor.Read(&events.back()));
    }
    MRTRACK_RETURN_IF_ERROR(cursor.status());
    return events;
  });
}

Status RocksEventStore::Scan(std::uint64_t from_position,
                             const std::function<bool(const RecordedEvent&)>& visit) const {
  return NoThrow("scanning the log", [&]() -> Status {
    rocksdb::ManagedSnapshot snapshot(db_->db());
    rocksdb::ReadOptions options;
    options.snapshot = snapshot.snapshot();
    options.readahead_size = kScanReadahead;
    options.fill_cache = false;
    LogCursor cursor(*db_, options, from_position);
    RecordedEvent event;  // Reused: its strings keep their capacity.
    for (; cursor.Valid(); cursor.Next()) {
      MRTRACK_RETURN_IF_ERROR(cursor.Read(&event));
      if (!visit(event)) return Status::Ok();
    }
    return cursor.status();
  });
}

Result<std::vector<RecordedEvent>> RocksEventStore::ReadByTime(Timestamp from, Timestamp to, std::size_t max) const {
  return NoThrow("reading by time", [&]() -> Result<std::vector<RecordedEvent>> {
    std::vector<RecordedEvent> events;
    if (max == 0 || from >= to) return events;
    auto lower = ByTimeKey(from, 0);
    auto upper = ByTimeKey(to, 0);
    rocksdb::Slice upper_slice(upper.data(), upper.size());
    rocksdb::ReadOptions options;
    options.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(options, db_->cf(kCfByTime)));
    std::vector<std::uint64_t> positions;
    for (it->Seek(rocksdb::Slice(lower.data(), lower.size())); it->Valid() && positions.size() < max; it->Next()) {
      if (it->key().size() != kByTimeKeySize) return Corruption("by_time has a key that is not 16 bytes");
      positions.push_back(*ReadBE64(std::string_view(it->key().data() + 8, 8)));
    }
    MRTRACK_RETURN_IF_ERROR(FromRocks(it->status(), "reading by time"));
    MRTRACK_RETURN_IF_ERROR(ReadPositions(*db_, positions, &events));
    return events;
  });
}

}  // namespace mrtrack::events::store
