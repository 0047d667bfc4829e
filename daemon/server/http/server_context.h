// ServerContext: what the listener and every session share — the routes and
// config they serve, the worker pool that runs handlers, the position watch
// followers wait on, the connection limits, and the registry of open
// connections that a drain walks.
//
// Thread safety: constant members after construction; the registry and the
// draining flag are safe from any thread.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "common/mutex.h"
#include "daemon/server/http/connection_limits.h"
#include "daemon/server/http/position_watch.h"
#include "daemon/server/http/server_options.h"
#include "daemon/server/metrics.h"
#include "daemon/server/route_table.h"
#include "daemon/server/runtime_config.h"

namespace mrtrack::daemon::http {

// One open connection, as the drain sees it. Both calls only post onto the
// connection's strand.
class Connection {
 public:
  virtual ~Connection() = default;
  // The server stops: close when idle or still reading a request; finish a
  // request in flight and then close; end a stream, answer a long-poll.
  virtual void Drain() = 0;
  // The drain deadline passed: close now.
  virtual void ForceClose() = 0;
};

class ServerContext {
 public:
  ServerContext(boost::asio::io_context& io, const RouteTable& routes, ConfigHolder& config, Metrics& metrics,
                events::EventStore& store, HttpServerOptions options);
  ServerContext(const ServerContext&) = delete;
  ServerContext& operator=(const ServerContext&) = delete;

  // Runs `job` on the worker pool; the io_context keeps running until it has
  // finished (its answer is posted back onto a strand).
  template <class Job>
  void RunOnWorker(Job&& job) {
    boost::asio::post(workers, [guard = boost::asio::make_work_guard(io), job = std::forward<Job>(job)]() mutable {
      job();
      guard.reset();
    });
  }

  std::uint64_t Register(std::weak_ptr<Connection> connection);
  void Unregister(std::uint64_t id);
  std::vector<std::shared_ptr<Connection>> OpenConnections() const;
  // Once draining, `on_last_closed` runs (on the closing thread) when the
  // last connection has gone, or at once when none is open.
  void BeginDrain(std::function<void()> on_last_closed);
  bool draining() const { return draining_.load(std::memory_order_acquire); }

  boost::asio::io_context& io;
  const RouteTable& routes;
  ConfigHolder& config;
  Metrics& metrics;
  const HttpServerOptions options;
  const std::size_t largest_body_bytes;  // Of any route: the parser's limit until the route is known.
  boost::asio::thread_pool workers;
  PositionWatch watch;
  ConnectionLimits limits;

 private:
  std::atomic<bool> draining_{false};
  mutable Mutex mu_;
  std::uint64_t next_id_ MRTRACK_GUARDED_BY(mu_) = 0;
  std::map<std::uint64_t, std::weak_ptr<Connection>> open_ MRTRACK_GUARDED_BY(mu_);
  std::function<void()> on_last_closed_ MRTRACK_GUARDED_BY(mu_);
};

}  // namespace mrtrack::daemon::http
