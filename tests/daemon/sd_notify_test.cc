// End to end: what mrtrackd tells systemd through NOTIFY_SOCKET — READY=1
// once it serves, WATCHDOG=1 at half of WATCHDOG_USEC, RELOADING=1 then
// READY=1 around a reload, STOPPING=1 on SIGTERM. The test plays systemd's
// part with a datagram socket of its own.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using Clock = std::chrono::steady_clock;

class NotifySocket {
 public:
  explicit NotifySocket(std::string path) : path_(std::move(path)) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof(address.sun_path) - 1);
    bound_ = bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~NotifySocket() {
    close(fd_);
    unlink(path_.c_str());
  }
  bool bound() const { return bound_; }
  const std::string& path() const { return path_; }

  // The next message holding `text`, or "" when none comes in time. Earlier
  // messages are kept in `seen`.
  std::string WaitFor(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      int left =
          static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
      if (poll(&p, 1, std::max(left, 0)) <= 0) break;
      char buffer[4096];
      ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) continue;
      std::string message(buffer, static_cast<std::size_t>(n));
      seen.push_back(message);
      if (message.find(text) != std::string::npos) return message;
    }
    return "";
  }
  std::vector<std::string> seen;

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

TEST(SdNotifyTest, ReadyWatchdogReloadAndStopping) {
  TempDir dir;
  NotifySocket notify(dir.Sub("notify.sock"));
  ASSERT_TRUE(notify.bound());
  TestConfig config;
  config.data_dir = dir.Sub("data");
  WriteFile(dir.Sub("mrtrack.toml"), TestConfigToml(config));
  DaemonProcess daemon(dir.Sub("mrtrack.toml"), dir.Sub("mrtrackd.log"),
                       {"NOTIFY_SOCKET=" + notify.path(), "WATCHDOG_USEC=400000"});

  std::string ready = notify.WaitFor("READY=1");
  ASSERT_FALSE(ready.empty()) << daemon.Log();
  EXPECT_NE(ready.find("STATUS=serving on http://127.0.0.1:"), std::string::npos) << ready;
  // READY=1 comes only once the daemon answers.
  ASSERT_TRUE(daemon.WaitReady());
  EXPECT_NE(daemon.Log().find("systemd watchdog enabled interval_ms=400 ping_every_ms=200"), std::string::npos);
  ASSERT_FALSE(notify.WaitFor("WATCHDOG=1").empty());
  ASSERT_FALSE(notify.WaitFor("WATCHDOG=1").empty());

  daemon.Signal(SIGHUP);
  ASSERT_FALSE(notify.WaitFor("RELOADING=1").empty());
  ASSERT_FALSE(notify.WaitFor("READY=1").empty());

  daemon.Signal(SIGTERM);
  ASSERT_FALSE(notify.WaitFor("STOPPING=1").empty());
  EXPECT_EQ(daemon.WaitExit(), 0) << daemon.Log();
}

}  // namespace
}  // namespace mrtrack::daemon::testing
