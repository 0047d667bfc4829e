// Listener: accepts connections, each onto its own strand, with TCP_NODELAY;
// refuses (closes at once) a connection past server.max_connections or
// server.max_connections_per_address; starts a PlainSession or, with a TLS
// context, a TlsSession.
//
// Thread safety: Bind before the io_context runs; Run and Stop from any
// thread (they post onto the acceptor's strand).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>
#include <string>

#include "common/status.h"
#include "daemon/server/http/server_context.h"
#include "daemon/server/http/tls_context.h"

namespace mrtrack::daemon::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // `tls` (may be null: plain HTTP) must outlive the listener.
  Listener(ServerContext& server, TlsContext* tls);

  Status Bind(const std::string& host, int port);
  int port() const { return port_; }
  void Run();
  void Stop();

 private:
  void DoAccept();
  // A socket whose executor is the connection's own strand.
  using StrandSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp,
                                                        boost::asio::strand<boost::asio::io_context::executor_type>>;
  void OnAccept(boost::beast::error_code ec, StrandSocket accepted);

  ServerContext& server_;
  TlsContext* tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;  // After an accept error such as EMFILE.
  int port_ = 0;
  bool stopped_ = false;  // On the acceptor's strand.
};

}  // namespace mrtrack::daemon::http
