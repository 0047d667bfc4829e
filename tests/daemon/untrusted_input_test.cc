// End to end: JSON from outside cannot crash mrtrackd by its depth, and
// errors about untrusted values never echo them whole.
#include <regex>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

// Brackets nested `depth` deep: the shape that overflowed the stack of
// recursive JSON code.
std::string Nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

class UntrustedInputTest : public DaemonTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartDaemon());
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
  }

  void ExpectAlive() {
    auto anonymous = daemon_->Client();
    auto health = anonymous->Get("/healthz");
    ASSERT_TRUE(health) << "mrtrackd stopped answering\n" << daemon_->Log();
    EXPECT_EQ(health->status, 200);
  }
};

TEST_F(UntrustedInputTest, AHundredThousandDeepImportIsRefusedWithItsPath) {
  std::string doc = R"({"evaluation": {"title": "T", "office": "O"},
                        "recommendations": [{"text": "R", "key_actions": [{"description": "D",
                                             "responsible": {"units": [)" +
                    Nested(100000) + "]}}]}]}";
  auto admin = Admin();
  JsonResponse r = PostRaw(*admin, "/v1/imports", doc, "application/json");
  ASSERT_EQ(r.status, 400) << r.raw.substr(0, 500);
  EXPECT_EQ(r.body["error"]["message"], "JSON nested deeper than 64 levels");
  std::string field = r.body["error"]["field"];
  EXPECT_TRUE(field.starts_with("/recommendations/0/key_actions/0/responsible/units/0/0/0/0/0")) << field;
  EXPECT_LT(field.size(), 250u);
  ExpectAlive();
}

// Every route that takes a JSON body, as the daemon's own OpenAPI document lists them.
TEST_F(UntrustedInputTest, EveryJsonCommandRouteRefusesAHundredThousandLevels) {
  auto admin = Admin();
  JsonResponse openapi = GetJson(*admin, "/v1/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  const std::string body = R"({"text": )" + Nested(100000) + "}";
  std::vector<std::string> tried;
  for (const auto& [path, operations] : openapi.body["paths"].items()) {
    if (!operations.contains("post") || path == "/v1/imports") continue;
    const json& request = operations["post"].value("requestBody", json::object());
    if (!request.contains("content") || !request["content"].contains("application/json")) continue;
    std::string target = std::regex_replace(path, std::regex(R"(\{[^}]+\})"), own_action_);
    JsonResponse r = PostRaw(*admin, target, body, "application/json");
    EXPECT_EQ(r.status, 400) << target << ": " << r.raw.substr(0, 500);
    std::string field = r.body.is_object() ? r.body["error"].value("field", "") : "";
    EXPECT_TRUE(field.starts_with("text[0][0][0][0][0]")) << target << ": " << field;
    EXPECT_LT(field.size(), 250u) << target;
    ASSERT_NO_FATAL_FAILURE(ExpectAlive());
    tried.push_back(target);
  }
  // status, deadline, responsible, comments, description at least.
  EXPECT_GE(tried.size(), 5u);
}

TEST_F(UntrustedInputTest, ErrorsCutUntrustedValues) {
  auto admin = Admin();
  const std::string huge(200000, 'q');
  JsonResponse status = PostJson(*admin, "/v1/actions/" + own_action_ + "/status", {{"status", huge}});
  ASSERT_EQ(status.status, 400);
  EXPECT_EQ(status.body["error"]["field"], "status");
  EXPECT_LT(status.raw.size(), 500u) << status.raw.substr(0, 500);
  EXPECT_NE(status.raw.find("(cut, 200000 bytes)"), std::string::npos) << status.raw.substr(0, 500);

  JsonResponse unknown = PostJson(*admin, "/v1/actions/" + own_action_ + "/comments", {{"text", "t"}, {huge, 1}});
  ASSERT_EQ(unknown.status, 400);
  EXPECT_LT(unknown.raw.size(), 500u) << unknown.raw.substr(0, 500);

  JsonResponse query = GetJson(*admin, "/v1/actions?limit=" + std::string(5000, '9'));
  ASSERT_EQ(query.status, 400);
  EXPECT_LT(query.raw.size(), 500u) << query.raw.substr(0, 500);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
