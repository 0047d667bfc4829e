#include "daemon/server/http/listener.h"

#include <boost/asio/strand.hpp>

#include "daemon/server/http/plain_session.h"
#include "daemon/server/http/tls_session.h"
#include "daemon/server/logging.h"

namespace mrtrack::daemon::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(ServerContext& server, TlsContext* tls)
    : server_(server), tls_(tls), acceptor_(net::make_strand(server.io)), retry_(acceptor_.get_executor()) {}

Status Listener::Bind(const std::string& host, int port) {
  boost::system::error_code ec;
  tcp::resolver resolver(server_.io);
  auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return IoError("cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message(), "server.listen");
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  // SO_REUSEADDR only (not SO_REUSEPORT, which would let a second daemon
  // share the port): a restart can rebind while old connections linger in
  // TIME_WAIT.
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return IoError("cannot listen on " + host + ":" + std::to_string(port) + " (" + ec.message() + ")",
                   "server.listen");
  }
  port_ = acceptor_.local_endpoint().port();
  return Status::Ok();
}

void Listener::Run() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->DoAccept(); });
}

void Listener::Stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    self->stopped_ = true;
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
  });
}

void Listener::DoAccept() {
  if (stopped_) return;
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(server_.io),
                         boost::beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

void Listener::OnAccept(boost::beast::error_code ec, StrandSocket accepted) {
  if (stopped_) return;
  if (ec) {
    // Out of file descriptors, for instance: try again shortly instead of spinning.
    Log(spdlog::level::warn, "accepting a connection failed", {{"error", ec.message()}});
    retry_.expires_after(std::chrono::milliseconds(100));
    retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec) self->DoAccept();
    });
    return;
  }
  tcp::socket socket(std::move(accepted));
  boost::system::error_code peer_ec;
  tcp::endpoint peer = socket.remote_endpoint(peer_ec);
  std::string address = peer_ec ? "?" : peer.address().to_string();
  auto lease = server_.limits.AdmitConnection(address);
  if (!lease) {
    Log(spdlog::level::debug, "connection refused: too many open",
        {{"remote", address}, {"open", std::to_string(server_.limits.connections())}});
    socket.close(peer_ec);
  } else {
    socket.set_option(tcp::no_delay(true), peer_ec);
    std::string remote = address + ":" + std::to_string(peer_ec ? 0 : peer.port());
    if (tls_ != nullptr) {
      std::make_shared<TlsSession>(server_, std::move(socket), std::move(remote), std::move(*lease), tls_->Current())
          ->Run();
    } else {
      std::make_shared<PlainSession>(server_, std::move(socket), std::move(remote), std::move(*lease))->Run();
    }
  }
  DoAccept();
}

}  // namespace mrtrack::daemon::http
