// End to end: a recommendation's priority, set by a validator through the
// real mrtrackd, carried by its key actions, filtered on, and in the history.
#include <set>
#include <string>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

class PriorityTest : public DaemonTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartDaemon());
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
  }

  std::set<std::string> ActionIds(const std::string& query) {
    std::set<std::string> ids;
    const JsonResponse list = GetJson(*Admin(), "/v1/actions?limit=1000" + query);
    EXPECT_EQ(list.status, 200) << list.raw;
    for (const auto& item : list.body["items"]) ids.insert(item["action_id"]);
    return ids;
  }
};

TEST_F(PriorityTest, AValidatorMarksARecommendationHigh) {
  const std::string rec = evaluation_id_ + "-r3";
  const std::set<std::string> all = ActionIds("");
  EXPECT_TRUE(ActionIds("&priority=high").empty());
  EXPECT_EQ(ActionIds("&priority=normal"), all);
  const std::uint64_t before = GetJson(*Admin(), "/v1/evaluations/" + evaluation_id_).body["position"];

  auto validator = daemon_->Client(kValidatorToken);
  JsonResponse set = PostJson(*validator, "/v1/recommendations/" + rec + "/priority",
                              {{"priority", "high"}, {"reason", "The board follows it closely"}});
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["priority"], "high");
  EXPECT_EQ(set.body["event"]["type"], "RecommendationPriorityChanged");

  // Exactly the actions of that recommendation are high.
  const std::set<std::string> high = ActionIds("&priority=high");
  ASSERT_FALSE(high.empty());
  for (const auto& id : all) EXPECT_EQ(high.count(id) > 0, id.rfind(rec + "-a", 0) == 0) << id;
  EXPECT_EQ(GetJson(*Admin(), "/v1/actions/" + foreign_action_).body["priority"], "high");
  EXPECT_EQ(GetJson(*Admin(), "/v1/actions/" + own_action_).body["priority"], "normal");
  const json evaluation = GetJson(*Admin(), "/v1/evaluations/" + evaluation_id_).body;
  for (const auto& r : evaluation["recommendations"]) {
    EXPECT_EQ(r["priority"], r["recommendation_id"] == rec ? "high" : "normal") << r["recommendation_id"];
  }
  // As of before the change, it was normal.
  EXPECT_EQ(GetJson(*Admin(), "/v1/actions/" + foreign_action_ + "?as_of=" + std::to_string(before)).body["priority"],
            "normal");
  // The evaluation's history shows who changed it, before -> after.
  const JsonResponse history = GetJson(*Admin(), "/v1/evaluations/" + evaluation_id_ + "/history");
  ASSERT_EQ(history.status, 200) << history.raw;
  const json& last = history.body["items"].back();
  EXPECT_EQ(last["type"], "RecommendationPriorityChanged");
  EXPECT_EQ(last["actor"], kValidatorName);
  EXPECT_NE(last.dump().find("\"priority\""), std::string::npos) << last.dump();

  // The same priority again is refused as a no-op; a bad one names the field.
  JsonResponse again = PostJson(*validator, "/v1/recommendations/" + rec + "/priority", {{"priority", "high"}});
  EXPECT_EQ(again.status, 422) << again.raw;
  JsonResponse bad = PostJson(*validator, "/v1/recommendations/" + rec + "/priority", {{"priority", "urgent"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "priority");
  EXPECT_EQ(GetJson(*Admin(), "/v1/actions?priority=urgent").status, 400);
  EXPECT_EQ(PostJson(*validator, "/v1/recommendations/" + evaluation_id_ + "-r99/priority", {{"priority", "high"}}).status,
            404);
  // Editors may not (the role matrix checks every role).
  auto editor = daemon_->Client(kEditorToken);
  EXPECT_EQ(PostJson(*editor, "/v1/recommendations/" + rec + "/priority", {{"priority", "normal"}}).status, 403);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
