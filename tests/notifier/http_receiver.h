// A real HTTP receiver on a loopback port for webhook tests: records every
// request and answers through a handler the test chooses.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mrtrack::notifier_test {

struct ReceivedRequest {
  std::string path;
  std::string body;
  httplib::Headers headers;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpReceiver {
 public:
  // Called with the 0-based index of the request.
  using Handler = std::function<void(std::size_t index, const httplib::Request&, httplib::Response&)>;

  // Listens on `port`, or on any free port when 0 (a receiver that comes
  // back after an outage listens where the first one did).
  explicit HttpReceiver(Handler handler = {}, int port = 0) : handler_(std::move(handler)) {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::size_t index;
      {
        std::lock_guard<std::mutex> lock(mu_);
        index = requests_.size();
        requests_.push_back({req.path, req.body, req.headers});
      }
      res.status = 200;
      res.set_content("ok", "text/plain");
      if (handler_) handler_(index, req, res);
    });
    if (port == 0) {
      port_ = server_.bind_to_any_port("127.0.0.1");  // Listening from here on.
    } else {
      port_ = server_.bind_to_port("127.0.0.1", port) ? port : -1;
    }
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~HttpReceiver() {
    Release();
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string Url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<ReceivedRequest> Requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

  // For handlers that must hang: blocks until the receiver is destroyed or
  // `max` passes.
  void Hang(std::chrono::milliseconds max) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, max, [this] { return released_; });
  }

 private:
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

  Handler handler_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  std::vector<ReceivedRequest> requests_;
};

// A loopback port nothing listens on (bound, then released).
inline int UnusedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace mrtrack::notifier_test
