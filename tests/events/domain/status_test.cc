#include "events/domain/status.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace mrtrack::events {
namespace {

constexpr ActionStatus kAll[] = {ActionStatus::kNotInitiated, ActionStatus::kInitiated, ActionStatus::kOngoing,
                                 ActionStatus::kCompleted, ActionStatus::kNoLongerApplicable};

TEST(StatusVocabularyTest, LabelsAreTheCanonicalFive) {
  EXPECT_STREQ(StatusLabel(ActionStatus::kNotInitiated), "Not Initiated");
  EXPECT_STREQ(StatusLabel(ActionStatus::kInitiated), "Initiated");
  EXPECT_STREQ(StatusLabel(ActionStatus::kOngoing), "Ongoing");
  EXPECT_STREQ(StatusLabel(ActionStatus::kCompleted), "Completed");
  EXPECT_STREQ(StatusLabel(ActionStatus::kNoLongerApplicable), "No Longer Applicable");
}

TEST(StatusVocabularyTest, OnlyCompletedAndNoLongerApplicableAreTerminal) {
  EXPECT_FALSE(IsTerminal(ActionStatus::kNotInitiated));
  EXPECT_FALSE(IsTerminal(ActionStatus::kInitiated));
  EXPECT_FALSE(IsTerminal(ActionStatus::kOngoing));
  EXPECT_TRUE(IsTerminal(ActionStatus::kCompleted));
  EXPECT_TRUE(IsTerminal(ActionStatus::kNoLongerApplicable));
}

TEST(StatusVocabularyTest, ParseStatusRoundTripsEveryLabel) {
  for (ActionStatus s : kAll) {
    auto parsed = ParseStatus(StatusLabel(s));
    ASSERT_TRUE(parsed.ok()) << StatusLabel(s);
    EXPECT_EQ(*parsed, s);
  }
}

TEST(StatusVocabularyTest, ParseStatusAcceptsOnlyExactLabels) {
  for (const char* label : {"completed", "Completed ", "Not initiated", "NotInitiated", "Overdue", "In progress", ""}) {
    auto parsed = ParseStatus(label);
    ASSERT_FALSE(parsed.ok()) << label;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().field(), "status");
  }
  EXPECT_EQ(ParseStatus("done").status().message(),
            "'done' is not a status: expected one of Not Initiated, Initiated, Ongoing, Completed, "
            "No Longer Applicable");
}

TEST(LegacyStatusTest, MapsEveryLabelOfTheTable) {
  const std::vector<std::pair<std::string, ActionStatus>> table = {
      {"Not Initiated", ActionStatus::kNotInitiated},
      {"not initiated", ActionStatus::kNotInitiated},
      {"NOT-INITIATED", ActionStatus::kNotInitiated},
      {"Not started", ActionStatus::kNotInitiated},
      {"Not yet started", ActionStatus::kNotInitiated},
      {"Not yet initiated", ActionStatus::kNotInitiated},
      {"Initiated", ActionStatus::kInitiated},
      {"initiated", ActionStatus::kInitiated},
      {"Started", ActionStatus::kInitiated},
      {"Ongoing", ActionStatus::kOngoing},
      {"On going", ActionStatus::kOngoing},
      {"On-going", ActionStatus::kOngoing},
      {"In progress", ActionStatus::kOngoing},
      {"In Progress", ActionStatus::kOngoing},
      {"Under way", ActionStatus::kOngoing},
      {"Underway", ActionStatus::kOngoing},
      {"Partially completed", ActionStatus::kOngoing},
      {"Partially implemented", ActionStatus::kOngoing},
      {"Completed", ActionStatus::kCompleted},
      {"Complete", ActionStatus::kCompleted},
      {"Done", ActionStatus::kCompleted},
      {"Closed", ActionStatus::kCompleted},
      {"Implemented", ActionStatus::kCompleted},
      {"Fully implemented", ActionStatus::kCompleted},
      {"No Longer Applicable", ActionStatus::kNoLongerApplicable},
      {"No longer applicable", ActionStatus::kNoLongerApplicable},
      {"Not applicable", ActionStatus::kNoLongerApplicable},
      {"No longer relevant", ActionStatus::kNoLongerApplicable},
      {"Cancelled", ActionStatus::kNoLongerApplicable},
      {"Canceled", ActionStatus::kNoLongerApplicable},
      {"Over due", ActionStatus::kNotInitiated},
      {"Overdue", ActionStatus::kNotInitiated},
      {"OVERDUE", ActionStatus::kNotInitiated},
      {"Overdue-Not Initiated", ActionStatus::kNotInitiated},
      {"Overdue - Not Initiated", ActionStatus::kNotInitiated},
      {"Overdue-Initiated", ActionStatus::kInitiated},
      {"Overdue - Initiated", ActionStatus::kInitiated},
      {"Over due - In progress", ActionStatus::kOngoing},
      {"Overdue-Ongoing", ActionStatus::kOngoing},
      {"Initiated - Overdue", ActionStatus::kInitiated},
      {"Ongoing (overdue)", ActionStatus::kOngoing},
      {"  Completed  ", ActionStatus::kCompleted},
  };
  for (const auto& [label, expected] : table) {
    auto parsed = ParseLegacyStatus(label);
    ASSERT_TRUE(parsed.has_value()) << label;
    EXPECT_EQ(*parsed, expected) << label;
  }
}

TEST(LegacyStatusTest, RejectsTextThatIsNotAStatus) {
  for (const char* text :
       {"", "  ", "-", "Maybe", "Overdue soon", "Programme Team", "2025/03", "Initiated The", "In", "Not"}) {
    EXPECT_FALSE(ParseLegacyStatus(text).has_value()) << text;
  }
}

TEST(TransitionTest, SameStatusIsAlready) {
  for (ActionStatus s : kAll) {
    Status st = CheckTransition(s, s, "some reason");
    EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(st.message(), std::string("already ") + StatusLabel(s));
    EXPECT_EQ(st.field(), "status");
  }
}

TEST(TransitionTest, FromAnOpenStatusEveryMoveIsAllowedWithoutReason) {
  for (ActionStatus from : {ActionStatus::kNotInitiated, ActionStatus::kInitiated, ActionStatus::kOngoing}) {
    for (ActionStatus to : kAll) {
      if (from == to) continue;
      EXPECT_TRUE(CheckTransition(from, to, "").ok()) << StatusLabel(from) << " -> " << StatusLabel(to);
    }
  }
}

TEST(TransitionTest, LeavingATerminalStatusNeedsAReason) {
  for (ActionStatus from : {ActionStatus::kCompleted, ActionStatus::kNoLongerApplicable}) {
    for (ActionStatus to : kAll) {
      if (from == to) continue;
      for (const char* blank : {"", "   ", "\t\n"}) {
        Status st = CheckTransition(from, to, blank);
        EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
        EXPECT_EQ(st.field(), "reason");
        EXPECT_EQ(st.message(),
                  std::string("leaving ") + StatusLabel(from) + " for " + StatusLabel(to) + " needs a reason");
      }
      EXPECT_TRUE(CheckTransition(from, to, "reopened after the audit").ok());
    }
  }
}

}  // namespace
}  // namespace mrtrack::events
