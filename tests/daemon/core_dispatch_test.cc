// The Core without HTTP, as the command line uses it on a data directory:
// Dispatch() with a preset principal gives the same answers as the server,
// and writes are visible to the next read without a projection follower.
#include <gtest/gtest.h>

#include "daemon/server/core.h"
#include "daemon/server/dispatcher.h"
#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/test_core.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;
using testing::TempDir;

class CoreDispatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::OpenTestCore(dir_, &core_);
    ASSERT_NE(core_, nullptr);
  }

  Reply Call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& content_type = "application/json", config::Role role = config::Role::kAdmin) {
    RequestContext ctx;
    ctx.request_id = "in-process";
    ctx.method = method;
    auto question = path.find('?');
    ctx.path = path.substr(0, question);
    if (question != std::string::npos) {
      std::string query = path.substr(question + 1);
      ctx.query.emplace(query.substr(0, query.find('=')), query.substr(query.find('=') + 1));
    }
    ctx.body = body;
    ctx.headers.emplace("content-type", content_type);
    ctx.runtime = core_->config().Get();
    ctx.principal = Principal{"cli:tester", role, {}};
    return Dispatch(core_->routes(), std::move(ctx)).reply;
  }

  TempDir dir_;
  std::unique_ptr<Core> core_;
};

TEST_F(CoreDispatchTest, ImportThenReadAndWriteWithoutAFollower) {
  Reply imported = Call("POST", "/v1/imports", testing::SeedText(), "text/plain");
  ASSERT_EQ(imported.status, 200) << imported.body;
  std::string evaluation = json::parse(imported.body)["evaluation_id"];
  Reply listed = Call("GET", "/v1/actions?limit=5");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(json::parse(listed.body)["total"], 23);

  Reply changed = Call("POST", "/v1/actions/" + evaluation + "-r1-a1/status", R"({"status":"Completed"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  json answer = json::parse(changed.body);
  ASSERT_TRUE(answer["action"].is_object()) << "the views did not show the write";
  EXPECT_EQ(answer["action"]["status"], "Completed");
  Reply history = Call("GET", "/v1/actions/" + evaluation + "-r1-a1/history");
  EXPECT_EQ(json::parse(history.body)["items"].back()["actor"], "cli:tester");
}

TEST_F(CoreDispatchTest, ThePresetPrincipalStillMeetsTheRoleMatrix) {
  Reply denied = Call("GET", "/v1/audit/verify", "", "", config::Role::kReader);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(json::parse(denied.body)["error"]["code"], "permission_denied");
  EXPECT_EQ(Call("GET", "/v1/nowhere").status, 404);
}

}  // namespace
}  // namespace mrtrack::daemon
