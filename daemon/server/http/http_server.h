// HttpServer: mrtrackd's HTTP and HTTPS front on Boost.Beast, on the
// io_context main() owns and runs on server.io_threads threads. Handlers
// (Dispatch: routing, auth, the route's handler, the error mapping) run on a
// pool of server.worker_threads, never on an I/O thread; connections,
// streams and every read and write are bounded by the [server] limits
// (server_options.h, docs/API.md "Limits").
//
// Lifecycle: Bind() (the port is known after it returns), Start() (accepts
// once the io_context runs), BeginDrain() (SIGTERM: stop accepting, close
// idle and slow connections, let requests in flight finish, end streams; at
// server.drain_timeout close the rest — after that the server holds no work
// on the io_context), Wait() (once the io_context has returned: joins the
// workers).
//
// Thread safety: Bind and Start before the io_context runs; BeginDrain and
// ReloadTls from any thread; Wait from main after the io_context returned.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "common/status.h"
#include "daemon/server/http/server_options.h"
#include "daemon/server/metrics.h"
#include "daemon/server/route_table.h"
#include "daemon/server/runtime_config.h"

namespace mrtrack::events {
class EventStore;
}

namespace mrtrack::daemon::http {

class Listener;
class ServerContext;
class TlsContext;

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, const RouteTable& routes, ConfigHolder& config, Metrics& metrics,
             events::EventStore& store);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads the TLS pair when a certificate is given, and binds the listener.
  Status Bind(const HttpServerOptions& options);
  int port() const { return port_; }
  // "http://127.0.0.1:8420" as bound.
  std::string url() const;

  void Start();
  // The certificate and key files again (SIGHUP); on an error the pair in
  // force stays. Ok without TLS.
  Status ReloadTls();
  void BeginDrain();
  void Wait();

 private:
  boost::asio::io_context& io_;
  const RouteTable& routes_;
  ConfigHolder& config_;
  Metrics& metrics_;
  events::EventStore& store_;

  std::unique_ptr<TlsContext> tls_;
  std::unique_ptr<ServerContext> context_;
  std::shared_ptr<Listener> listener_;
  std::unique_ptr<boost::asio::steady_timer> drain_deadline_;  // On its own strand.
  std::string host_;
  int port_ = 0;
  bool started_ = false;
  bool draining_ = false;
};

}  // namespace mrtrack::daemon::http
