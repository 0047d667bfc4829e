#include "events/store/group_writer.h"

#include <algorithm>

#include <rocksdb/options.h>

namespace mrtrack::events::store {
namespace {

Status Closing() {
  return Status(StatusCode::kUnavailable, "the event store is closing; the append was not written");
}

}  // namespace

GroupWriter::GroupWriter(const StoreDb& db, StoreState& state, const Clock& clock, const StoreOptions& options)
    : db_(db),
      state_(state),
      clock_(clock),
      sync_(options.sync),
      max_batch_(std::max<std::size_t>(1, options.max_batch_appends)),
      builder_(db),
      thread_([this] { Run(); }) {}

GroupWriter::~GroupWriter() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
  }
  work_cv_.Signal();
  thread_.join();
  // Answered appenders may still be waking up inside Submit(), on mu_.
  MutexLock lock(&mu_);
  while (submitters_ != 0) drained_cv_.Wait(&mu_);
}

void GroupWriter::Submit(AppendRequest* request) {
  MutexLock lock(&mu_);
  if (stopping_) {
    request->status = Closing();
    return;
  }
  ++submitters_;
  queue_.push_back(request);
  if (queue_.size() == 1) work_cv_.Signal();
  while (!request->done) request->cv.Wait(&mu_);
  if (--submitters_ == 0 && stopping_) drained_cv_.SignalAll();
}

std::size_t GroupWriter::QueueDepth() const {
  MutexLock lock(&mu_);
  return queue_.size();
}

bool GroupWriter::Stopping() const {
  MutexLock lock(&mu_);
  return stopping_;
}

Status GroupWriter::WriteHealth() const {
  MutexLock lock(&mu_);
  return health_;
}

void GroupWriter::SetHealth(const Status& status) {
  MutexLock lock(&mu_);
  health_ = status;
}

void GroupWriter::Run() {
  std::vector<AppendRequest*> batch;
  batch.reserve(std::min<std::size_t>(max_batch_, 1024));
  MutexLock lock(&mu_);
  while (true) {
    while (!stopping_ && queue_.empty()) work_cv_.Wait(&mu_);
    if (stopping_) break;
    std::size_t n = std::min(max_batch_, queue_.size());
    batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    mu_.Unlock();
    CommitBatch(batch);
    mu_.Lock();
    // Notify under the lock: once `done` is seen the request (on its
    // appender's stack) may vanish, so nothing may touch it afterwards.
    for (AppendRequest* r : batch) {
      r->done = true;
      r->cv.Signal();
    }
  }
  for (AppendRequest* r : queue_) {
    r->status = Closing();
    r->done = true;
    r->cv.Signal();
  }
  queue_.clear();
}

void GroupWriter::FailAll(std::vector<AppendRequest*>& batch, const Status& status) {
  for (AppendRequest* r : batch) r->status = status;
}

void GroupWriter::CommitBatch(std::vector<AppendRequest*>& batch) {
  // No exception may escape the writer thread: it would end the process.
  if (!broken_.ok()) return FailAll(batch, broken_);
  bool written = false;
  try {
    Status s = builder_.Begin(state_.Head(), clock_.Now());
    if (!s.ok()) return FailAll(batch, s.WithContext("stamping recorded_at"));
    {
      ReaderMutexLock heads_lock(&state_.heads_mu());
      for (AppendRequest* r : batch) builder_.Add(r, state_.CommittedHeads());
    }
    if (!builder_.Finish()) {
      for (AppendRequest* r : batch) {
        if (r->status.ok()) state_.appends.fetch_add(1, std::memory_order_relaxed);
      }
      return;  // Only deduplications and rejections: nothing to write, no fsync.
    }
    if (!builder_.error().ok()) return FailAll(batch, builder_.error());
    if (resume_needed_) {
      // A failed WAL write leaves nothing in the memtables; Resume() flushes
      // them and starts a new WAL, or fails again while the cause lasts.
      // Busy: RocksDB recovers by itself (from a full disk it retries until
      // space returns); the write below then fails with the cause, or
      // succeeds once RocksDB has recovered.
      rocksdb::Status resumed = db_.db()->Resume();
      if (!resumed.ok() && !resumed.IsBusy()) {
        s = FromRocks(resumed, "resuming writes to '" + db_.dir() + "' after a failed write");
        SetHealth(s);
        return FailAll(batch, s);
      }
    }
    rocksdb::WriteOptions options;
    options.sync = sync_;
    s = FromRocks(db_.db()->Write(options, builder_.batch()), "writing a batch of " +
                                                                  std::to_string(builder_.events_added()) +
                                                                  " events to '" + db_.dir() + "'");
    // The batch's conflicts and deduplications were decided against state
    // that is now void; none of its answers stand.
    if (!s.ok()) {
      resume_needed_ = true;
      SetHealth(s);
      return FailAll(batch, s);
    }
    written = true;
    resume_needed_ = false;
    SetHealth(Status::Ok());
    state_.Commit(builder_.Head(), builder_.ChangedHeads());
    std::uint64_t acknowledged = 0;
    for (AppendRequest* r : batch) acknowledged += r->status.ok() ? 1u : 0u;
    state_.appends.fetch_add(acknowledged, std::memory_order_relaxed);
    state_.batches_written.fetch_add(1, std::memory_order_relaxed);
    state_.events_written.fetch_add(builder_.events_added(), std::memory_order_relaxed);
  } catch (const std::exception& e) {
    Status failed = Internal(std::string("the event store writer failed: ") + e.what());
    // After a durable write the in-memory heads may no longer match the disk:
    // refuse every further append rather than risk reusing a position.
    if (written) {
      broken_ = failed.WithContext("reopen the store");
      SetHealth(broken_);
    }
    FailAll(batch, failed);
  }
}

}  // namespace mrtrack::events::store
