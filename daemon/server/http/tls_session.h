// TlsSession: a Session over TLS (Asio's OpenSSL stream); the handshake must
// finish within server.header_timeout.
//
// Thread safety: as Session (on its strand).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>

#include "daemon/server/http/session.h"

namespace mrtrack::daemon::http {

class TlsSession : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  // `context` stays alive with the session: a reload does not touch it.
  TlsSession(ServerContext& server, boost::asio::ip::tcp::socket&& socket, std::string remote, Lease connection,
             std::shared_ptr<boost::asio::ssl::context> context);
  void Run();
  boost::beast::ssl_stream<boost::beast::tcp_stream>& stream() { return stream_; }

 private:
  void OnHandshake(boost::beast::error_code ec);

  std::shared_ptr<boost::asio::ssl::context> context_;
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
};

}  // namespace mrtrack::daemon::http
