// /readyz and mrtrack_component_up tell the truth: a part that stops makes
// the daemon unready, with the reason, and its gauge drops to 0; a part that
// works but caught errors makes it degraded (still 200) with the reasons.
#include "daemon/server/health.h"

#include <gtest/gtest.h>

#include "daemon/server/core.h"
#include "daemon/server/dispatcher.h"
#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/test_core.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;
using testing::TempDir;

TEST(HealthTest, StoppedReasonNamesEachStoppedComponent) {
  Health health;
  health.AddComponent("store", [] { return Status::Ok(); });
  health.AddComponent("views", [] { return Status(StatusCode::kUnavailable, "stopped following"); });
  health.AddComponent("notifier", [] { return IoError("disk gone"); });
  auto states = health.Check();
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(StoppedReason(states), "views: unavailable: stopped following; notifier: io_error: disk gone");
  EXPECT_EQ(RenderHealthMetrics(states),
            "# HELP mrtrack_component_up Whether a part of mrtrackd works (1) or has stopped (0); /readyz says why.\n"
            "# TYPE mrtrack_component_up gauge\n"
            "mrtrack_component_up{component=\"store\"} 1\n"
            "mrtrack_component_up{component=\"views\"} 0\n"
            "mrtrack_component_up{component=\"notifier\"} 0\n");
}

class ReadinessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::OpenTestCore(dir_, &core_);
    ASSERT_NE(core_, nullptr);
    core_->FollowLog();
    core_->health().Set(Health::Phase::kReady);
  }

  Reply Get(const std::string& path) {
    RequestContext ctx;
    ctx.request_id = "health-test";
    ctx.method = "GET";
    ctx.path = path;
    ctx.runtime = core_->config().Get();
    return Dispatch(core_->routes(), std::move(ctx)).reply;
  }

  TempDir dir_;
  std::unique_ptr<Core> core_;
};

TEST_F(ReadinessTest, StoppedViewsMakeItUnreadyWithTheReasonAndTheGaugeSaysSo) {
  Reply ready = Get("/readyz");
  ASSERT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(json::parse(ready.body)["components"], json({{"store", "ok"}, {"views", "ok"}}));
  EXPECT_NE(Get("/metrics").body.find("mrtrack_component_up{component=\"views\"} 1\n"), std::string::npos);

  core_->StopFollowing();  // As when the follower ends on an error.

  Reply unready = Get("/readyz");
  EXPECT_EQ(unready.status, 503);
  json body = json::parse(unready.body);
  EXPECT_EQ(body["status"], "unavailable");
  EXPECT_EQ(body["reason"], "views: unavailable: the views stopped following the log");
  EXPECT_EQ(body["components"], json({{"store", "ok"}, {"views", "stopped"}}));
  const std::string metrics = Get("/metrics").body;
  EXPECT_NE(metrics.find("mrtrack_component_up{component=\"views\"} 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("mrtrack_component_up{component=\"store\"} 1\n"), std::string::npos) << metrics;
}

// A part that works but caught errors (the notifier's exceptions, refused
// reminder events): still 200, so traffic keeps coming, with the reasons.
TEST_F(ReadinessTest, ADegradedComponentKeepsItReadyAndSaysWhy) {
  std::vector<std::string> reasons;
  core_->health().AddComponent("notifier", [] { return Status::Ok(); }, [&reasons] { return reasons; });
  Reply ready = Get("/readyz");
  ASSERT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(json::parse(ready.body)["status"], "ready");
  EXPECT_FALSE(json::parse(ready.body).contains("reasons"));

  reasons = {"notifier: 1 error(s) since the last pass without one (mrtrack_notifier_errors_total); the last: boom"};
  Reply degraded = Get("/readyz");
  ASSERT_EQ(degraded.status, 200) << degraded.body;
  json body = json::parse(degraded.body);
  EXPECT_EQ(body["status"], "degraded");
  EXPECT_EQ(body["reasons"], json(reasons));
  EXPECT_EQ(body["components"], json({{"store", "ok"}, {"views", "ok"}, {"notifier", "degraded"}}));
  EXPECT_NE(Get("/metrics").body.find("mrtrack_component_up{component=\"notifier\"} 1\n"), std::string::npos);

  // A stopped component still makes it unready, whatever else is degraded.
  core_->StopFollowing();
  Reply unready = Get("/readyz");
  EXPECT_EQ(unready.status, 503);
  EXPECT_EQ(json::parse(unready.body)["status"], "unavailable");
}

TEST_F(ReadinessTest, StoppingIsReportedBeforeComponents) {
  core_->health().Set(Health::Phase::kStopping);
  core_->StopFollowing();
  Reply stopping = Get("/readyz");
  EXPECT_EQ(stopping.status, 503);
  EXPECT_EQ(json::parse(stopping.body), json({{"status", "stopping"}}));
}

}  // namespace
}  // namespace mrtrack::daemon
