// The team-chat feed: a webhook with feed_units receives each status change
// of its units' actions, once, in order, and resumes from its cursor file.
#include "notifier/feed.h"

#include <gtest/gtest.h>

#include <fstream>

#include "events/domain/commands.h"
#include "notifier/notifier.h"
#include "http_receiver.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;
using notifier_test::HttpReceiver;

class FeedTest : public ::testing::Test {
 protected:
  FeedTest() : w_(At("2025-03-10T08:00:00Z")) {
    notifier_test::AddEvaluation(*w_.store, "ev-1", "Evaluation of the umbrella programme");
    co_action_ = notifier_test::AddAction(*w_.store, "ev-1", 1, "Develop a strategy", {"kaz-co"}, "2025-12-31");
    ecaro_action_ = notifier_test::AddAction(*w_.store, "ev-1", 2, "Regional review", {"ecaro"}, "2025-12-31");
  }

  std::unique_ptr<Notifier> Open(const std::string& url, const std::string& kind = "generic") {
    std::string toml = notifier_test::BaseToml(w_.dir.path());
    toml += "[webhooks.team]\nkind = \"" + kind + "\"\nurl = \"" + url + "\"\nfeed_units = [\"kaz-co\"]\ntimeout = \"1s\"\n";
    NotifierOptions options;
    options.jitter_seed = 5;
    auto n = Notifier::Open(*w_.store, *w_.projections, notifier_test::MakeConfig(toml), w_.clock, options);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? std::move(*n) : nullptr;
  }

  Result<events::CommandResult> SetStatus(const std::string& action, events::ActionStatus to,
                                          const std::string& reason = "") {
    events::CommandContext ctx(*w_.store, "kaz-co-editor");
    return events::ChangeStatus(ctx, action, to, reason);
  }

  notifier_test::World w_;
  std::string co_action_, ecaro_action_;
};

TEST_F(FeedTest, StatusChangesOfTheFeedUnitsArePostedOnceInOrder) {
  HttpReceiver receiver;
  auto n = Open(receiver.Url());
  ASSERT_OK(n->Tick());  // First sight of the webhook: it starts at the head, no history.
  EXPECT_TRUE(receiver.Requests().empty());
  const std::uint64_t start = n->FeedCursor("team");
  EXPECT_EQ(start, w_.store->HeadPosition());

  auto first = SetStatus(co_action_, events::ActionStatus::kOngoing);
  ASSERT_OK(first);
  ASSERT_OK(SetStatus(ecaro_action_, events::ActionStatus::kOngoing));  // Not a feed unit.
  auto second = SetStatus(co_action_, events::ActionStatus::kCompleted, "strategy adopted");
  ASSERT_OK(second);
  ASSERT_OK(n->Tick());
  ASSERT_OK(n->Tick());

  const auto reqs = receiver.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  const auto a = nlohmann::json::parse(reqs[0].body);
  const auto b = nlohmann::json::parse(reqs[1].body);
  EXPECT_EQ(a["type"], "mrtrack.status_changed");
  EXPECT_EQ(a["data"]["action_id"], co_action_);
  EXPECT_EQ(a["data"]["from"], "Not Initiated");
  EXPECT_EQ(a["data"]["to"], "Ongoing");
  EXPECT_EQ(a["data"]["position"], first->position);
  EXPECT_EQ(b["data"]["to"], "Completed");
  EXPECT_EQ(b["data"]["reason"], "strategy adopted");
  EXPECT_EQ(b["data"]["text"],
            "Kazakhstan CO: key action 1.1 \"Develop a strategy\" changed from Ongoing to Completed (strategy adopted) "
            "by kaz-co-editor");
  EXPECT_EQ(reqs[0].Header("webhook-id"), "fd-" + first->event_id);
  EXPECT_EQ(reqs[1].Header("webhook-id"), "fd-" + second->event_id);
  EXPECT_EQ(n->FeedCursor("team"), w_.store->HeadPosition());
  EXPECT_EQ(n->Metrics().feed_posted, 2u);

  // The cursor is on disk: a restarted notifier posts nothing again.
  std::ifstream cursor(w_.dir.Sub("notifier/feed-team.cursor"));
  std::uint64_t saved = 0;
  cursor >> saved;
  EXPECT_EQ(saved, w_.store->HeadPosition());
  n.reset();
  n = Open(receiver.Url());
  ASSERT_OK(n->Tick());
  EXPECT_EQ(receiver.Requests().size(), 2u);
}

TEST_F(FeedTest, AFailedPostHoldsLaterOnesBackAndIsRetriedWithTheSameId) {
  HttpReceiver receiver([](std::size_t i, const httplib::Request&, httplib::Response& res) {
    if (i == 0) res.status = 502;
  });
  auto n = Open(receiver.Url(), "slack");
  ASSERT_OK(n->Tick());
  auto first = SetStatus(co_action_, events::ActionStatus::kOngoing);
  ASSERT_OK(first);
  ASSERT_OK(SetStatus(co_action_, events::ActionStatus::kCompleted));
  ASSERT_OK(n->Tick());
  EXPECT_EQ(receiver.Requests().size(), 1u);  // Failed; the second waits behind it.
  EXPECT_EQ(n->FeedCursor("team"), first->position - 1);
  w_.clock.Set(At("2025-03-10T08:01:00Z"));  // Past the backoff (at most 30 s).
  ASSERT_OK(n->Tick());
  const auto reqs = receiver.Requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[0].body, reqs[1].body);
  EXPECT_NE(nlohmann::json::parse(reqs[2].body)["text"].get<std::string>().find("to Completed"), std::string::npos);
}

// Malformed data in the feed (a status change whose action_id is a number):
// logged and counted, and the feed and the notifier go on past it. The
// notifier is degraded until a later pass runs without an error; the
// counter keeps the total.
TEST_F(FeedTest, MalformedEventDataIsCountedAndTheFeedGoesOn) {
  HttpReceiver receiver;
  auto n = Open(receiver.Url());
  ASSERT_OK(n->Tick());
  ASSERT_OK(notifier_test::AppendOne(*w_.store, "action-broken", events::types::kKeyActionStatusChanged,
                                     {{"action_id", 7}, {"to", "Ongoing"}}));
  ASSERT_OK(SetStatus(co_action_, events::ActionStatus::kOngoing));
  ASSERT_OK(n->Tick());
  EXPECT_EQ(n->Metrics().errors, 1u);
  EXPECT_NE(n->Metrics().last_error.find("feed: malformed KeyActionStatusChanged"), std::string::npos)
      << n->Metrics().last_error;
  const auto reasons = n->DegradedReasons();
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].find("notifier: 1 error(s) since the last pass without one"), std::string::npos) << reasons[0];

  ASSERT_OK(n->Tick());  // Nothing goes wrong any more.
  EXPECT_EQ(receiver.Requests().size(), 1u);  // The good change after the bad one.
  EXPECT_TRUE(n->DegradedReasons().empty());
  EXPECT_EQ(n->Metrics().errors, 1u);
  EXPECT_NE(RenderPrometheus(n->Metrics()).find("mrtrack_notifier_errors_total 1\n"), std::string::npos);
}

}  // namespace
}  // namespace mrtrack::notifier
