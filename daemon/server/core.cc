#include "daemon/server/core.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "daemon/server/logging.h"
#include "daemon/server/routes.h"
#include "events/backup/backup.h"
#include "events/domain/key_action_states.h"
#include "events/evidence/evidence_store.h"
#include "events/store.h"
#include "events/store_health.h"
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

// One metric in the text exposition format: its HELP and TYPE lines, then
// each sample as {labels, value} ("" labels: the bare name).
void AppendMetric(std::string& out, const std::string& name, const char* type, const char* help,
                  const std::vector<std::pair<std::string, std::uint64_t>>& samples) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  for (const auto& [labels, value] : samples) out += name + labels + " " + std::to_string(value) + "\n";
}

std::string RenderSnapshotCacheMetrics(const projections::SnapshotCacheStats& stats) {
  std::string out;
  AppendMetric(out, "mrtrack_asof_requests_total", "counter",
               "As-of reads by how the state was obtained: a cached model, a cached model extended by replay, or a "
               "replay from the start of the log.",
               {{"{source=\"cache\"}", stats.hits},
                {"{source=\"extended\"}", stats.extended},
                {"{source=\"replay\"}", stats.replayed_from_start}});
  AppendMetric(out, "mrtrack_asof_events_replayed_total", "counter", "Events applied to build as-of states.",
               {{"", stats.events_replayed}});
  return out;
}

std::string RenderStoreMetrics(const events::StoreStats& store, const events::KeyActionStatesStats& states) {
  std::string out;
  AppendMetric(out, "mrtrack_store_wal_syncs_total", "counter",
               "fsyncs of the event store's write-ahead log (events per sync = events written / syncs).",
               {{"", store.wal_syncs}});
  AppendMetric(out, "mrtrack_store_events_written_total", "counter",
               "Events appended to the log since the store was opened.", {{"", store.events_written}});
  AppendMetric(out, "mrtrack_store_batches_written_total", "counter",
               "WriteBatches the store's single writer issued.", {{"", store.batches_written}});
  AppendMetric(out, "mrtrack_command_state_total", "counter",
               "Command batches by where the action's state came from: the in-memory states or a fold of the whole "
               "stream.",
               {{"{source=\"cache\"}", states.hits}, {"{source=\"fold\"}", states.misses}});
  AppendMetric(out, "mrtrack_command_states_cached", "gauge", "Key actions whose folded state is held in memory.",
               {{"", states.cached}});
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
  if (!options.read_only) {
    // Backups the daemon was streaming when it stopped (routes_admin.cc).
    std::error_code ec;
    std::filesystem::remove_all(data_dir + "/" + events::kBackupStagingDir, ec);
  }
  auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), *clock, store_options);
  if (!store.ok())
    return store.status().WithContext("opening the event store in " + projections::EventsDirOf(data_dir));
  core->store_ = std::move(*store);

  auto evidence = events::EvidenceStore::Open(projections::EvidenceDirOf(data_dir), !options.read_only);
  if (!evidence.ok()) return evidence.status();
  core->evidence_ = std::move(*evidence);

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
  core->action_states_ = std::make_unique<events::KeyActionStates>(*core->store_);
  core->services_ = Services{.clock = clock,
                             .store = core->store_.get(),
                             .action_states = core->action_states_.get(),
                             .views_followed = &core->views_followed_,
                             .evidence = core->evidence_.get(),
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
  core->metrics_.AddSection(
      [self] { return RenderStoreMetrics(self->store_->Stats(), self->action_states_->Stats()); });
  core->health_.AddComponent("store", [self] { return events::StoreWriteHealth(*self->store_); });
  core->health_.AddComponent("views", [self] { return self->ViewsHealth(); });
  core->metrics_.AddSection([self] { return RenderHealthMetrics(self->health_.Check()); });
  core->metrics_.AddGauge(std::string("mrtrack_build_info{version=\"") + Version() + "\"}", "mrtrackd's version.",
                          [] { return 1.0; });
  return core;
}

void Core::FollowLog() {
  if (follower_) return;
  projections::FollowerOptions options;
  options.on_error = [this](const Status& error) {
    views_followed_.store(false);  // Writes then get the error from their own catch-up.
    Log(spdlog::level::critical, "the views stopped following the log", {{"error", error.ToString()}});
  };
  follower_ = std::make_unique<projections::ProjectionFollower>(*projections_, options);
  follower_->Start();
  views_followed_.store(true);
}

Status Core::ViewsHealth() const {
  // Without a follower (the command line) the views are caught up on demand.
  if (follower_ == nullptr || follower_->Running() || health_.stopping()) return Status::Ok();
  Status error = follower_->LastError();
  return error.ok() ? Status(StatusCode::kUnavailable, "the views stopped following the log") : error;
}

void Core::StopFollowing() {
  views_followed_.store(false);
  if (follower_) follower_->Stop();
}

Status Core::CatchUp() {
  auto applied = projections_->CatchUp();
  return applied.ok() ? Status::Ok() : applied.status();
}

}  // namespace mrtrack::daemon
