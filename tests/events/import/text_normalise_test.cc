#include "events/import/text_normalise.h"

#include <gtest/gtest.h>

#include "events/import/evaluation_identity.h"
#include "events/import/key_action_fields.h"
#include "events/import/response_fields.h"

namespace mrtrack::events::import {
namespace {

using Strings = std::vector<std::string>;

TEST(TextNormaliseTest, SplitLinesAcceptsEveryLineEnding) {
  EXPECT_EQ(SplitLines("a\r\nb\rc\nd"), (Strings{"a", "b", "c", "d"}));
  EXPECT_EQ(SplitLines("a\n\nb\n"), (Strings{"a", "", "b"}));
  EXPECT_EQ(SplitLines("\xEF\xBB\xBFhead"), Strings{"head"});
  EXPECT_TRUE(SplitLines("").empty());
}

TEST(TextNormaliseTest, CleanLineTrimsCollapsesAndRepairsSlips) {
  bool repaired = false;
  EXPECT_EQ(CleanLine("  Women?s \t  rights  ", &repaired), "Women\xE2\x80\x99s rights");
  EXPECT_TRUE(repaired);
  repaired = false;
  EXPECT_EQ(CleanLine("Funded? Yes. Why?", &repaired), "Funded? Yes. Why?");
  EXPECT_FALSE(repaired);
  EXPECT_EQ(CleanLine("don?t we?ll they?re I?m she?d we?ve"),
            "don\xE2\x80\x99t we\xE2\x80\x99ll they\xE2\x80\x99re I\xE2\x80\x99m she\xE2\x80\x99" "d we\xE2\x80\x99ve");
  EXPECT_EQ(CleanLine("a\xC2\xA0\xC2\xA0" "b"), "a b");  // no-break spaces
}

TEST(TextNormaliseTest, FoldMapsBackToTheSource) {
  FoldedText f = Fold("Women\xE2\x80\x99s  CO");
  EXPECT_EQ(f.text, "women's co");
  ASSERT_EQ(f.origin.size(), f.text.size() + 1);
  EXPECT_EQ(f.origin[5], 5u);   // the apostrophe starts at byte 5
  EXPECT_EQ(f.origin[6], 8u);   // "s" follows the three-byte quote
  EXPECT_EQ(f.origin.back(), 13u);
  EXPECT_EQ(FoldKey(" \xE2\x80\x9CQuoted\xE2\x80\x9D "), "\"quoted\"");
}

TEST(TextNormaliseTest, IdNormalisationIgnoresRenderingDetails) {
  EXPECT_EQ(NormaliseForId("Project \xE2\x80\x9C" "Assistance\xE2\x80\x9D (the Umbrella)"),
            "project assistance the umbrella");
  EXPECT_EQ(NormaliseForId("UN Women?s  work"), NormaliseForId("UN Women\xE2\x80\x99s work"));
  EXPECT_EQ(NormaliseForId("UN Women's work"), "un womens work");
  EXPECT_EQ(NormaliseForId("2022 - 2023"), "2022 2023");
  EXPECT_EQ(NormaliseForId("2022\xE2\x80\x93" "2023"), "2022 2023");
}

TEST(EvaluationIdentityTest, DerivedIdIsStableAcrossRenderings) {
  std::string id = DeriveEvaluationId("Evaluation of UN Women?s Work", "Kazakhstan", "2022 - 2023");
  EXPECT_EQ(id, DeriveEvaluationId("evaluation of UN Women\xE2\x80\x99s  work", "KAZAKHSTAN", "2022-2023"));
  EXPECT_NE(id, DeriveEvaluationId("Evaluation of UN Women's Work", "Kyrgyzstan", "2022 - 2023"));
  EXPECT_EQ(id.size(), 15u);
}

TEST(KeyActionFieldsTest, LabelsAndScopes) {
  auto p = SplitDescriptionPrefix("1.1. KAZ: Train staff");
  EXPECT_EQ(p.label, "1.1");
  EXPECT_EQ(p.scope, "KAZ");
  EXPECT_EQ(p.rest, "Train staff");
  p = SplitDescriptionPrefix("Global: 2) Share it");
  EXPECT_EQ(p.label, "2");
  EXPECT_EQ(p.scope, "Global");
  EXPECT_EQ(p.rest, "Share it");
  p = SplitDescriptionPrefix("2024 will see a new plan: more work");
  EXPECT_EQ(p.label, "");
  EXPECT_EQ(p.scope, "");
  EXPECT_EQ(p.rest, "2024 will see a new plan: more work");
}

TEST(KeyActionFieldsTest, DeadlineTokensAndStatusLabels) {
  EXPECT_TRUE(LooksLikeDeadline("2025/03"));
  EXPECT_TRUE(LooksLikeDeadline("2025/3"));
  EXPECT_TRUE(LooksLikeDeadline("2025-03-31"));
  EXPECT_FALSE(LooksLikeDeadline("2025/031"));
  EXPECT_FALSE(LooksLikeDeadline("2024"));
  EXPECT_FALSE(LooksLikeDeadline("(2025/03)"));
  auto s = StatusAtStart("Not Initiated The comment");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->status, ActionStatus::kNotInitiated);
  EXPECT_EQ(s->length, 13u);
  s = StatusAtStart("Overdue - Not Initiated");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->length, 23u);
  EXPECT_FALSE(StatusAtStart("Pending review").has_value());
}

TEST(ResponseFieldsTest, Categories) {
  EXPECT_EQ(NormaliseCategory("accepted"), "Accepted");
  EXPECT_EQ(NormaliseCategory("Accepted partially."), "Partially accepted");
  EXPECT_EQ(NormaliseCategory("Not accepted"), "Rejected");
  EXPECT_EQ(NormaliseCategory(" "), "");
  EXPECT_EQ(NormaliseCategory("Maybe"), std::nullopt);
  EXPECT_EQ(InferCategory("Accepted partially. The office will..."), "Partially accepted");
  EXPECT_EQ(InferCategory("The recommendation is not accepted."), "Rejected");
  EXPECT_EQ(InferCategory("The recommendation is accepted by UN Women."), "Accepted");
  EXPECT_EQ(InferCategory("UN Women acknowledges the importance."), "");
  EXPECT_EQ(InferCategory("Unaccepted terms"), "");
}

TEST(ResponseFieldsTest, Tags) {
  EXPECT_EQ(SplitTags("Oversight/governance, Capacity development"),
            (Strings{"Oversight/governance", "Capacity development"}));
  EXPECT_EQ(SplitTags("Women economic empowerment (SPs before 2018, 2019)"),
            Strings{"Women economic empowerment (SPs before 2018, 2019)"});
  EXPECT_TRUE(SplitTags("Not applicable").empty());
  EXPECT_TRUE(SplitTags(" ").empty());
  EXPECT_EQ(SplitTags("Relevance, N/A"), Strings{"Relevance"});
}

}  // namespace
}  // namespace mrtrack::events::import
