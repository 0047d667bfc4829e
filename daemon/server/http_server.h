// HttpServer: cpp-httplib serving the RouteTable, with the middleware every
// request goes through, in order: request id (X-Request-Id in and out), the
// body size limit (413 before the body is read), routing (404/405), bearer
// authentication (401), the role matrix (403), query parameter checks (400),
// the handler, the one error mapping, then one access-log line and the
// request metrics.
//
// Lifecycle: Bind() (the port is known after it returns), Start() (serves on
// its own thread with a pool of worker threads), Stop() (stops accepting; the
// requests in flight continue), Wait() (returns once they have finished).
//
// Thread safety: Bind/Start/Stop/Wait from one controlling thread; handlers
// run concurrently on the worker threads.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "common/status.h"
#include "daemon/server/metrics.h"
#include "daemon/server/route_table.h"
#include "daemon/server/runtime_config.h"

namespace httplib {
class Server;
}

namespace mrtrack::daemon {

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8420";  // host:port; port 0 picks a free port.
  std::string tls_certificate;            // Default: none (plain HTTP).
  std::string tls_private_key;
  std::size_t max_body_bytes = 4 << 20;        // Default: 4 MiB.
  int worker_threads = 8;                      // Default: 8.
  int keep_alive_timeout_seconds = 5;          // Default: 5. Idle keep-alive connections close after it.
  std::size_t keep_alive_max_requests = 1000;  // Default: 1000 requests per connection.
  int read_timeout_seconds = 30;               // Default: 30.
  int write_timeout_seconds = 30;              // Default: 30.
};

class HttpServer {
 public:
  HttpServer(const RouteTable& routes, ConfigHolder& config, Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Creates the listener (TLS when a certificate is given) and binds it.
  Status Bind(const HttpServerOptions& options);
  int port() const { return port_; }
  // "http://127.0.0.1:8420" as bound.
  std::string url() const;

  void Start();
  void Stop();
  void Wait();

 private:
  void Install();

  const RouteTable& routes_;
  ConfigHolder& config_;
  Metrics& metrics_;
  std::unique_ptr<httplib::Server> server_;
  std::string host_;
  int port_ = 0;
  bool tls_ = false;
  std::size_t max_body_bytes_ = 0;
  std::thread thread_;
  std::atomic<bool> listener_exited_{false};
};

// Splits "host:port" ("[::1]:8420" for IPv6).
Result<std::pair<std::string, int>> ParseListen(const std::string& listen);

}  // namespace mrtrack::daemon
