#include "daemon/server/http/server_context.h"

namespace mrtrack::daemon::http {

ServerContext::ServerContext(boost::asio::io_context& io_context, const RouteTable& route_table,
                             ConfigHolder& config_holder, Metrics& server_metrics, events::EventStore& store,
                             HttpServerOptions server_options)
    : io(io_context),
      routes(route_table),
      config(config_holder),
      metrics(server_metrics),
      options(std::move(server_options)),
      largest_body_bytes(route_table.LargestBodyLimit(options.max_body_bytes)),
      workers(static_cast<std::size_t>(options.worker_threads)),
      watch(store),
      limits(options.max_connections, options.max_connections_per_address, options.max_streams,
             options.max_streams_per_token) {}

std::uint64_t ServerContext::Register(std::weak_ptr<Connection> connection) {
  MutexLock lock(&mu_);
  open_.emplace(++next_id_, std::move(connection));
  return next_id_;
}

void ServerContext::Unregister(std::uint64_t id) {
  std::function<void()> last;
  {
    MutexLock lock(&mu_);
    open_.erase(id);
    if (open_.empty() && on_last_closed_) last = std::exchange(on_last_closed_, nullptr);
  }
  if (last) last();
}

std::vector<std::shared_ptr<Connection>> ServerContext::OpenConnections() const {
  std::vector<std::shared_ptr<Connection>> out;
  MutexLock lock(&mu_);
  for (const auto& [id, weak] : open_) {
    if (auto connection = weak.lock()) out.push_back(std::move(connection));
  }
  return out;
}

void ServerContext::BeginDrain(std::function<void()> on_last_closed) {
  std::function<void()> now;
  {
    MutexLock lock(&mu_);
    draining_.store(true, std::memory_order_release);
    if (open_.empty()) {
      now = std::move(on_last_closed);
    } else {
      on_last_closed_ = std::move(on_last_closed);
    }
  }
  if (now) now();
}

}  // namespace mrtrack::daemon::http
