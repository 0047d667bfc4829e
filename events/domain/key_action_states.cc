#include "events/domain/key_action_states.h"

#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

#include "events/domain/command_runner.h"
#include "events/domain/ids.h"

namespace mrtrack::events {

KeyActionStates::KeyActionStates(EventStore& store, KeyActionStatesOptions options)
    : store_(store), options_(options) {}

KeyActionStates::~KeyActionStates() = default;

KeyActionStatesStats KeyActionStates::Stats() const {
  MutexLock lock(&mu_);
  KeyActionStatesStats stats = stats_;
  stats.cached = entries_.size();
  return stats;
}

void KeyActionStates::TouchLocked(const std::string& stream, Entry& entry) {
  if (entry.lru != lru_.end()) lru_.erase(entry.lru);
  lru_.push_front(stream);
  entry.lru = lru_.begin();
}

void KeyActionStates::EvictLocked() {
  // Busy entries stay; they are touched again when their leader finishes.
  auto it = lru_.end();
  while (entries_.size() > options_.capacity && it != lru_.begin()) {
    --it;
    auto found = entries_.find(*it);
    if (found == entries_.end() || found->second.busy || !found->second.waiting.empty()) continue;
    entries_.erase(found);
    it = lru_.erase(it);
  }
}

void KeyActionStates::Run(internal::PendingCommand* command) {
  const std::string stream = ActionStream(command->action_id);
  mu_.Lock();
  auto [found, fresh] = entries_.try_emplace(stream);
  Entry& entry = found->second;  // Stays valid; `found` does not once the lock is let go.
  if (fresh) entry.lru = lru_.end();
  entry.waiting.push_back(command);
  if (entry.busy) {
    while (!command->done && !command->lead) command->cv.Wait(&mu_);
    if (command->done) {
      mu_.Unlock();
      return;
    }
  }
  entry.busy = true;
  // This thread leads until its own command is answered; then it hands the
  // queue to the next waiter, so no caller serves others for long.
  while (true) {
    std::vector<internal::PendingCommand*> batch;
    while (!entry.waiting.empty() && batch.size() < std::max<std::size_t>(1, options_.max_batch)) {
      batch.push_back(entry.waiting.front());
      entry.waiting.pop_front();
    }
    std::optional<KeyActionState> state = std::move(entry.state);
    entry.state.reset();
    mu_.Unlock();
    internal::BatchOutcome outcome;
    try {
      outcome = internal::RunBatch(store_, stream, batch, state);
    } catch (const std::exception& e) {
      // No exception may leave the queue busy: its waiters would hang.
      for (internal::PendingCommand* c : batch) {
        c->result = Internal(std::string("deciding a command failed: ") + e.what());
      }
      state.reset();
    }
    mu_.Lock();
    entry.state = std::move(state);
    ++(outcome.folded_whole_stream ? stats_.misses : stats_.hits);
    if (outcome.appended) ++stats_.batches;
    // Notify under the lock: once `done` is seen the command (on its caller's
    // stack) may vanish.
    for (internal::PendingCommand* c : batch) {
      c->done = true;
      if (c != command) c->cv.Signal();
    }
    if (!command->done) continue;  // Not reached: the leader's command is in its first batch.
    if (!entry.waiting.empty()) {
      entry.waiting.front()->lead = true;
      entry.waiting.front()->cv.Signal();
      mu_.Unlock();
      return;
    }
    break;
  }
  entry.busy = false;
  if (!entry.state || !entry.state->exists) {
    // Nothing worth keeping (an unknown id, or a failed read).
    if (entry.lru != lru_.end()) lru_.erase(entry.lru);
    entries_.erase(stream);  // By key: other streams may have rehashed the map meanwhile.
    mu_.Unlock();
    return;
  }
  TouchLocked(stream, entry);
  EvictLocked();
  mu_.Unlock();
}

}  // namespace mrtrack::events
