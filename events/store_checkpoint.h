// CheckpointStore: a consistent copy of an open event store, made while
// appends go on (RocksDB checkpoints: hard links to the immutable table
// files where the target is on the same filesystem, copies otherwise, and
// the live write-ahead log). Used by backups (events/backup/backup.h).
//
// Thread safety: safe from any thread, concurrently with appends.
#pragma once

#include <cstdint>
#include <string>

#include "common/crypto.h"
#include "common/status.h"
#include "events/store.h"

namespace mrtrack::events {

// The last event the copy holds.
struct CheckpointHead {
  std::uint64_t position = 0;
  Sha256Digest chain_head{};  // All zero for an empty log.
};

// Writes the copy into `dir`, which must not exist (its parent must), and
// opens it read-only to learn its head. Every append is either wholly in the
// copy or not at all. kFailedPrecondition for a read-only store or one not
// made by EventStore::Open; kIoError when the copy cannot be written (the
// partial copy is removed).
Result<CheckpointHead> CheckpointStore(const EventStore& store, const std::string& dir);

}  // namespace mrtrack::events
