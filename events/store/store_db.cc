#include "events/store/store_db.h"

#include "common/storage_full.h"

#include <cstring>

#include "events/store/record_codec.h"
#include "events/store/record_decode.h"

namespace mrtrack::events::store {

StoreDb::~StoreDb() {
  if (db_ == nullptr) return;
  for (auto* h : cf_) {
    if (h != nullptr) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
  for (auto* h : other_cfs_) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  // Close() only reports; the WAL of every acknowledged append is already synced.
  db_->Close().PermitUncheckedError();
  delete db_;
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  std::string text = s.ToString();
  std::string message = what + ": " + text;
  if (s.IsCorruption()) return Corruption(message);
  if (s.IsNotFound()) return NotFound(message);
  if (s.IsIOError() && text.find("/LOCK") != std::string::npos) {
    return Status(StatusCode::kUnavailable,
                  what + ": the store is in use by another process or by another open store in this process (" +
                      text + ")");
  }
  if (s.IsNoSpace()) {
    return StorageFull(what + ": the disk is full; nothing was written, and writes succeed again once space is "
                              "freed (" + text + ")");
  }
  if (s.IsBusy() || s.IsTryAgain() || s.IsShutdownInProgress() || s.IsIncomplete()) {
    return Status(StatusCode::kUnavailable, message);
  }
  return IoError(message);
}

namespace {

// The last key of `cf` as a position; 0 when the family is empty.
Status LastPosition(const StoreDb& store, Cf cf, std::uint64_t* position, std::string* value) {
  std::unique_ptr<rocksdb::Iterator> it(store.db()->NewIterator(rocksdb::ReadOptions(), store.cf(cf)));
  it->SeekToLast();
  MRTRACK_RETURN_IF_ERROR(FromRocks(it->status(), "reading the last " + std::string(kCfNames[cf]) + " entry"));
  *position = 0;
  if (!it->Valid()) return Status::Ok();
  auto p = ReadBE64(std::string_view(it->key().data(), it->key().size()));
  if (!p) return Corruption(std::string(kCfNames[cf]) + " has a key that is not an 8-byte position");
  *position = *p;
  value->assign(it->value().data(), it->value().size());
  return Status::Ok();
}

}  // namespace

Result<LogHead> LoadLogHead(const StoreDb& store, bool strict) {
  const std::string where = " in event store '" + store.dir() + "'";
  LogHead head;
  std::string meta;
  auto s = store.db()->Get(rocksdb::ReadOptions(), store.cf(kCfMeta), kMetaHead, &meta);
  if (!s.IsNotFound()) MRTRACK_RETURN_IF_ERROR(FromRocks(s, "reading the head" + where));
  bool meta_ok = s.IsNotFound() || meta.size() == kMetaHeadSize;
  if (s.ok() && meta_ok) {
    head.position = *ReadBE64(std::string_view(meta).substr(0, kPositionKeySize));
    std::memcpy(head.hash.data(), meta.data() + kPositionKeySize, kChainHashSize);
  }

  std::uint64_t last_event = 0, last_chain = 0;
  std::string record, chain_value;
  Status events_status = LastPosition(store, kCfEvents, &last_event, &record);
  Status chain_status = LastPosition(store, kCfChain, &last_chain, &chain_value);
  if (strict) {
    MRTRACK_RETURN_IF_ERROR(events_status);
    MRTRACK_RETURN_IF_ERROR(chain_status);
    if (!meta_ok) return Corruption("meta head is malformed" + where + "; run verify");
    if (last_event != head.position || last_chain != head.position) {
      return Corruption("meta head says position " + std::to_string(head.position) + " but the events end at " +
                        std::to_string(last_event) + " and the chain at " + std::to_string(last_chain) + where +
                        "; run verify");
    }
    if (head.position != 0 &&
        (chain_value.size() != kChainHashSize || std::memcmp(chain_value.data(), head.hash.data(), kChainHashSize) != 0)) {
      return Corruption("meta head hash differs from the chain at position " + std::to_string(head.position) + where +
                        "; run verify");
    }
  } else if (!meta_ok || !s.ok()) {
    // Read-only: make do with what is there and let Verify() explain.
    head.position = events_status.ok() ? last_event : 0;
    head.hash = {};
    if (chain_value.size() == kChainHashSize && last_chain == head.position) {
      std::memcpy(head.hash.data(), chain_value.data(), kChainHashSize);
    }
  }
  if (head.position != 0 && last_event == head.position) {
    RecordedEvent last;
    Status decoded = DecodeEnvelope(record, &last);
    if (decoded.ok()) {
      head.recorded_at = last.recorded_at;
    } else if (strict) {
      return decoded.WithContext("position " + std::to_string(head.position) + where);
    }
  }
  return head;
}

Result<StreamHeads> LoadStreamHeads(const StoreDb& store) {
  StreamHeads heads;
  std::unique_ptr<rocksdb::Iterator> it(store.db()->NewIterator(rocksdb::ReadOptions(), store.cf(kCfHeads)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto version = ReadBE64(std::string_view(it->value().data(), it->value().size()));
    if (!version) {
      return Corruption("heads entry for stream '" + it->key().ToString() + "' is not an 8-byte version in '" +
                        store.dir() + "'");
    }
    heads.emplace(it->key().ToString(), *version);
  }
  MRTRACK_RETURN_IF_ERROR(FromRocks(it->status(), "loading stream heads of '" + store.dir() + "'"));
  return heads;
}

}  // namespace mrtrack::events::store
