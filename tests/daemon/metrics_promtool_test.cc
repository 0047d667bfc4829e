// A real scrape of a running mrtrackd passes `promtool check metrics`
// (Debian's prometheus package): names, types, help texts, label escaping.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

class PromtoolTest : public DaemonTest {};

TEST_F(PromtoolTest, ARealScrapePassesPromtoolCheckMetrics) {
  StartDaemon();
  ImportSeed();
  auto admin = Admin();
  // Traffic that fills the labelled series: a route, an error, a 404.
  ASSERT_EQ(GetJson(*admin, "/v1/actions?limit=1").status, 200);
  ASSERT_EQ(GetJson(*admin, "/v1/actions/no-such-action").status, 404);
  auto scrape = daemon_->Client()->Get("/metrics");
  ASSERT_TRUE(scrape);
  ASSERT_EQ(scrape->status, 200);
  ASSERT_NE(scrape->body.find("mrtrack_component_up{component=\"notifier\"} 1"), std::string::npos) << scrape->body;

  const std::string path = dir_.Sub("scrape.prom");
  WriteFile(path, scrape->body);
  const std::string command = "promtool check metrics < '" + path + "' > '" + path + ".out' 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << ReadFile(path + ".out") << "\n--- scrape:\n" << scrape->body;
}

}  // namespace
}  // namespace mrtrack::daemon::testing
