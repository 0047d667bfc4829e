// CheckpointStore (events/store_checkpoint.h).
#include "events/store_checkpoint.h"

#include <filesystem>

#include <rocksdb/utilities/checkpoint.h>

#include "events/store/rocks_event_store.h"

namespace mrtrack::events {

namespace store {

Result<CheckpointHead> RocksEventStore::Checkpoint(const std::string& dir) const {
  if (writer_ == nullptr) {
    return FailedPrecondition("the event store '" + db_->dir() + "' is open read-only: no checkpoint of it");
  }
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) return FailedPrecondition("'" + dir + "' exists already", dir);
  rocksdb::Checkpoint* raw = nullptr;
  MRTRACK_RETURN_IF_ERROR(FromRocks(rocksdb::Checkpoint::Create(db_->db(), &raw), "preparing a checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush = 0: flush the memtables first, so the copy holds
  // table files and a short log.
  Status made = FromRocks(checkpoint->CreateCheckpoint(dir, 0), "writing a checkpoint to '" + dir + "'");
  if (!made.ok()) {
    std::filesystem::remove_all(dir, ec);
    return made;
  }
  StoreOptions read_only;
  read_only.read_only = true;
  MRTRACK_ASSIGN_OR_RETURN(auto copy, OpenStoreDb(dir, read_only, SystemClock::Instance()));
  MRTRACK_ASSIGN_OR_RETURN(LogHead head, LoadLogHead(*copy, /*strict=*/true));
  return CheckpointHead{head.position, head.hash};
}

}  // namespace store

Result<CheckpointHead> CheckpointStore(const EventStore& store, const std::string& dir) {
  const auto* rocks = dynamic_cast<const store::RocksEventStore*>(&store);
  if (rocks == nullptr) return FailedPrecondition("this event store cannot make checkpoints");
  try {
    return rocks->Checkpoint(dir);
  } catch (const std::exception& e) {
    return Internal("checkpoint of the event store: " + std::string(e.what()));
  }
}

}  // namespace mrtrack::events
