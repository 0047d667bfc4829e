#include "daemon/server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "common/crypto.h"
#include "daemon/server/dispatcher.h"
#include "daemon/server/error_mapping.h"
#include "daemon/server/logging.h"

namespace mrtrack::daemon {
namespace {

using SteadyClock = std::chrono::steady_clock;

// What the access log needs to know about the request the current worker
// thread is serving. cpp-httplib runs pre-routing, the handler, the error
// handler and the logger of one request on one thread, one after the other.
struct RequestLog {
  bool active = false;
  SteadyClock::time_point start;
  std::string request_id;
  std::string route = "unmatched";
  std::string actor = "-";
};
thread_local RequestLog t_request;

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == ':' || c == '-';
  });
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void BeginRequest(const httplib::Request& req) {
  t_request = RequestLog();
  t_request.active = true;
  t_request.start = SteadyClock::now();
  std::string given = req.get_header_value("X-Request-Id");
  t_request.request_id = ValidRequestId(given) ? given : RandomUuid();
}

// Requests cpp-httplib refuses before routing (a malformed request line, a too
// long URI) never reach pre-routing; give them an id here.
void EnsureRequestStarted(const httplib::Request& req) {
  if (!t_request.active) BeginRequest(req);
}

// Turns a handler's Reply into the httplib response.
void WriteReply(Reply reply, httplib::Response& res) {
  res.status = reply.status;
  for (auto& [name, value] : reply.headers) res.set_header(name, value);
  if (!reply.stream) {
    res.set_content(reply.body, reply.content_type);
    return;
  }
  res.set_chunked_content_provider(reply.content_type,
                                   [producer = std::move(reply.stream)](std::size_t, httplib::DataSink& sink) {
                                     bool client_alive = true;
                                     StreamWriter write = [&](std::string_view data) {
                                       if (!client_alive) return false;
                                       client_alive = sink.write(data.data(), data.size());
                                       return client_alive;
                                     };
                                     bool more = producer(write);
                                     if (!client_alive) return false;  // Abort: the client went away.
                                     if (!more) sink.done();
                                     return true;
                                   });
}

}  // namespace

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

HttpServer::HttpServer(const RouteTable& routes, ConfigHolder& config, Metrics& metrics)
    : routes_(routes), config_(config), metrics_(metrics) {}

HttpServer::~HttpServer() {
  Stop();
  Wait();
}

std::string HttpServer::url() const {
  std::string host = host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_;
  return std::string(tls_ ? "https://" : "http://") + host + ":" + std::to_string(port_);
}

