// Header renderings (tests/fixtures/gate/header-*.txt): each field read from
// what the page states, every missing or guessed field reported on its line,
// nothing shifted silently.
#include <gtest/gtest.h>

#include "events/import/gate_parser.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using Texts = std::vector<std::string>;

ParsedEvaluation Parse(const std::string& fixture) { return testing::ParseGateFixture(fixture); }
Texts HeaderWarnings(const ParsedEvaluation& e) { return testing::WarningTexts(e, "header"); }
using testing::Header;
using testing::HeaderOf;

TEST(GateHeaderTest, TitleOnItsOwnLineTwiceThenManagementResponsePlan) {
  ParsedEvaluation e = Parse("header-title-only.txt");
  EXPECT_EQ(HeaderOf(e), (Header{.title = "Evaluation of the Safe Cities Programme in Almaty",
                                 .overall_response = "UN Women welcomes the evaluation and accepts its "
                                                     "recommendations."}));
  EXPECT_EQ(e.recommendations.size(), 1u);
  EXPECT_EQ(HeaderWarnings(e), (Texts{"1: no ': value' header; the title is read from this line",
                                      "8: no office stated; give it with --office",
                                      "8: no plan period stated; give it with --period"}));
}

TEST(GateHeaderTest, PageThatOpensWithTheOverallResponse) {
  ParsedEvaluation e = Parse("header-response-first.txt");
  EXPECT_EQ(HeaderOf(e), (Header{.approval_status = "Approved",
                                 .overall_response = "UN Women welcomes the evaluation of the Safe Cities Programme "
                                                     "and accepts its recommendations.\nThe office will report on "
                                                     "them every year."}));
  EXPECT_EQ(HeaderWarnings(e), (Texts{"1: no ': value' header and no title line; give the title with --title",
                                      "5: no office stated; give it with --office",
                                      "5: no plan period stated; give it with --period"}));
}

TEST(GateHeaderTest, ThreeValuesWithoutTitleShiftNothing) {
  ParsedEvaluation e = Parse("header-three-values.txt");
  EXPECT_EQ(HeaderOf(e), (Header{.office = "Kazakhstan",
                                 .plan_period = "2024 - 2025",
                                 .office_type = "CO",
                                 .region = "Kazakhstan",
                                 .approval_status = "Approved"}));
  EXPECT_EQ(HeaderWarnings(e),
            (Texts{"5: the header has no evaluation title; \"Kazakhstan\" is read as the region (it names the office's "
                   "country); give the title with --title",
                   "6: \"Approved\" read as the approval status, not a header field"}));
}

TEST(GateHeaderTest, UnlabelledRegionLineAfterTheHeader) {
  ParsedEvaluation e = Parse("header-region-line.txt");
  EXPECT_EQ(HeaderOf(e), (Header{.title = "Evaluation of the Safe Cities Programme in Almaty",
                                 .office = "Kazakhstan",
                                 .plan_period = "2024 - 2025",
                                 .office_type = "CO",
                                 .region = "Kazakhstan",
                                 .approval_status = "Approved",
                                 .overall_response = "The office accepts the recommendations."}));
  EXPECT_EQ(HeaderWarnings(e),
            (Texts{"6: \"Kazakhstan\" read as the region (a short line without ':' after the header)"}));
}

TEST(GateHeaderTest, NothingBeforeTheFirstRecommendation) {
  auto parsed = ParseGateText("\nRecommendation: Do it.\nKey Actions\nDo it. UN Women Kazakhstan CO 2025/03 Initiated",
                              testing::ExampleConfig());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(HeaderOf(*parsed), Header{});
  EXPECT_EQ(HeaderWarnings(*parsed), (Texts{"2: no ': value' header and no title line; give the title with --title",
                                            "2: no office stated; give it with --office",
                                            "2: no plan period stated; give it with --period"}));
}

TEST(GateHeaderTest, TwoValuesOnlyLeaveTheTitleMissing) {
  ParsedEvaluation e = Parse("header-missing-title.txt");
  EXPECT_EQ(HeaderOf(e), (Header{.office = "Kazakhstan",
                                 .plan_period = "2024 - 2025",
                                 .office_type = "CO",
                                 .approval_status = "Approved",
                                 .overall_response = "The office accepts the recommendations."}));
  EXPECT_EQ(HeaderWarnings(e), (Texts{"4: the header has no evaluation title (expected ': office', ': plan period , "
                                      "office (type)', ': title', ': country/region' at the top); give the title "
                                      "with --title"}));
}

}  // namespace
}  // namespace mrtrack::events::import
