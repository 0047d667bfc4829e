#include "events/store/log_reader.h"

#include <cstring>

#include "events/store/key_layout.h"
#include "events/store/record_codec.h"

namespace mrtrack::events::store {
namespace {

std::string_view View(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

}  // namespace

Status DecodeStored(std::uint64_t position, std::string_view record, std::string_view chain, RecordedEvent* out) {
  const std::string at = "position " + std::to_string(position);
  MRTRACK_RETURN_IF_ERROR(DecodeRecord(record, out).WithContext(at));
  if (out->position != position) {
    return Corruption(at + ": the record says it is at position " + std::to_string(out->position));
  }
  if (chain.size() != kChainHashSize) {
    return Corruption(at + ": the chain hash is " + std::to_string(chain.size()) + " bytes, not 32");
  }
  std::memcpy(out->chain_hash.data(), chain.data(), kChainHashSize);
  return Status::Ok();
}

LogCursor::LogCursor(const StoreDb& db, const rocksdb::ReadOptions& options, std::uint64_t from_position) {
  std::vector<rocksdb::Iterator*> its;
  auto s = db.db()->NewIterators(options, {db.cf(kCfEvents), db.cf(kCfChain)}, &its);
  if (!s.ok()) {
    // NewIterator never fails; fall back to it so status() reports nothing odd.
    its = {db.db()->NewIterator(options, db.cf(kCfEvents)), db.db()->NewIterator(options, db.cf(kCfChain))};
  }
  events_.reset(its[0]);
  chain_.reset(its[1]);
  auto key = BE64(from_position == 0 ? 1 : from_position);
  events_->Seek(rocksdb::Slice(key.data(), key.size()));
  chain_->Seek(rocksdb::Slice(key.data(), key.size()));
}

Status LogCursor::Read(RecordedEvent* out) const {
  auto position = ReadBE64(View(events_->key()));
  if (!position) return Corruption("the events column family has a key that is not an 8-byte position");
  if (!chain_->Valid() || chain_->key() != events_->key()) {
    return Corruption("position " + std::to_string(*position) + " has no chain hash");
  }
  return DecodeStored(*position, View(events_->value()), View(chain_->value()), out);
}

void LogCursor::Next() {
  events_->Next();
  if (chain_->Valid()) chain_->Next();
  // Keep the two in step even past a damaged stretch (normally a no-op).
  if (events_->Valid() && chain_->Valid() && chain_->key() != events_->key()) chain_->Seek(events_->key());
}

Status LogCursor::status() const {
  MRTRACK_RETURN_IF_ERROR(FromRocks(events_->status(), "reading events"));
  return FromRocks(chain_->status(), "reading the chain");
}

Status ReadPositions(const StoreDb& db, const std::vector<std::uint64_t>& positions,
                     std::vector<RecordedEvent>* out) {
  const std::size_t n = positions.size();
  out->clear();
  if (n == 0) return Status::Ok();
  std::vector<std::array<char, 8>> key_bytes(n);
  std::vector<rocksdb::Slice> keys(n);
  for (std::size_t i = 0; i < n; ++i) {
    key_bytes[i] = BE64(positions[i]);
    keys[i] = rocksdb::Slice(key_bytes[i].data(), key_bytes[i].size());
  }
  std::vector<rocksdb::PinnableSlice> records(n), chains(n);
  std::vector<rocksdb::Status> record_status(n), chain_status(n);
  rocksdb::ManagedSnapshot snapshot(db.db());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  db.db()->MultiGet(options, db.cf(kCfEvents), n, keys.data(), records.data(), record_status.data());
  db.db()->MultiGet(options, db.cf(kCfChain), n, keys.data(), chains.data(), chain_status.data());
  out->resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string at = "position " + std::to_string(positions[i]);
    if (record_status[i].IsNotFound()) return Corruption(at + " is in an index but has no record");
    MRTRACK_RETURN_IF_ERROR(FromRocks(record_status[i], "reading " + at));
    if (chain_status[i].IsNotFound()) return Corruption(at + " has no chain hash");
    MRTRACK_RETURN_IF_ERROR(FromRocks(chain_status[i], "reading the chain hash of " + at));
    MRTRACK_RETURN_IF_ERROR(DecodeStored(positions[i], View(records[i]), View(chains[i]), &(*out)[i]));
  }
  return Status::Ok();
}

}  // namespace mrtrack::events::store
