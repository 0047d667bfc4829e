// The systemd unit generated for the install prefix: `systemd-analyze verify`
// accepts it and `systemd-analyze security --offline=yes` scores it 2.0 or
// lower, so its hardening cannot silently get worse.
#include <cstdio>
#include <regex>

#include "config/config.h"
#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

int RunShell(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class SystemdUnitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string out;
    if (RunShell("command -v systemd-analyze", out) != 0) GTEST_SKIP() << "systemd-analyze is not installed";
    unit_ = ReadFile(std::string(MRTRACK_BINARY_DIR) + "/systemd/mrtrackd.service");
    ASSERT_FALSE(unit_.empty()) << "the build did not generate systemd/mrtrackd.service";
    // Point ExecStart at the binary just built: verify checks it exists.
    std::string tested = std::regex_replace(unit_, std::regex("ExecStart=\\S+/mrtrackd "),
                                            std::string("ExecStart=") + MRTRACKD_PATH + " ");
    path_ = dir_.Sub("mrtrackd.service");
    WriteFile(path_, tested);
  }
  TempDir dir_;
  std::string unit_, path_;
};

TEST_F(SystemdUnitTest, DeclaresTheServiceContract) {
  for (const char* line :
       {"Type=notify", "WatchdogSec=", "DynamicUser=yes", "StateDirectory=mrtrack", "ConfigurationDirectory=mrtrack",
        "ExecReload=/bin/kill -HUP $MAINPID", "ProtectSystem=strict", "NoNewPrivileges=yes",
        "SystemCallFilter=@system-service", "CapabilityBoundingSet=\n",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "UMask=0077"}) {
    EXPECT_NE(unit_.find(line), std::string::npos) << line;
  }
  // Whatever a delivery waits on, its timeout (at most config::kMaxDeliveryTimeout) is below half of the watchdog's.
  std::smatch watchdog;
  ASSERT_TRUE(std::regex_search(unit_, watchdog, std::regex("\nWatchdogSec=([0-9]+)s\n")));
  EXPECT_GE(std::stoi(watchdog[1].str()), 2 * config::kMaxDeliveryTimeout.count());
  EXPECT_NE(unit_.find("/mrtrackd --config "), std::string::npos);
  EXPECT_EQ(unit_.find("PIDFile="), std::string::npos);
  EXPECT_EQ(unit_.find("Type=forking"), std::string::npos);
  EXPECT_FALSE(std::regex_search(unit_, std::regex("@[A-Z_]+@"))) << "an unfilled @VARIABLE@";
}

TEST_F(SystemdUnitTest, VerifyAcceptsIt) {
  std::string output;
  EXPECT_EQ(RunShell("systemd-analyze verify '" + path_ + "'", output), 0) << output;
  EXPECT_EQ(output.find("mrtrackd.service"), std::string::npos) << output;
}

TEST_F(SystemdUnitTest, SecurityExposureIsAtMostTwo) {
  std::string output;
  RunShell("systemd-analyze security --offline=yes --no-pager '" + path_ + "'", output);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(output, m, std::regex(R"(Overall exposure level for mrtrackd\.service: (\d+\.\d+))")))
      << output;
  double score = std::stod(m[1]);
  EXPECT_LE(score, 2.0) << output;
}

}  // namespace
}  // namespace mrtrack::daemon::testing
