#include "daemon/server/app.h"

#include "config/load.h"
#include "daemon/server/lifecycle.h"
#include "daemon/server/logging.h"
#include "events/store.h"
#include "notifier/notifier.h"
#include "projections/projections.h"

namespace mrtrack::daemon {
namespace {

HttpServerOptions ServerOptionsOf(const config::Config& config) {
  HttpServerOptions options;
  options.listen = config.server.listen;
  options.tls_certificate = config.server.tls_certificate;
  options.tls_private_key = config.server.tls_private_key;
  options.max_body_bytes = config.server.max_body_bytes;
  options.worker_threads = config.server.worker_threads;
  return options;
}

// Settings a reload cannot change on a running listener or store.
std::vector<std::string> RestartOnlyChanges(const config::Config& before, const config::Config& after) {
  std::vector<std::string> keys;
  if (before.server.listen != after.server.listen) keys.push_back("server.listen");
  if (before.server.tls_certificate != after.server.tls_certificate) keys.push_back("server.tls_certificate");
  if (before.server.tls_private_key != after.server.tls_private_key) keys.push_back("server.tls_private_key");
  if (before.server.max_body_bytes != after.server.max_body_bytes) keys.push_back("server.max_body_bytes");
  if (before.server.worker_threads != after.server.worker_threads) keys.push_back("server.worker_threads");
  if (before.storage.data_dir != after.storage.data_dir) keys.push_back("storage.data_dir");
  return keys;
}

// The notifier takes the Config itself; the alias keeps its RuntimeConfig alive.
std::shared_ptr<const config::Config> ConfigOf(const std::shared_ptr<const RuntimeConfig>& runtime) {
  return std::shared_ptr<const config::Config>(runtime, &runtime->config());
}

}  // namespace

Result<config::Config> LoadDaemonConfig(const std::string& path) {
  return path.empty() ? config::LoadEmbeddedDefault() : config::LoadConfigFile(path);
}

App::~App() {
  BeginShutdown();
  FinishShutdown();
}

Result<std::unique_ptr<App>> App::Start(std::shared_ptr<const RuntimeConfig> runtime, std::string config_path) {
  std::unique_ptr<App> app(new App());
  app->config_path_ = std::move(config_path);
  HttpServerOptions http_options = ServerOptionsOf(runtime->config());

  MRTRACK_ASSIGN_OR_RETURN(app->core_, Core::Open(runtime));
  app->core_->FollowLog();
  Core& core = *app->core_;

  auto notifier = notifier::Notifier::Open(core.store(), core.projections(), ConfigOf(runtime), *core.services().clock);
  if (!notifier.ok()) return notifier.status().WithContext("starting the notifier");
  app->notifier_ = std::move(*notifier);
  app->notifier_->Start();
  notifier::Notifier* reminders = app->notifier_.get();
  core.metrics().AddSection([reminders] { return notifier::RenderPrometheus(reminders->Metrics()); });
  core.health().AddComponent("notifier", [reminders] {
    return reminders->Running() ? Status::Ok() : Status(StatusCode::kUnavailable, "the notifier is not running");
  });

  app->http_ = std::make_unique<HttpServer>(core.routes(), core.config(), core.metrics());
  MRTRACK_RETURN_IF_ERROR(app->http_->Bind(http_options));
  app->http_->Start();
  core.health().Set(Health::Phase::kReady);
  Log(spdlog::level::info, "listening",
      {{"url", app->http_->url()},
       {"position", std::to_string(core.store().HeadPosition())},
       {"views_position", std::to_string(core.projections().Position())}});
  return app;
}

void App::Reload() {
  Lifecycle::NotifyReloading();
  const std::string source = config_path_.empty() ? "<embedded default>" : config_path_;
  auto loaded = LoadDaemonConfig(config_path_);
  std::shared_ptr<const RuntimeConfig> next;
  if (loaded.ok()) {
    auto made = RuntimeConfig::Make(std::move(*loaded));
    if (made.ok()) {
      next = *made;
    } else {
      loaded = made.status();
    }
  }
  if (!next) {
    core_->metrics().RecordReload(false);
    Log(spdlog::level::err, "config reload failed; the running config stays in force",
        {{"source", source}, {"error", loaded.status().ToString()}});
    Lifecycle::NotifyReady("serving on " + url() + "; the last reload failed");
    return;
  }
  // The notifier checks what it needs (templates, schedule) before anything changes.
  if (Status s = notifier_->Reconfigure(ConfigOf(next)); !s.ok()) {
    core_->metrics().RecordReload(false);
    Log(spdlog::level::err, "config reload failed; the running config stays in force",
        {{"source", source}, {"error", s.ToString()}});
    Lifecycle::NotifyReady("serving on " + url() + "; the last reload failed");
    return;
  }
  auto before = core_->config().Get();
  for (const std::string& key : RestartOnlyChanges(before->config(), next->config())) {
    Log(spdlog::level::warn, "changed setting needs a restart to take effect", {{"key", key}});
  }
  const config::Config& c = next->config();
  if (Status s = ConfigureLogging({c.server.log_format, c.server.log_level, StderrIsJournal()}); !s.ok()) {
    Log(spdlog::level::warn, "logging settings not applied", {{"error", s.ToString()}});
  }
  core_->config().Set(next);
  core_->metrics().RecordReload(true);
  Log(spdlog::level::info, "config reloaded",
      {{"source", source}, {"units", std::to_string(c.units.size())}, {"tokens", std::to_string(c.tokens.size())}});
  Lifecycle::NotifyReady("serving on " + url());
}

void App::BeginShutdown() {
  if (!core_) return;
  core_->health().Set(Health::Phase::kStopping);
  if (http_) http_->Stop();
}

void App::FinishShutdown() {
  if (finished_) return;
  finished_ = true;
  if (http_) http_->Wait();
  if (notifier_) notifier_->Stop();
  if (core_) core_->StopFollowing();
}

}  // namespace mrtrack::daemon
