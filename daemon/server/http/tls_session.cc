#include "daemon/server/http/tls_session.h"

namespace mrtrack::daemon::http {

TlsSession::TlsSession(ServerContext& server, boost::asio::ip::tcp::socket&& socket, std::string remote,
                       Lease connection, std::shared_ptr<boost::asio::ssl::context> context)
    : Session(server, socket.get_executor(), std::move(remote), std::move(connection)),
      context_(std::move(context)),
      stream_(std::move(socket), *context_) {}

void TlsSession::Run() {
  boost::asio::dispatch(strand_, [self = shared_from_this()] {
    self->Register();
    boost::beast::get_lowest_layer(self->stream_).expires_after(self->server_.options.header_timeout);
    self->stream_.async_handshake(boost::asio::ssl::stream_base::server,
                                  boost::beast::bind_front_handler(&TlsSession::OnHandshake, self));
  });
}

void TlsSession::OnHandshake(boost::beast::error_code ec) {
  if (ec) return Close();  // A slow or failed handshake (an old protocol, no shared suite).
  Begin();
}

}  // namespace mrtrack::daemon::http
