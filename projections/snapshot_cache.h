// SnapshotCache: as-of answers without replaying the whole log per request.
//
// An auditor pages through "the state on 2025-06-30", or steps from one day
// to the next; each request used to replay the log from position 1. The
// cache keeps the models of the last few as-of positions asked for (least
// recently used out). A model for a new position starts from a copy of the
// cached model with the greatest position below it and replays only the
// events in between. Events at or below the head never change, so a cached
// model never goes stale; the views' own model (the head) is not cached here.
//
// Memory: each model is a full copy of the views at that position (about
// the size of the live views); `capacity` bounds how many are kept.
//
// Thread safety: all methods are safe to call concurrently. Replays run
// outside the lock; two requests for the same new position may both replay,
// and both answers are correct.
#pragma once

#include <cstdint>
#include <list>
#include <memory>

#include "common/mutex.h"
#include "common/status.h"
#include "events/store.h"
#include "projections/as_of.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

// Default: 4 models.
inline constexpr std::size_t kDefaultSnapshotCacheCapacity = 4;

struct SnapshotCacheStats {
  std::uint64_t hits = 0;             // Answered from a model of that exact position.
  std::uint64_t extended = 0;         // Replayed from a cached model below the position.
  std::uint64_t replayed_from_start = 0;
  std::uint64_t events_replayed = 0;  // Events applied by both kinds of replay.
};

// A snapshot whose model is shared with the cache (and with other requests).
struct SharedSnapshot {
  std::shared_ptr<const ViewModel> model;
  Timestamp at{};  // As Snapshot::at.
};

class SnapshotCache {
 public:
  // `store` must outlive the cache. `capacity` >= 1.
  explicit SnapshotCache(const events::EventStore& store, std::size_t capacity = kDefaultSnapshotCacheCapacity);
  SnapshotCache(const SnapshotCache&) = delete;
  SnapshotCache& operator=(const SnapshotCache&) = delete;

  // The state as of `as_of`, equal to BuildSnapshot(store, as_of). Errors
  // as BuildSnapshot: kInvalidArgument past the head, the log's and the
  // folds' errors.
  Result<SharedSnapshot> Get(const AsOf& as_of);

  SnapshotCacheStats Stats() const;

 private:
  struct Entry {
    std::uint64_t position = 0;
    std::shared_ptr<const ViewModel> model;
  };

  Result<std::shared_ptr<const ViewModel>> ModelAt(std::uint64_t position);
  // The model of the greatest cached position <= `position`, or null; marks
  // that entry the most recently used. Requires mu_.
  std::shared_ptr<const ViewModel> FindBaseLocked(std::uint64_t position) MRTRACK_REQUIRES(mu_);
  void InsertLocked(std::uint64_t position, std::shared_ptr<const ViewModel> model) MRTRACK_REQUIRES(mu_);

  const events::EventStore& store_;
  const std::size_t capacity_;
  mutable Mutex mu_;
  std::list<Entry> entries_ MRTRACK_GUARDED_BY(mu_);  // Most recently used first.
  SnapshotCacheStats stats_ MRTRACK_GUARDED_BY(mu_);
};

}  // namespace mrtrack::projections
