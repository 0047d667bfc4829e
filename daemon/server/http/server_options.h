// HttpServerOptions: what the HTTP front needs from [server] — where to
// listen, TLS files, and every limit that keeps one client from starving,
// exhausting or crashing the daemon (docs/API.md "Limits").
//
// Thread safety: a value; copied into the server at Bind and constant after.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>

#include "common/status.h"
#include "config/config.h"

namespace mrtrack::daemon::http {

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8420";  // host:port; port 0 picks a free port.
  std::string tls_certificate;            // Default: none (plain HTTP).
  std::string tls_private_key;
  std::size_t max_header_bytes = 16384;     // Request line and headers; beyond: 431.
  std::size_t max_body_bytes = 4 << 20;     // Unless the route has its own; beyond: 413.
  std::chrono::milliseconds header_timeout{10000};  // The whole header, from its first byte (or the accept).
  std::chrono::milliseconds body_timeout{60000};    // The whole body; also each write of a reply.
  std::chrono::milliseconds idle_timeout{15000};    // Between requests of a keep-alive connection.
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = 256;
  std::size_t max_streams = 256;  // Event streams and long-polls waiting, in all and per token.
  std::size_t max_streams_per_token = 4;
  int io_threads = 2;  // Run by main (it owns the io_context); here for the thread budget only.
  int worker_threads = 8;
  std::chrono::milliseconds drain_timeout{10000};

  static HttpServerOptions From(const config::ServerOptions& server);
};

// Splits "host:port" ("[::1]:8420" for IPv6).
Result<std::pair<std::string, int>> ParseListen(const std::string& listen);

}  // namespace mrtrack::daemon::http
