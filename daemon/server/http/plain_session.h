// PlainSession: a Session over plain TCP.
//
// Thread safety: as Session (on its strand).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "daemon/server/http/session.h"

namespace mrtrack::daemon::http {

class PlainSession : public Session<PlainSession>, public std::enable_shared_from_this<PlainSession> {
 public:
  PlainSession(ServerContext& server, boost::asio::ip::tcp::socket&& socket, std::string remote, Lease connection);
  // Starts serving on the session's strand.
  void Run();
  boost::beast::tcp_stream& stream() { return stream_; }

 private:
  boost::beast::tcp_stream stream_;
};

}  // namespace mrtrack::daemon::http
