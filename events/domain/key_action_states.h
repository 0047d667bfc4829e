// KeyActionStates: the folded state of recently used key actions, held in
// memory for the command handlers, and the queue that runs the commands on one
// action in order.
//
// A command no longer re-reads its action's whole stream. It joins the queue
// of its action; the first command in an idle queue leads: it takes every
// command waiting, brings the cached state up to the log (the events appended
// since, read from the stream's version on; on a miss the whole stream is
// folded once), decides the commands one after the other, each on the result
// of the ones before it, appends them in one atomic append with exact expected
// versions and, once that append is durable, folds the events just written
// into the cache. The cache is therefore never ahead of the log, and writers
// that do not go through this queue (imports, another process that held the
// store before) are seen at the next command: their events are folded in
// first, and a race with one is a conflict that the queue retries on the new
// state. Commands without an expected version thus never conflict with each
// other; commands on different actions share the store's group commit.
//
// Memory is bounded: at most Options::capacity actions are kept (the least
// recently used idle one is dropped first), each with only its last
// kRecentComments comments.
//
// Thread safety: all methods are safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/mutex.h"
#include "common/status.h"
#include "common/thread_annotations.h"
#include "events/domain/key_action.h"
#include "events/store.h"

namespace mrtrack::events {

namespace internal {
struct PendingCommand;
}  // namespace internal

// How many of an action's latest comments a cached state and a command's
// answer keep (CommandResult::action.comments), and an action's view shows;
// the rest are paged (projections/comment_page.h).
inline constexpr std::size_t kRecentComments = 5;

struct KeyActionStatesOptions {
  // Default: 20000. Actions whose folded state is kept; about 2 KB each
  // without long comments.
  std::size_t capacity = 20000;
  // Default: 1024. Commands one leader decides and appends together.
  std::size_t max_batch = 1024;
};

struct KeyActionStatesStats {
  std::uint64_t hits = 0;     // Batches decided on a cached state (caught up from the stream's tail).
  std::uint64_t misses = 0;   // Batches that folded the action's whole stream.
  std::uint64_t batches = 0;  // Appends issued by leaders.
  std::size_t cached = 0;     // Actions held now.
};

class KeyActionStates {
 public:
  // `store` must outlive this object; every command run through it must use
  // the same store.
  explicit KeyActionStates(EventStore& store, KeyActionStatesOptions options = {});
  KeyActionStates(const KeyActionStates&) = delete;
  KeyActionStates& operator=(const KeyActionStates&) = delete;
  ~KeyActionStates();

  EventStore& store() const { return store_; }
  KeyActionStatesStats Stats() const MRTRACK_EXCLUDES(mu_);

  // Queues `command` behind the others on its action and blocks until it is
  // answered (in command->result). Used by the commands of commands.h.
  void Run(internal::PendingCommand* command) MRTRACK_EXCLUDES(mu_);

 private:
  struct Entry {
    std::optional<KeyActionState> state;            // As of the log; nullopt until folded.
    std::list<internal::PendingCommand*> waiting;  // In arrival order.
    bool busy = false;                              // A leader is deciding a batch.
    std::list<std::string>::iterator lru;           // Its place in lru_.
  };

  void TouchLocked(const std::string& stream, Entry& entry) MRTRACK_REQUIRES(mu_);
  void EvictLocked() MRTRACK_REQUIRES(mu_);

  // Constant after construction.
  EventStore& store_;
  const KeyActionStatesOptions options_;

  mutable Mutex mu_;
  // Node-based: an Entry stays where it is while other streams come and go.
  std::unordered_map<std::string, Entry> entries_ MRTRACK_GUARDED_BY(mu_);
  std::list<std::string> lru_ MRTRACK_GUARDED_BY(mu_);  // Most recently used first.
  KeyActionStatesStats stats_ MRTRACK_GUARDED_BY(mu_);
};

}  // namespace mrtrack::events
