// End to end: many clients changing one action at once through the real
// mrtrackd. Commands without an expected version are applied in order and
// never answered 409; only an explicit expected version can conflict.
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

class ConcurrentCommandsTest : public DaemonTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartDaemon());
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
  }
};

TEST_F(ConcurrentCommandsTest, ManyCommentsOnOneActionAllApplyWithoutConflict) {
  const std::string path = "/v1/actions/" + own_action_;
  JsonResponse before = GetJson(*Admin(), path);
  ASSERT_EQ(before.status, 200) << before.raw;
  const std::uint64_t comments_before = before.body["comment_count"].get<std::uint64_t>();
  const std::uint64_t version_before = before.body["version"].get<std::uint64_t>();

  constexpr std::size_t kClients = 8, kEach = 20;
  std::vector<std::vector<JsonResponse>> answers(kClients);
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < answers.size(); ++c) {
    clients.emplace_back([&, c] {
      auto client = Admin();  // One keep-alive connection per thread.
      for (std::size_t i = 0; i < kEach; ++i) {
        answers[c].push_back(PostJson(*client, path + "/comments",
                                      {{"text", "client " + std::to_string(c) + " comment " + std::to_string(i)}}));
      }
    });
  }
  for (auto& t : clients) t.join();

  std::set<std::uint64_t> versions;
  for (const auto& per_client : answers) {
    for (const JsonResponse& r : per_client) {
      ASSERT_EQ(r.status, 200) << r.raw;
      versions.insert(r.body["event"]["version"].get<std::uint64_t>());
      // Read-your-writes: the answer's action already counts this comment.
      EXPECT_GE(r.body["action"]["version"].get<std::uint64_t>(), r.body["event"]["version"].get<std::uint64_t>());
    }
  }
  EXPECT_EQ(versions.size(), static_cast<std::size_t>(kClients * kEach));
  JsonResponse after = GetJson(*Admin(), path);
  ASSERT_EQ(after.status, 200) << after.raw;
  EXPECT_EQ(after.body["comment_count"], comments_before + kClients * kEach);
  EXPECT_EQ(after.body["version"], version_before + kClients * kEach);

  // The action carries its count and its last 5 comments; the rest are paged.
  ASSERT_EQ(after.body["comments"].size(), 5u);
  JsonResponse page = GetJson(*Admin(), path + "/comments?limit=50&offset=" + std::to_string(comments_before + 150));
  ASSERT_EQ(page.status, 200) << page.raw;
  EXPECT_EQ(page.body["total"], comments_before + kClients * kEach);
  ASSERT_EQ(page.body["items"].size(), 10u);
  EXPECT_EQ(page.body["items"][9], after.body["comments"][4]);
  std::set<std::string> ids;
  for (std::uint64_t offset = 0; offset < comments_before + kClients * kEach; offset += 64) {
    JsonResponse part = GetJson(*Admin(), path + "/comments?limit=64&offset=" + std::to_string(offset));
    ASSERT_EQ(part.status, 200) << part.raw;
    for (const auto& c : part.body["items"]) ids.insert(c["comment_id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), comments_before + kClients * kEach) << "paging lists every comment once";
  EXPECT_EQ(GetJson(*Admin(), path + "/comments?limit=1001").status, 400);
  EXPECT_EQ(GetJson(*Admin(), "/v1/actions/" + evaluation_id_ + "-r99-a1/comments").status, 404);

  // Only an explicit expected version conflicts.
  JsonResponse stale = PostJson(*Admin(), path + "/comments", {{"text", "stale"}, {"expected_version", version_before}});
  EXPECT_EQ(stale.status, 409) << stale.raw;

  // The counters show the events written and the syncs they shared.
  auto metrics = Admin()->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("mrtrack_store_wal_syncs_total "), std::string::npos);
  EXPECT_NE(metrics->body.find("mrtrack_store_events_written_total "), std::string::npos);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
