// SetRecommendationPriority on a real store: the event it writes, the fold,
// the refusals, and a retried request answered from the stored event.
#include "events/domain/recommendation_commands.h"

#include <gtest/gtest.h>

#include "command_fixture.h"
#include "events/domain/loading.h"

namespace mrtrack::events::testing {
namespace {

class RecommendationCommandsTest : public CommandsTest {
 protected:
  void SetUp() override {
    CommandsTest::SetUp();
    NewEvent registered = Event(types::kEvaluationRegistered, {{"evaluation_id", "ev-1"}, {"title", "Umbrella"}});
    NewEvent added = Event(types::kRecommendationAdded,
                           {{"evaluation_id", "ev-1"}, {"recommendation_id", "ev-1-r1"}, {"number", 1}, {"text", "Do"}});
    auto r = store_->Append({AppendPart{EvaluationStream("ev-1"), ExpectedVersion::NoStream(), {registered, added}}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::string PriorityNow() {
    auto state = LoadEvaluation(*store_, "ev-1");
    EXPECT_TRUE(state.ok());
    return state.ok() ? state->recommendations.at(0).priority : "";
  }
};

TEST_F(RecommendationCommandsTest, HighThenNormalWithBeforeAndAfter) {
  EXPECT_EQ(PriorityNow(), kPriorityNormal);
  auto high = SetRecommendationPriority(Context("eval-office"), "ev-1-r1", kPriorityHigh, "  board asked  ");
  ASSERT_TRUE(high.ok()) << high.status().ToString();
  EXPECT_EQ(high->evaluation_id, "ev-1");
  EXPECT_EQ(high->version, 3u);
  EXPECT_EQ(PriorityNow(), kPriorityHigh);
  auto events = store_->ReadStream(EvaluationStream("ev-1"), 3, Direction::kForward, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, types::kRecommendationPriorityChanged);
  EXPECT_EQ((*events)[0].actor, "eval-office");
  EXPECT_EQ((*events)[0].correlation_id, "req-1");
  EXPECT_EQ((*events)[0].data, json({{"evaluation_id", "ev-1"},
                                      {"recommendation_id", "ev-1-r1"},
                                      {"from", "normal"},
                                      {"to", "high"},
                                      {"reason", "board asked"}}));
  ASSERT_TRUE(SetRecommendationPriority(Context(), "ev-1-r1", kPriorityNormal, "").ok());
  EXPECT_EQ(PriorityNow(), kPriorityNormal);
}

TEST_F(RecommendationCommandsTest, RefusalsNameTheField) {
  auto same = SetRecommendationPriority(Context(), "ev-1-r1", kPriorityNormal, "");
  EXPECT_EQ(same.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(same.status().field(), "priority");
  auto urgent = SetRecommendationPriority(Context(), "ev-1-r1", "urgent", "");
  EXPECT_EQ(urgent.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(urgent.status().field(), "priority");
  auto missing = SetRecommendationPriority(Context(), "ev-1-r9", kPriorityHigh, "");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().field(), "recommendation_id");
  auto no_evaluation = SetRecommendationPriority(Context(), "ev-2-r1", kPriorityHigh, "");
  EXPECT_EQ(no_evaluation.status().code(), StatusCode::kNotFound);
  auto malformed = SetRecommendationPriority(Context(), "ev-1", kPriorityHigh, "");
  EXPECT_EQ(malformed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(malformed.status().field(), "recommendation_id");
  EXPECT_EQ(store_->StreamVersion(EvaluationStream("ev-1")), 2u) << "nothing was written";
}

TEST_F(RecommendationCommandsTest, ARetryWithItsEventIdIsAnsweredFromTheLog) {
  CommandContext ctx = Context();
  ctx.event_id = "6F1C2E0A-4B7D-4C55-9E3A-2B8D1F0C7A11";
  auto first = SetRecommendationPriority(ctx, "ev-1-r1", kPriorityHigh, "");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->deduplicated);
  auto again = SetRecommendationPriority(ctx, "ev-1-r1", kPriorityHigh, "");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->deduplicated);
  EXPECT_EQ(again->event_id, first->event_id);
  EXPECT_EQ(store_->StreamVersion(EvaluationStream("ev-1")), 3u);
}

}  // namespace
}  // namespace mrtrack::events::testing
