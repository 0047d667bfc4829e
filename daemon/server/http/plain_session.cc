#include "daemon/server/http/plain_session.h"

namespace mrtrack::daemon::http {

PlainSession::PlainSession(ServerContext& server, boost::asio::ip::tcp::socket&& socket, std::string remote,
                           Lease connection)
    : Session(server, socket.get_executor(), std::move(remote), std::move(connection)), stream_(std::move(socket)) {}

void PlainSession::Run() {
  boost::asio::dispatch(strand_, [self = shared_from_this()] {
    self->Register();
    self->Begin();
  });
}

}  // namespace mrtrack::daemon::http
