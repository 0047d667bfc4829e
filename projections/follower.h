// ProjectionFollower: keeps a Projections up to date in its own thread, for the
// daemon. It waits for new positions with EventStore::WaitForPositionAfter and
// applies them with Projections::CatchUp; the CLI and tests call CatchUp()
// themselves instead.
//
// A catch-up error is sticky in Projections; the follower then stops following,
// keeps the error for LastError() and reports it once through `on_error`.
//
// Thread safety: Start/Stop from one owning thread; LastError() and Running()
// from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "common/mutex.h"
#include "common/status.h"
#include "projections/projections.h"

namespace mrtrack::projections {

struct FollowerOptions {
  // Default: 250 ms. How long one wait for new events blocks; bounds how long
  // Stop() can take.
  std::chrono::milliseconds wait_timeout{250};
  // Default: none. Called from the follower's thread when it stops on an error.
  std::function<void(const Status&)> on_error;
};

class ProjectionFollower {
 public:
  // `projections` must outlive the follower.
  explicit ProjectionFollower(Projections& projections, FollowerOptions options = {});
  ~ProjectionFollower();  // Stops.
  ProjectionFollower(const ProjectionFollower&) = delete;
  ProjectionFollower& operator=(const ProjectionFollower&) = delete;

  // Starts the thread (no-op when running).
  void Start();
  // Asks the thread to stop and joins it.
  void Stop();

  bool Running() const { return running_.load(); }
  Status LastError() const;

 private:
  void Run();

  // Constant after construction.
  Projections& projections_;
  const FollowerOptions options_;

  std::thread thread_;  // Owned by the thread calling Start/Stop.
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
  mutable Mutex error_mu_;
  Status error_ MRTRACK_GUARDED_BY(error_mu_);
};

}  // namespace mrtrack::projections
