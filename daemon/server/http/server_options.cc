#include "daemon/server/http/server_options.h"

#include <algorithm>
#include <cctype>

namespace mrtrack::daemon::http {

HttpServerOptions HttpServerOptions::From(const config::ServerOptions& server) {
  HttpServerOptions o;
  o.listen = server.listen;
  o.tls_certificate = server.tls_certificate;
  o.tls_private_key = server.tls_private_key;
  o.max_header_bytes = server.max_header_bytes;
  o.max_body_bytes = server.max_body_bytes;
  o.header_timeout = server.header_timeout;
  o.body_timeout = server.body_timeout;
  o.idle_timeout = server.idle_timeout;
  o.max_connections = server.max_connections;
  o.max_connections_per_address = server.max_connections_per_address;
  o.max_streams = server.max_streams;
  o.max_streams_per_token = server.max_streams_per_token;
  o.io_threads = server.io_threads;
  o.worker_threads = server.worker_threads;
  o.drain_timeout = server.drain_timeout;
  return o;
}

Result<std::pair<std::string, int>> ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return InvalidArgument("must be host:port", "server.listen");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) || std::stoi(port) > 65535) {
    return InvalidArgument("port '" + port + "' is not a number from 0 to 65535", "server.listen");
  }
  return std::make_pair(host, std::stoi(port));
}

}  // namespace mrtrack::daemon::http
