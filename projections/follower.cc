#include "projections/follower.h"

namespace mrtrack::projections {

ProjectionFollower::ProjectionFollower(Projections& projections, FollowerOptions options)
    : projections_(projections), options_(std::move(options)) {}

ProjectionFollower::~ProjectionFollower() { Stop(); }

void ProjectionFollower::Start() {
  if (thread_.joinable()) return;
  stop_.store(false);
  running_.store(true);
  thread_ = std::thread([this] { Run(); });
}

void ProjectionFollower::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

Status ProjectionFollower::LastError() const {
  MutexLock guard(&error_mu_);
  return error_;
}

void ProjectionFollower::Run() {
  const events::EventStore& store = projections_.store();
  // The first pass catches up with what arrived before the thread started.
  std::uint64_t head = store.HeadPosition();
  while (!stop_.load()) {
    if (head > projections_.Position()) {
      auto applied = projections_.CatchUp();
      if (!applied.ok()) {
        {
          MutexLock guard(&error_mu_);
          error_ = applied.status();
        }
        if (options_.on_error) options_.on_error(applied.status());
        break;
      }
    }
    head = store.WaitForPositionAfter(projections_.Position(), options_.wait_timeout);
  }
  running_.store(false);
}

}  // namespace mrtrack::projections
