// NotifySocket: systemd's side of NOTIFY_SOCKET for end-to-end tests — a
// datagram socket the test binds and passes to mrtrackd
// ("NOTIFY_SOCKET=<path>"), reading what the daemon tells systemd (READY=1,
// WATCHDOG=1, RELOADING=1, STOPPING=1). Every wait has a deadline.
//
// Thread safety: one test thread.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

namespace mrtrack::test_support {

class NotifySocket {
 public:
  explicit NotifySocket(std::string path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof(address.sun_path) - 1);
    bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~NotifySocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool bound() const { return bound_; }
  const std::string& path() const { return path_; }

  // The next message holding `text`, or "" when none comes in time. Every
  // message read is kept in `seen`.
  std::string WaitFor(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    const auto deadline = Steady::now() + timeout;
    while (Steady::now() < deadline) {
      std::string message;
      if (!ReadOne(deadline, message)) break;
      if (message.find(text) != std::string::npos) return message;
    }
    return "";
  }

  // Every message that arrives within `span` (also kept in `seen`).
  std::vector<std::string> Read(std::chrono::milliseconds span) {
    std::vector<std::string> out;
    const auto until = Steady::now() + span;
    std::string message;
    while (Steady::now() < until) {
      if (ReadOne(until, message)) out.push_back(message);
    }
    return out;
  }

  std::vector<std::string> seen;

 private:
  using Steady = std::chrono::steady_clock;

  // One datagram before `deadline`; false when none came.
  bool ReadOne(Steady::time_point deadline, std::string& message) {
    pollfd p{fd_, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()).count();
    if (::poll(&p, 1, static_cast<int>(std::max<long long>(left, 0))) <= 0) return false;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) return false;
    message.assign(buffer, static_cast<std::size_t>(n));
    seen.push_back(message);
    return true;
  }

  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

}  // namespace mrtrack::test_support
