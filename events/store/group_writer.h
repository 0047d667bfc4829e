// GroupWriter: the single writer thread of a writable store (group commit).
//
// Submit() queues a request and blocks until it is answered. The thread takes
// everything queued (at most max_batch_appends), lets a BatchBuilder decide
// each request, writes ONE WriteBatch with WriteOptions.sync = options.sync,
// and only when that write succeeded publishes the new heads to StoreState
// and answers the batch. If the write fails, every request of the batch gets
// the error and the in-memory state stays as it was. N appends waiting
// together cost one fsync.
//
// Stopping (destructor): the batch in progress completes; requests still
// queued, and Submit() calls made while stopping, are answered kUnavailable;
// the destructor returns only after every Submit() has returned. (Calls that
// start after the destructor returned are, as for any object, not allowed.)
//
// Thread safety: Submit() may be called from any number of threads.
#pragma once

#include <deque>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/mutex.h"
#include "events/store.h"
#include "events/store/append_request.h"
#include "events/store/batch_builder.h"
#include "events/store/store_db.h"
#include "events/store/store_state.h"

namespace mrtrack::events::store {

class GroupWriter {
 public:
  // `db`, `state` and `clock` must outlive the writer.
  GroupWriter(const StoreDb& db, StoreState& state, const Clock& clock, const StoreOptions& options);
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;
  ~GroupWriter();

  // Blocks until the writer has answered `request` (its status/result/conflict).
  void Submit(AppendRequest* request) MRTRACK_EXCLUDES(mu_);

  // Appends waiting for the writer to take them (a gauge for metrics).
  std::size_t QueueDepth() const MRTRACK_EXCLUDES(mu_);
  // True once the destructor has begun.
  bool Stopping() const MRTRACK_EXCLUDES(mu_);
  // Ok, or why appends fail now: broken (until reopened) or the last write's
  // error (until a write succeeds).
  Status WriteHealth() const MRTRACK_EXCLUDES(mu_);

 private:
  void Run() MRTRACK_EXCLUDES(mu_);
  // Decides and writes one batch; leaves every request's answer in it.
  void CommitBatch(std::vector<AppendRequest*>& batch);
  void FailAll(std::vector<AppendRequest*>& batch, const Status& status);
  void SetHealth(const Status& status) MRTRACK_EXCLUDES(mu_);

  // Constant after construction.
  const StoreDb& db_;
  StoreState& state_;
  const Clock& clock_;
  const bool sync_;
  const std::size_t max_batch_;

  // Owned by the writer thread.
  BatchBuilder builder_;
  Status broken_;  // Set when memory may disagree with disk; fails every later append.
  // Set when a write failed: RocksDB then refuses writes until it recovers
  // (Resume(), which each next batch calls first, or its own recovery from a
  // full disk); cleared by a write that succeeds.
  bool resume_needed_ = false;

  mutable Mutex mu_;
  CondVar work_cv_;     // Signalled when a request is queued or stopping_ is set.
  CondVar drained_cv_;  // Signalled when the last Submit() leaves while stopping.
  std::deque<AppendRequest*> queue_ MRTRACK_GUARDED_BY(mu_);
  bool stopping_ MRTRACK_GUARDED_BY(mu_) = false;
  std::size_t submitters_ MRTRACK_GUARDED_BY(mu_) = 0;  // Threads inside Submit().
  Status health_ MRTRACK_GUARDED_BY(mu_);  // What WriteHealth() answers; set by the writer thread.

  std::thread thread_;  // Last: starts once everything above exists.
};

}  // namespace mrtrack::events::store
