// PositionWatch: waiting for the log without a thread. Followers (event
// streams, long-polls) register a wake-up for "the head has passed N"; the
// store's commit listener runs the due ones. A wake-up only posts work (onto
// a connection's strand): it runs on the store's writer thread, which must
// never block.
//
// Thread safety: safe from any thread. Wake-ups run without the watch's lock
// held, on the writer thread, on the thread calling Wait (when already due)
// or on the thread calling Stop.
#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include "common/mutex.h"

namespace mrtrack::events {
class EventStore;
}

namespace mrtrack::daemon::http {

class PositionWatch {
 public:
  explicit PositionWatch(events::EventStore& store);
  ~PositionWatch();
  PositionWatch(const PositionWatch&) = delete;
  PositionWatch& operator=(const PositionWatch&) = delete;

  // Runs `wake` once, as soon as the head passes `after` (at once when it
  // already has) or Stop() is called. Returns the id Cancel takes.
  std::uint64_t Wait(std::uint64_t after, std::function<void()> wake);
  // Drops a wake-up not yet run (a follower that timed out or closed).
  void Cancel(std::uint64_t id);
  // Runs every waiting wake-up now, and later ones at once: the server stops.
  void Stop();

  std::uint64_t head() const;

 private:
  void OnCommit(std::uint64_t head);

  events::EventStore& store_;
  std::uint64_t listener_id_ = 0;  // Constant after construction.

  mutable Mutex mu_;
  bool stopped_ MRTRACK_GUARDED_BY(mu_) = false;
  std::uint64_t next_id_ MRTRACK_GUARDED_BY(mu_) = 0;
  // Waiting wake-ups by the position they wait to pass, and by id.
  std::multimap<std::uint64_t, std::pair<std::uint64_t, std::function<void()>>> waiting_ MRTRACK_GUARDED_BY(mu_);
  std::map<std::uint64_t, decltype(waiting_)::iterator> by_id_ MRTRACK_GUARDED_BY(mu_);
};

}  // namespace mrtrack::daemon::http
