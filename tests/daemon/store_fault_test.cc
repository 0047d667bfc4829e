// An I/O error under the daemon's store (test_support::FaultEnv): commands
// answer with the error, /readyz says the store stopped and why, reads go
// on, and a restart recovers with everything acknowledged.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "config/load.h"
#include "daemon/server/core.h"
#include "daemon/server/dispatcher.h"
#include "events/store_env.h"
#include "tests/daemon/daemon_harness.h"
#include "tests/support/fault_env.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;
using test_support::FaultEnv;
using testing::TempDir;

class StoreFaultDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override { events::SetStoreEnvForTesting(&env_); }
  void TearDown() override {
    core_.reset();
    events::SetStoreEnvForTesting(nullptr);
  }
  void Open() {
    testing::TestConfig config;
    config.data_dir = dir_.Sub("data");
    auto loaded = config::LoadConfigString(testing::TestConfigToml(config), "test", dir_.path());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    auto runtime = RuntimeConfig::Make(std::move(*loaded));
    ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
    auto core = Core::Open(*runtime);
    ASSERT_TRUE(core.ok()) << core.status().ToString();
    core_ = std::move(*core);
    core_->FollowLog();
    core_->health().Set(Health::Phase::kReady);
  }

  Reply Call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& content_type = "application/json") {
    RequestContext ctx;
    ctx.request_id = "fault-test";
    ctx.method = method;
    ctx.path = path;
    ctx.body = body;
    if (!body.empty()) ctx.headers.emplace("content-type", content_type);
    ctx.runtime = core_->config().Get();
    ctx.principal = Principal{"admin-ci", config::Role::kAdmin, {}};
    return Dispatch(core_->routes(), std::move(ctx)).reply;
  }
  // Opens the core and imports the seed; action_ is its first action.
  void OpenWithSeed() {
    ASSERT_NO_FATAL_FAILURE(Open());
    Reply imported = Call("POST", "/v1/imports", testing::SeedText(), "text/plain");
    ASSERT_EQ(imported.status, 200) << imported.body;
    action_ = json::parse(imported.body)["evaluation_id"].get<std::string>() + "-r1-a1";
  }
  Reply Comment(const std::string& text) {
    return Call("POST", "/v1/actions/" + action_ + "/comments", json({{"text", text}}).dump());
  }

  TempDir dir_;
  FaultEnv env_;
  std::unique_ptr<Core> core_;
  std::string action_;
};

TEST_F(StoreFaultDaemonTest, AnIoErrorStopsWritesWithTheReasonOnReadyzAndARestartRecovers) {
  ASSERT_NO_FATAL_FAILURE(OpenWithSeed());
  ASSERT_EQ(Comment("before the fault").status, 200);

  env_.Set(FaultEnv::Fault::kIoError);
  Reply refused = Comment("during the fault");
  EXPECT_EQ(refused.status, 500) << refused.body;
  json error = json::parse(refused.body)["error"];
  EXPECT_EQ(error["code"], "io_error");
  EXPECT_NE(error["message"].get<std::string>().find("injected I/O error"), std::string::npos) << refused.body;
  EXPECT_EQ(Comment("still during the fault").status, 500);

  Reply unready = Call("GET", "/readyz");
  EXPECT_EQ(unready.status, 503) << unready.body;
  json readiness = json::parse(unready.body);
  EXPECT_EQ(readiness["components"]["store"], "stopped");
  EXPECT_NE(readiness["reason"].get<std::string>().find("store: io_error"), std::string::npos) << unready.body;
  EXPECT_NE(readiness["reason"].get<std::string>().find("injected I/O error"), std::string::npos) << unready.body;
  EXPECT_NE(Call("GET", "/metrics").body.find("mrtrack_component_up{component=\"store\"} 0\n"), std::string::npos);
  Reply read = Call("GET", "/v1/actions/" + action_);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json::parse(read.body)["last_comment"]["text"], "before the fault");

  core_.reset();  // The restart, with the disk well again.
  env_.Clear();
  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_EQ(Call("GET", "/readyz").status, 200);
  EXPECT_EQ(json::parse(Call("GET", "/v1/actions/" + action_).body)["last_comment"]["text"], "before the fault");
  ASSERT_EQ(Comment("after the restart").status, 200);
  Reply verify = Call("GET", "/v1/audit/verify");
  EXPECT_EQ(json::parse(verify.body)["ok"], true) << verify.body;
}

TEST_F(StoreFaultDaemonTest, AFullDiskAnswers507WhileReadsGoOnAndWritesSucceedAgainOnceSpaceReturns) {
  ASSERT_NO_FATAL_FAILURE(OpenWithSeed());
  ASSERT_EQ(Comment("before the disk filled").status, 200);

  env_.Set(FaultEnv::Fault::kNoSpace);
  Reply full = Comment("while the disk is full");
  EXPECT_EQ(full.status, 507) << full.body;
  json error = json::parse(full.body)["error"];
  EXPECT_EQ(error["code"], "resource_exhausted");
  EXPECT_EQ(error["field"], "storage");
  EXPECT_NE(error["message"].get<std::string>().find("the disk is full; nothing was written"), std::string::npos)
      << full.body;
  Reply read = Call("GET", "/v1/actions/" + action_);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json::parse(read.body)["last_comment"]["text"], "before the disk filled");
  EXPECT_EQ(Call("GET", "/readyz").status, 503);

  env_.Clear();  // Space is freed; no restart.
  // The store takes writes again once RocksDB has recovered (at once, or
  // after its own check of the free space); until then 507 again.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  Reply again = Comment("once space returned");
  while (again.status == 507 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
    again = Comment("once space returned");
  }
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Call("GET", "/readyz").status, 200);
  json action = json::parse(Call("GET", "/v1/actions/" + action_).body);
  EXPECT_EQ(action["last_comment"]["text"], "once space returned");
  EXPECT_EQ(json::parse(Call("GET", "/v1/audit/verify").body)["ok"], true);

  core_.reset();
  ASSERT_NO_FATAL_FAILURE(Open());
  auto comments = json::parse(Call("GET", "/v1/actions/" + action_ + "/comments").body);
  std::vector<std::string> texts;
  for (const auto& c : comments["items"]) texts.push_back(c["text"]);
  EXPECT_NE(std::find(texts.begin(), texts.end(), "before the disk filled"), texts.end());
  EXPECT_NE(std::find(texts.begin(), texts.end(), "once space returned"), texts.end());
  EXPECT_EQ(std::find(texts.begin(), texts.end(), "while the disk is full"), texts.end());
}

}  // namespace
}  // namespace mrtrack::daemon
