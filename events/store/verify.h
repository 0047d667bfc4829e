// Verification of a whole store, in two passes over one snapshot
// (FORMAT.md "Verification" lists every check):
//   1. WalkLog: positions 1, 2, 3, ... without gaps; each chain hash
//      recomputed from the stored bytes; each record decoded and agreeing
//      with its key, its stream's previous version, and the streams,
//      event_ids and by_time indexes.
//   2. CheckIndexes: meta "head", the `heads` family, and index entries that
//      no event accounts for.
// Both stop at the first problem and describe it in the report.
//
// Thread safety: stateless functions; safe on a store that is being appended
// to (they read one snapshot) and on read-only opens.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include <rocksdb/options.h>

#include "events/store.h"
#include "events/store/store_db.h"

namespace mrtrack::events::store {

struct StreamTally {
  std::uint64_t version = 0;        // Events of the stream seen so far.
  std::uint64_t last_position = 0;  // Where its latest event is.
};

struct LogWalk {
  std::uint64_t last_position = 0;  // Of the last event that passed.
  std::unordered_map<std::string, StreamTally, StringHash, std::equal_to<>> streams;
};

// Pass 1. Returns false and fills `report` (ok, first_bad_position, problem)
// at the first bad position; report->events_checked and report->head follow
// the events that passed.
bool WalkLog(const StoreDb& db, const rocksdb::ReadOptions& options, LogWalk* walk, VerifyReport* report);

// Pass 2, after a complete WalkLog.
bool CheckIndexes(const StoreDb& db, const rocksdb::ReadOptions& options, const LogWalk& walk,
                  VerifyReport* report);

// Marks `report` bad at `position` because of `problem`; returns false.
bool Fail(VerifyReport* report, std::uint64_t position, std::string problem);

}  // namespace mrtrack::events::store