Status HttpServer::Bind(const HttpServerOptions& options) {
  MRTRACK_ASSIGN_OR_RETURN(auto host_port, ParseListen(options.listen));
  host_ = host_port.first;
  tls_ = !options.tls_certificate.empty();
  max_body_bytes_ = options.max_body_bytes;
  if (tls_) {
    auto ssl = std::make_unique<httplib::SSLServer>(options.tls_certificate.c_str(), options.tls_private_key.c_str());
    if (!ssl->is_valid()) {
      return InvalidArgument("cannot load the TLS certificate '" + options.tls_certificate + "' and its private key",
                             "server.tls_certificate");
    }
    server_ = std::move(ssl);
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  int threads = std::max(2, options.worker_threads);
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server_->set_payload_max_length(options.max_body_bytes);
  // cpp-httplib's default also sets SO_REUSEPORT, which would let a second
  // daemon bind the same port and share its connections. Only SO_REUSEADDR:
  // a restart can rebind while old connections linger in TIME_WAIT.
  server_->set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_->set_keep_alive_timeout(options.keep_alive_timeout_seconds);
  server_->set_keep_alive_max_count(options.keep_alive_max_requests);
  server_->set_read_timeout(options.read_timeout_seconds, 0);
  server_->set_write_timeout(options.write_timeout_seconds, 0);
  Install();

  if (host_port.second == 0) {
    port_ = server_->bind_to_any_port(host_);
    if (port_ < 0) return IoError("cannot listen on " + options.listen, "server.listen");
  } else {
    if (!server_->bind_to_port(host_, host_port.second)) {
      return IoError("cannot listen on " + options.listen + " (address in use or not available)", "server.listen");
    }
    port_ = host_port.second;
  }
  return Status::Ok();
}

void HttpServer::Install() {
  server_->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    BeginRequest(req);
    res.set_header("X-Request-Id", t_request.request_id);
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    EnsureRequestStarted(req);
    RequestContext ctx;
    ctx.request_id = t_request.request_id;
    ctx.method = req.method;
    ctx.path = req.path;
    // Only the URL's query: cpp-httplib also parses form-encoded bodies into
    // req.params, and a body is never a query.
    auto question = req.target.find('?');
    if (question != std::string::npos) {
      httplib::Params params;
      httplib::detail::parse_query_text(req.target.substr(question + 1), params);
      ctx.query.insert(params.begin(), params.end());
    }
    for (const auto& [name, value] : req.headers) ctx.headers.emplace(Lower(name), value);
    ctx.body = req.body;
    ctx.runtime = config_.Get();
    Dispatched dispatched = Dispatch(routes_, std::move(ctx));
    t_request.route = dispatched.route;
    t_request.actor = dispatched.actor;
    WriteReply(std::move(dispatched.reply), res);
  };
  server_->Get(".*", dispatch);
  server_->Post(".*", dispatch);
  server_->Put(".*", dispatch);
  server_->Patch(".*", dispatch);
  server_->Delete(".*", dispatch);
  server_->Options(".*", dispatch);

  // Errors cpp-httplib produces itself (413, 400 for a bad request line,
  // 414) get the same JSON body as ours. Our own errors already have a body.
  server_->set_error_handler(
      httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        EnsureRequestStarted(req);
        if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", t_request.request_id);
        Status status;
        switch (res.status) {
          case 413:
            status = Status(
                StatusCode::kResourceExhausted,
                "request body is larger than " + std::to_string(max_body_bytes_) + " bytes (server.max_body_bytes)",
                "body");
            break;
          case 414:
            status = InvalidArgument("request URI too long");
            break;
          case 404:
            status = NotFound("no route " + req.path);
            break;
          default:
            status = InvalidArgument("malformed HTTP request (status " + std::to_string(res.status) + ")");
            break;
        }
        res.set_content(ErrorBody(status).dump(), "application/json; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
      }));

  server_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    EnsureRequestStarted(req);
    auto duration = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - t_request.start);
    std::string request_id = res.get_header_value("X-Request-Id");
    if (request_id.empty()) request_id = t_request.request_id;
    metrics_.RecordRequest(t_request.route, req.method, res.status, duration);
    char ms[32];
    std::snprintf(ms, sizeof(ms), "%.3f", static_cast<double>(duration.count()) / 1000.0);
    // The path only: query strings are not logged, so nothing passed in one leaks.
    Log(res.status >= 500 ? spdlog::level::err : spdlog::level::info, "request",
        {{"request_id", request_id},
         {"actor", t_request.actor},
         {"method", req.method},
         {"path", req.path},
         {"route", t_request.route},
         {"status", std::to_string(res.status)},
         {"duration_ms", ms},
         {"remote", req.remote_addr + ":" + std::to_string(req.remote_port)}});
    t_request = RequestLog();
  });
}

void HttpServer::Start() {
  thread_ = std::thread([this] {
    if (!server_->listen_after_bind()) {
      Log(spdlog::level::err, "HTTP listener stopped with an error");
    }
    listener_exited_.store(true);
  });
  // The socket already listens (connections queue in its backlog), but stop()
  // is a no-op until the accept loop runs: wait for it so a SIGTERM that comes
  // right after start-up is not lost.
  while (!server_->is_running() && !listener_exited_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void HttpServer::Stop() {
  if (server_) server_->stop();
}

void HttpServer::Wait() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace mrtrack::daemon
