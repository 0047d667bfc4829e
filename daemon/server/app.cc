#include "daemon/server/app.h"

#include "config/load.h"
#include "daemon/server/lifecycle.h"
#include "daemon/server/logging.h"
#include "events/store.h"
#include "notifier/notifier.h"
#include "projections/projections.h"

namespace mrtrack::daemon {
namespace {

// Settings a reload cannot change on a running listener or store.
std::vector<std::string> RestartOnlyChanges(const config::Config& before, const config::Config& after) {
  std::vector<std::string> keys;
  const config::ServerOptions& b = before.server;
  const config::ServerOptions& a = after.server;
  auto check = [&keys](bool changed, const char* key) {
    if (changed) keys.push_back(key);
  };
  check(b.listen != a.listen, "server.listen");
  check(b.tls_certificate != a.tls_certificate, "server.tls_certificate");
  check(b.tls_private_key != a.tls_private_key, "server.tls_private_key");
  check(b.max_body_bytes != a.max_body_bytes, "server.max_body_bytes");
  check(b.max_header_bytes != a.max_header_bytes, "server.max_header_bytes");
  check(b.header_timeout != a.header_timeout, "server.header_timeout");
  check(b.body_timeout != a.body_timeout, "server.body_timeout");
  check(b.idle_timeout != a.idle_timeout, "server.idle_timeout");
  check(b.max_connections != a.max_connections, "server.max_connections");
  check(b.max_connections_per_address != a.max_connections_per_address, "server.max_connections_per_address");
  check(b.max_streams != a.max_streams, "server.max_streams");
  check(b.max_streams_per_token != a.max_streams_per_token, "server.max_streams_per_token");
  check(b.io_threads != a.io_threads, "server.io_threads");
  check(b.worker_threads != a.worker_threads, "server.worker_threads");
  check(b.drain_timeout != a.drain_timeout, "server.drain_timeout");
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

Result<std::unique_ptr<App>> App::Start(boost::asio::io_context& io, std::shared_ptr<const RuntimeConfig> runtime,
                                        std::string config_path) {
  std::unique_ptr<App> app(new App());
  app->config_path_ = std::move(config_path);
  auto http_options = http::HttpServerOptions::From(runtime->config().server);

  MRTRACK_ASSIGN_OR_RETURN(app->core_, Core::Open(runtime));
  app->core_->FollowLog();
  Core& core = *app->core_;

  auto notifier = notifier::Notifier::Open(core.store(), core.projections(), ConfigOf(runtime), *core.services().clock);
  if (!notifier.ok()) return notifier.status().WithContext("starting the notifier");
  app->notifier_ = std::move(*notifier);
  app->notifier_->Start();
  notifier::Notifier* reminders = app->notifier_.get();
  core.services().notifier = reminders;  // POST /v1/reminders/retry asks it (before the listener opens).
  core.metrics().AddSection([reminders] { return notifier::RenderPrometheus(reminders->Metrics()); });
  core.health().AddComponent(
      "notifier",
      [reminders] {
        return reminders->Running() ? Status::Ok() : Status(StatusCode::kUnavailable, "the notifier is not running");
      },
      [reminders] { return reminders->DegradedReasons(); });

  app->http_ = std::make_unique<http::HttpServer>(io, core.routes(), core.config(), core.metrics(), core.store());
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
  // The certificate may have been renewed under the same file names.
  if (Status s = http_->ReloadTls(); !s.ok()) {
    Log(spdlog::level::err, "TLS certificate reload failed; the certificate in force stays",
        {{"error", s.ToString()}});
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
  if (http_) http_->BeginDrain();
}

void App::FinishShutdown() {
  if (finished_) return;
  finished_ = true;
  if (http_) http_->Wait();
  if (notifier_) notifier_->Stop();
  if (core_) core_->StopFollowing();
}

}  // namespace mrtrack::daemon
