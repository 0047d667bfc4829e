// StoreState: what the store keeps in memory about the log: every stream's
// version, the head (position, chain hash, recorded_at) and the counters of
// Stats(). Loaded at Open from the `heads` column family and meta "head";
// changed only by the writer thread, and only after a WriteBatch is durable.
//
// Thread safety: readers (StreamVersion, HeadPosition, WaitForPositionAfter,
// counters) may run on any thread. Head(), CommittedHeads() and Commit() are
// for the writer thread only; it is the single mutator.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string_view>

#include "common/mutex.h"
#include "events/store/store_db.h"

namespace mrtrack::events::store {

class StoreState {
 public:
  StoreState(LogHead head, StreamHeads heads)
      : heads_(std::move(heads)), head_(head), head_position_(head.position) {}

  std::uint64_t StreamVersion(std::string_view stream) const MRTRACK_EXCLUDES(heads_mu_) {
    ReaderMutexLock lock(&heads_mu_);
    auto it = heads_.find(stream);
    return it == heads_.end() ? 0 : it->second;
  }

  std::uint64_t HeadPosition() const { return head_position_.load(std::memory_order_acquire); }

  std::uint64_t WaitForPositionAfter(std::uint64_t after, std::chrono::milliseconds timeout) const
      MRTRACK_EXCLUDES(wait_mu_) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    MutexLock lock(&wait_mu_);
    while (HeadPosition() <= after && wait_cv_.WaitUntil(&wait_mu_, deadline)) {
    }
    return HeadPosition();
  }

  // --- Writer thread only. ---

  // The committed head. Only the writer changes it, so it reads it freely.
  const LogHead& Head() const { return head_; }

  // The writer holds it shared (a ReaderMutexLock) while it validates a batch
  // against CommittedHeads(): readers may share; Commit waits for the
  // writer's own lock to be released first.
  SharedMutex& heads_mu() const MRTRACK_RETURN_CAPABILITY(heads_mu_) { return heads_mu_; }
  const StreamHeads& CommittedHeads() const MRTRACK_REQUIRES_SHARED(heads_mu_) { return heads_; }

  // Publishes a durable batch: new stream versions, then the new head, then
  // wakes every WaitForPositionAfter.
  void Commit(const LogHead& head, const StreamHeads& changed) MRTRACK_EXCLUDES(heads_mu_, wait_mu_, listeners_mu_) {
    {
      WriterMutexLock lock(&heads_mu_);
      for (const auto& [stream, version] : changed) heads_.insert_or_assign(stream, version);
    }
    head_ = head;
    {
      MutexLock lock(&wait_mu_);
      head_position_.store(head.position, std::memory_order_release);
    }
    wait_cv_.SignalAll();
    MutexLock lock(&listeners_mu_);
    for (const auto& [id, listener] : listeners_) listener(head.position);
  }

  // Any thread. Listeners run on the writer thread inside Commit, under
  // listeners_mu_: once RemoveCommitListener returns, its listener is not
  // running and never runs again.
  std::uint64_t AddCommitListener(std::function<void(std::uint64_t)> listener) MRTRACK_EXCLUDES(listeners_mu_) {
    MutexLock lock(&listeners_mu_);
    listeners_.emplace(++last_listener_id_, std::move(listener));
    return last_listener_id_;
  }
  void RemoveCommitListener(std::uint64_t id) MRTRACK_EXCLUDES(listeners_mu_) {
    MutexLock lock(&listeners_mu_);
    listeners_.erase(id);
  }

  // Counters for Stats(); relaxed: they are statistics, not synchronisation.
  std::atomic<std::uint64_t> appends{0};
  std::atomic<std::uint64_t> batches_written{0};
  std::atomic<std::uint64_t> events_written{0};

 private:
  mutable SharedMutex heads_mu_;
  StreamHeads heads_ MRTRACK_GUARDED_BY(heads_mu_);

  LogHead head_;  // Owned by the writer thread (read and written only there).

  mutable Mutex wait_mu_;
  mutable CondVar wait_cv_;
  // Written under wait_mu_ so that a waiter cannot miss a wake-up; read anywhere.
  std::atomic<std::uint64_t> head_position_;

  Mutex listeners_mu_;
  std::map<std::uint64_t, std::function<void(std::uint64_t)>> listeners_ MRTRACK_GUARDED_BY(listeners_mu_);
  std::uint64_t last_listener_id_ MRTRACK_GUARDED_BY(listeners_mu_) = 0;
};

}  // namespace mrtrack::events::store
