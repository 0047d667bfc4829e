#include "daemon/server/http/position_watch.h"

#include <vector>

#include "events/store.h"

namespace mrtrack::daemon::http {

PositionWatch::PositionWatch(events::EventStore& store) : store_(store) {
  listener_id_ = store_.AddCommitListener([this](std::uint64_t head) { OnCommit(head); });
}

PositionWatch::~PositionWatch() { store_.RemoveCommitListener(listener_id_); }

std::uint64_t PositionWatch::head() const { return store_.HeadPosition(); }

std::uint64_t PositionWatch::Wait(std::uint64_t after, std::function<void()> wake) {
  std::uint64_t id = 0;
  bool due_now = false;
  {
    MutexLock lock(&mu_);
    id = ++next_id_;
    // Read under the lock: a commit either published its head before this read
    // (due now) or runs OnCommit after it and finds this entry.
    due_now = stopped_ || store_.HeadPosition() > after;
    if (!due_now) by_id_.emplace(id, waiting_.emplace(after, std::make_pair(id, std::move(wake))));
  }
  if (due_now) wake();  // Outside the lock: wake-ups never run under it.
  return id;
}

void PositionWatch::Cancel(std::uint64_t id) {
  MutexLock lock(&mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  waiting_.erase(it->second);
  by_id_.erase(it);
}

void PositionWatch::OnCommit(std::uint64_t head) {
  std::vector<std::function<void()>> due;
  {
    MutexLock lock(&mu_);
    auto end = waiting_.lower_bound(head);  // Entries waiting to pass a position below head.
    for (auto it = waiting_.begin(); it != end; ++it) {
      due.push_back(std::move(it->second.second));
      by_id_.erase(it->second.first);
    }
    waiting_.erase(waiting_.begin(), end);
  }
  for (auto& wake : due) wake();
}

void PositionWatch::Stop() {
  std::vector<std::function<void()>> due;
  {
    MutexLock lock(&mu_);
    stopped_ = true;
    for (auto& entry : waiting_) due.push_back(std::move(entry.second.second));
    waiting_.clear();
    by_id_.clear();
  }
  for (auto& wake : due) wake();
}

}  // namespace mrtrack::daemon::http
