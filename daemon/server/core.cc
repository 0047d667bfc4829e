#include "daemon/server/core.h"

#include "daemon/server/logging.h"
#include "daemon/server/routes.h"
#include "events/store.h"
#include "projections/follower.h"
#include "projections/offline.h"
#include "projections/projections.h"
#include "projections/snapshot_cache.h"

#ifndef MRTRACK_VERSION
#define MRTRACK_VERSION "unknown"
#endif

namespace mrtrack::daemon {

const char* Version() { return MRTRACK_VERSION; }

namespace {

std::string RenderSnapshotCacheMetrics(const projections::SnapshotCacheStats& stats) {
  std::string out =
      "# HELP mrtrack_asof_requests_total As-of reads by how the state was obtained: a cached model, a cached model "
      "extended by replay, or a replay from the start of the log.\n# TYPE mrtrack_asof_requests_total counter\n";
  out += "mrtrack_asof_requests_total{source=\"cache\"} " + std::to_string(stats.hits) + "\n";
  out += "mrtrack_asof_requests_total{source=\"extended\"} " + std::to_string(stats.extended) + "\n";
  out += "mrtrack_asof_requests_total{source=\"replay\"} " + std::to_string(stats.replayed_from_start) + "\n";
  out += "# HELP mrtrack_asof_events_replayed_total Events applied to build as-of states.\n"
         "# TYPE mrtrack_asof_events_replayed_total counter\n";
  out += "mrtrack_asof_events_replayed_total " + std::to_string(stats.events_replayed) + "\n";
  return out;
}

}  // namespace

Core::Core(std::shared_ptr<const RuntimeConfig> runtime) : config_(std::move(runtime)) {}

Core::~Core() { StopFollowing(); }

Result<std::unique_ptr<Core>> Core::Open(std::shared_ptr<const RuntimeConfig> runtime, const CoreOptions& options) {
  const std::string data_dir = runtime->config().storage.data_dir;
  std::unique_ptr<Core> core(new Core(std::move(runtime)));
  const Clock* clock = options.clock != nullptr ? options.clock : &SystemClock::Instance();

  events::StoreOptions store_options;
  store_options.read_only = options.read_only;
  auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), *clock, store_options);
  if (!store.ok())
    return store.status().WithContext("opening the event store in " + projections::EventsDirOf(data_dir));
  core->store_ = std::move(*store);

  auto views = projections::Projections::Open(projections::ViewsDirOf(data_dir), *core->store_);
  if (!views.ok()) return views.status().WithContext("opening the views in " + projections::ViewsDirOf(data_dir));
  core->projections_ = std::move(*views);
  const auto& info = core->projections_->open_info();
  Log(spdlog::level::info, "views caught up",
      {{"position", std::to_string(core->projections_->Position())},
       {"loaded_position", std::to_string(info.loaded_position)},
       {"events_applied", std::to_string(info.events_applied)},
       {"rebuilt_because", info.rebuilt_because.empty() ? "-" : info.rebuilt_because}});

  core->snapshots_ = std::make_unique<projections::SnapshotCache>(*core->store_);
  core->services_ = Services{.clock = clock,
                             .store = core->store_.get(),
                             .projections = core->projections_.get(),
                             .snapshots = core->snapshots_.get(),
                             .config = &core->config_,
                             .metrics = &core->metrics_,
                             .health = &core->health_,
                             .version = Version()};
  core->routes_ = BuildRouteTable(core->services_);

  Core* self = core.get();
  core->metrics_.AddGauge("mrtrack_store_head_position", "The last position written to the event log.",
                          [self] { return static_cast<double>(self->store_->HeadPosition()); });
  core->metrics_.AddGauge("mrtrack_projection_position", "The log position the views reflect.",
                          [self] { return static_cast<double>(self->projections_->Position()); });
  core->metrics_.AddGauge("mrtrack_projection_lag_events", "Events written to the log but not yet in the views.",
                          [self] {
                            std::uint64_t head = self->store_->HeadPosition(), at = self->projections_->Position();
                            return static_cast<double>(head > at ? head - at : 0);
                          });
  core->metrics_.AddSection([self] { return RenderSnapshotCacheMetrics(self->snapshots_->Stats()); });
  core->metrics_.AddGauge(std::string("mrtrack_build_info{version=\"") + Version() + "\"}", "mrtrackd's version.",
                          [] { return 1.0; });
  return core;
}

void Core::FollowLog() {
  if (follower_) return;
  projections::FollowerOptions options;
  options.on_error = [](const Status& error) {
    Log(spdlog::level::critical, "the views stopped following the log", {{"error", error.ToString()}});
  };
  follower_ = std::make_unique<projections::ProjectionFollower>(*projections_, options);
  follower_->Start();
}

void Core::StopFollowing() {
  if (follower_) follower_->Stop();
}

Status Core::CatchUp() {
  auto applied = projections_->CatchUp();
  return applied.ok() ? Status::Ok() : applied.status();
}

}  // namespace mrtrack::daemon
