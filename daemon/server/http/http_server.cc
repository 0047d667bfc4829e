#include "daemon/server/http/http_server.h"

#include <boost/asio/strand.hpp>

#include "daemon/server/http/listener.h"
#include "daemon/server/http/server_context.h"
#include "daemon/server/http/tls_context.h"
#include "daemon/server/logging.h"

namespace mrtrack::daemon::http {

namespace net = boost::asio;

HttpServer::HttpServer(net::io_context& io, const RouteTable& routes, ConfigHolder& config, Metrics& metrics,
                       events::EventStore& store)
    : io_(io), routes_(routes), config_(config), metrics_(metrics), store_(store) {}

HttpServer::~HttpServer() {
  if (context_) context_->workers.join();
}

std::string HttpServer::url() const {
  std::string host = host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_;
  return std::string(tls_ ? "https://" : "http://") + host + ":" + std::to_string(port_);
}

Status HttpServer::Bind(const HttpServerOptions& options) {
  MRTRACK_ASSIGN_OR_RETURN(auto host_port, ParseListen(options.listen));
  host_ = host_port.first;
  if (!options.tls_certificate.empty()) {
    MRTRACK_ASSIGN_OR_RETURN(tls_, TlsContext::Load(options.tls_certificate, options.tls_private_key));
  }
  context_ = std::make_unique<ServerContext>(io_, routes_, config_, metrics_, store_, options);
  drain_deadline_ = std::make_unique<net::steady_timer>(net::make_strand(io_));
  listener_ = std::make_shared<Listener>(*context_, tls_.get());
  MRTRACK_RETURN_IF_ERROR(listener_->Bind(host_, host_port.second));
  port_ = listener_->port();
  return Status::Ok();
}

void HttpServer::Start() {
  started_ = true;
  listener_->Run();
}

Status HttpServer::ReloadTls() {
  if (!tls_) return Status::Ok();
  return tls_->Reload();
}

void HttpServer::BeginDrain() {
  if (!started_ || draining_) return;
  draining_ = true;
  listener_->Stop();
  net::steady_timer* deadline = drain_deadline_.get();
  ServerContext* context = context_.get();
  net::post(deadline->get_executor(), [deadline, context] {
    deadline->expires_after(context->options.drain_timeout);
    deadline->async_wait([context](boost::system::error_code ec) {
      if (ec) return;  // Every connection closed in time.
      auto left = context->OpenConnections();
      Log(spdlog::level::warn, "drain deadline passed: closing the connections left",
          {{"connections", std::to_string(left.size())}});
      for (auto& connection : left) connection->ForceClose();
    });
    // Once the last connection has gone, nothing of the server is left on
    // the io_context: cancel the deadline.
    context->BeginDrain([deadline] { net::post(deadline->get_executor(), [deadline] { deadline->cancel(); }); });
    context->watch.Stop();
    for (auto& connection : context->OpenConnections()) connection->Drain();
  });
}

void HttpServer::Wait() {
  if (context_) context_->workers.join();
}

}  // namespace mrtrack::daemon::http
