#include "events/domain/ids.h"

#include <string>

#include <gtest/gtest.h>

namespace mrtrack::events {
namespace {

TEST(IdsTest, StreamNames) {
  EXPECT_EQ(EvaluationStream("ev-3f2a9c01b7de"), "evaluation-ev-3f2a9c01b7de");
  EXPECT_EQ(ActionStream("ev-3f2a9c01b7de-r1-a2"), "action-ev-3f2a9c01b7de-r1-a2");
  EXPECT_EQ(ReminderStream("abc"), "reminder-abc");
}

TEST(IdsTest, EntityIdsFollowPositions) {
  EXPECT_EQ(RecommendationId("ev-1", 3), "ev-1-r3");
  EXPECT_EQ(ActionId("ev-1", 3, 12), "ev-1-r3-a12");
}

TEST(IdsTest, ValidIds) {
  EXPECT_TRUE(ValidateEvaluationId("ev-3f2a9c01b7de").ok());
  EXPECT_TRUE(ValidateEvaluationId("kaz-2023").ok());
  EXPECT_TRUE(ValidateEvaluationId(std::string(64, 'a')).ok());
  EXPECT_TRUE(ValidateActionId("ev-3f2a9c01b7de-r11-a3").ok());
  EXPECT_TRUE(ValidateActionId(std::string(128, '7')).ok());
}

TEST(IdsTest, InvalidIdsAreExplained) {
  Status empty = ValidateActionId("");
  EXPECT_EQ(empty.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(empty.message(), "action id is empty");
  EXPECT_EQ(empty.field(), "action_id");

  Status upper = ValidateActionId("EV-1");
  EXPECT_EQ(upper.message(), "action id 'EV-1' may contain only lower-case letters, digits and '-'");
  EXPECT_EQ(ValidateActionId("ev/1").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateActionId("ev 1").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateActionId("-ev").message(), "action id '-ev' must start with a letter or digit");

  Status too_long = ValidateEvaluationId(std::string(65, 'a'));
  EXPECT_EQ(too_long.field(), "evaluation_id");
  EXPECT_EQ(too_long.message(), "evaluation id '" + std::string(65, 'a') + "' is longer than 64 characters");
  EXPECT_EQ(ValidateActionId(std::string(129, 'a')).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mrtrack::events
