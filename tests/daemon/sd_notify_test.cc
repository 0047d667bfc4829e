// End to end: what mrtrackd tells systemd through NOTIFY_SOCKET — READY=1
// once it serves, WATCHDOG=1 at half of WATCHDOG_USEC, RELOADING=1 then
// READY=1 around a reload, STOPPING=1 on SIGTERM. The test plays systemd's
// part with a datagram socket of its own.
#include <signal.h>

#include "tests/daemon/daemon_harness.h"
#include "tests/support/notify_socket.h"

namespace mrtrack::daemon::testing {
namespace {

using test_support::NotifySocket;

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
