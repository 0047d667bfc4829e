// App: mrtrackd itself — the Core behind an HTTP server, the projections
// following the log, and configuration reloads. main() owns the io_context
// (the HTTP server's connections live on it) and the Lifecycle, and calls
// these in order:
//
//   Start()           store open, views caught up, notifier running, listener
//                     bound (it accepts once the io_context runs)
//   Reload()          on SIGHUP: re-read the config file (units, tokens, rules,
//                     channels) and the TLS certificate and key; a bad one is
//                     logged and the running one kept; connections are not
//                     touched
//   BeginShutdown()   on SIGTERM: readiness off, the HTTP server drains (see
//                     http/http_server.h); io_context::run() returns once it
//                     has
//   FinishShutdown()  after run() returned: join the HTTP workers, stop the
//                     notifier and the projection follower
//
// Thread safety: Start and FinishShutdown from main's thread; Reload and
// BeginShutdown from the Lifecycle's strand; requests are served on the
// server's workers.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "daemon/server/core.h"
#include "daemon/server/http/http_server.h"
#include "daemon/server/runtime_config.h"

namespace mrtrack::notifier {
class Notifier;
}

namespace mrtrack::daemon {

class App {
 public:
  // `config_path` is what Reload() re-reads; empty for the embedded default.
  static Result<std::unique_ptr<App>> Start(boost::asio::io_context& io, std::shared_ptr<const RuntimeConfig> runtime,
                                            std::string config_path);
  ~App();

  void Reload();
  void BeginShutdown();
  void FinishShutdown();

  std::string url() const { return http_->url(); }
  Core& core() { return *core_; }

 private:
  App() = default;

  std::string config_path_;
  std::unique_ptr<Core> core_;
  std::unique_ptr<notifier::Notifier> notifier_;
  std::unique_ptr<http::HttpServer> http_;
  bool finished_ = false;
};

// The config mrtrackd runs with: the file, or the embedded default when empty.
Result<config::Config> LoadDaemonConfig(const std::string& path);

}  // namespace mrtrack::daemon
