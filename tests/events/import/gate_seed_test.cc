#include "events/import/gate_parser.h"

#include <gtest/gtest.h>

#include "events/import/evaluation_identity.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using testing::ExampleConfig;
using testing::SeedText;
using Units = std::vector<std::string>;

class GateSeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = ParseGateText(SeedText(), ExampleConfig());
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    e_ = std::move(*parsed);
    ASSERT_EQ(e_.recommendations.size(), 11u);
  }
  const ParsedKeyAction& Action(std::size_t rec, std::size_t action) {
    return e_.recommendations.at(rec - 1).actions.at(action - 1);
  }
  ParsedEvaluation e_;
};

TEST_F(GateSeedTest, CountsOneEvaluationElevenRecommendationsTwentyThreeActions) {
  EXPECT_EQ(e_.ActionCount(), 23u);
  std::vector<std::size_t> per_rec;
  for (const auto& r : e_.recommendations) per_rec.push_back(r.actions.size());
  EXPECT_EQ(per_rec, (std::vector<std::size_t>{4, 2, 2, 3, 3, 2, 1, 2, 2, 1, 1}));
  EXPECT_TRUE(e_.warnings.empty()) << e_.warnings.front().message;
  EXPECT_EQ(e_.source_format, "gate");
  EXPECT_EQ(e_.source_sha256.size(), 64u);
}

TEST_F(GateSeedTest, Header) {
  EXPECT_EQ(e_.office, "Kazakhstan");
  EXPECT_EQ(e_.plan_period, "2022 - 2023");
  EXPECT_EQ(e_.office_type, "CO");
  EXPECT_EQ(e_.region, "Kazakhstan");
  EXPECT_EQ(e_.approval_status, "Approved");
  EXPECT_EQ(e_.title.rfind("Final evaluation of the project \xE2\x80\x9C" "Assistance in strengthening national", 0), 0u);
  EXPECT_TRUE(e_.title.ends_with("Republic of Kazakhstan\" (the Umbrella Project)")) << e_.title;
  EXPECT_EQ(e_.overall_response.rfind("Final Evaluation of the project \xE2\x80\x9C" "Assistance", 0), 0u);
  EXPECT_TRUE(e_.overall_response.ends_with("potentially influencing broader global development strategies."));
  EXPECT_EQ(e_.overall_response.find('\n'), std::string::npos);
}

TEST_F(GateSeedTest, EvaluationIdIsDerivedFromTitleOfficeAndPeriod) {
  std::string id = DeriveEvaluationId(e_.title, e_.office, e_.plan_period);
  ASSERT_EQ(id.size(), 15u);
  EXPECT_EQ(id.substr(0, 3), "ev-");
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef", 3), std::string::npos);
  EXPECT_EQ(DeriveEvaluationId(e_.title, e_.office, e_.plan_period), id);
  EXPECT_NE(DeriveEvaluationId(e_.title, e_.office, "2023 - 2024"), id);
}

TEST_F(GateSeedTest, FirstRecommendation) {
  const ParsedRecommendation& r = e_.recommendations[0];
  EXPECT_EQ(r.line, 11);
  EXPECT_EQ(r.text.rfind("Continue building capacities of relevant government agencies", 0), 0u);
  EXPECT_TRUE(r.text.ends_with("(linked to Conclusion 3 & 2)."));
  EXPECT_EQ(r.response.text.rfind("UN Women acknowledges the importance", 0), 0u);
  EXPECT_EQ(r.response.category, "Accepted");
  EXPECT_EQ(r.response.category_raw, "Accepted");
  EXPECT_EQ(r.response.category_inferred, "");
  EXPECT_EQ(r.response.thematic_areas, Units{});  // "Not applicable"
  EXPECT_EQ(r.response.operating_principles,
            (Units{"Oversight/governance", "Capacity development", "Knowledge management"}));
  EXPECT_EQ(r.response.organizational_priorities, (Units{"Culture of results/RBM", "Organizational efficiency"}));
  EXPECT_EQ(r.response.uneg_criteria, Units{"Effectiveness"});
}

TEST_F(GateSeedTest, FirstActionEveryField) {
  const ParsedKeyAction& a = Action(1, 1);
  EXPECT_EQ(a.line, 20);
  EXPECT_EQ(a.label, "");
  EXPECT_EQ(a.scope, "");
  EXPECT_EQ(a.description,
            "UN women will conduct skill development consultation meetings with relevant government institutions on "
            "human rights-based programming and results-based management to enhance understanding and application of "
            "results-based Monitoring, Evaluation, and Learning (MEL) systems.");
  EXPECT_EQ(a.responsible.text, "Programme Team UN Women Kazakhstan CO");
  EXPECT_EQ(a.responsible.units, Units{"kaz-programme"});
  EXPECT_EQ(a.responsible.unmatched, Units{});
  EXPECT_EQ(a.responsible.match, "alias");
  ASSERT_TRUE(a.deadline.has_value());
  EXPECT_EQ(a.deadline->date, date::year_month_day(date::year(2025), date::month(3), date::day(31)));
  EXPECT_EQ(a.deadline->raw, "2025/03");
  EXPECT_EQ(a.status, ActionStatus::kInitiated);
  EXPECT_EQ(a.status_raw, "Initiated");
  EXPECT_EQ(a.comment,
            "The consultation sessions will be conducted with relevant government entities with whom Country office "
            "is planning to cooperate within the new Tied Grant initiatives.");
}

TEST_F(GateSeedTest, ActionWithoutCommentAndAnotherDeadline) {
  const ParsedKeyAction& a = Action(1, 4);
  EXPECT_TRUE(a.description.ends_with("during the Steering committee meetings of the projects."));
  EXPECT_EQ(a.deadline->raw, "2024/12");
  EXPECT_EQ(a.deadline->date, date::year_month_day(date::year(2024), date::month(12), date::day(31)));
  EXPECT_EQ(a.comment, "");
}

TEST_F(GateSeedTest, SeveralResponsiblesInTextOrder) {
  const ParsedKeyAction& a = Action(3, 1);
  EXPECT_TRUE(a.description.ends_with("community meetings, to gather input."));
  EXPECT_EQ(a.responsible.text, "UN Women Kazakhstan CO, Government institutions");
  EXPECT_EQ(a.responsible.units, (Units{"kaz-co", "government"}));
  EXPECT_EQ(a.responsible.match, "alias");
  EXPECT_EQ(a.deadline->raw, "2025/04");
  EXPECT_TRUE(a.comment.starts_with("In 2024 the country office is planning"));

  const ParsedKeyAction& b = Action(3, 2);
  EXPECT_EQ(b.description,
            "Implement specific initiatives to empower socially vulnerable women, ensuring their active participation "
            "in project design. Tailor communication and engagement strategies to address the unique needs and "
            "perspectives of this group.");
  EXPECT_EQ(b.responsible.text, "Government institutions and UN Women Kazakhstan CO");
  EXPECT_EQ(b.responsible.units, (Units{"government", "kaz-co"}));
  EXPECT_EQ(b.comment, "");

  EXPECT_EQ(Action(8, 1).responsible.text, "UN Women Kazakhstan CO and relevant UN Agencies");
  EXPECT_EQ(Action(8, 1).responsible.units, (Units{"kaz-co", "un-agencies"}));
  EXPECT_EQ(Action(9, 2).responsible.text, "UN Women Kazakhstan CO and relevant national partners");
  EXPECT_EQ(Action(9, 2).responsible.units, (Units{"kaz-co", "national-partners"}));
  EXPECT_EQ(Action(9, 2).description,
            "Leverage Women\xE2\x80\x99s entrepreneurship development centers as platforms for awareness-raising "
            "initiatives on gender equality, WEE, and GBV.");
}

TEST_F(GateSeedTest, EveryActionIsMatchedByAliasAndInitiated) {
  for (const auto& r : e_.recommendations) {
    for (const auto& a : r.actions) {
      EXPECT_EQ(a.responsible.match, "alias") << a.line;
      EXPECT_TRUE(a.responsible.unmatched.empty()) << a.line;
      EXPECT_EQ(a.status, ActionStatus::kInitiated) << a.line;
      EXPECT_TRUE(a.deadline.has_value()) << a.line;
      EXPECT_FALSE(a.description.empty()) << a.line;
    }
    EXPECT_EQ(r.response.category, "Accepted");
  }
}

TEST_F(GateSeedTest, RecommendationNineTags) {
  const ManagementResponse& m = e_.recommendations[8].response;
  EXPECT_EQ(m.thematic_areas, Units{"Women economic empowerment (SPs before 2018)"});
  EXPECT_EQ(m.operating_principles, (Units{"Capacity development", "Promoting inclusiveness/Leaving no one behind"}));
  EXPECT_EQ(m.organizational_priorities,
            (Units{"Organizational efficiency", "Engaging men and boys", "Culture of results/RBM"}));
  EXPECT_EQ(m.uneg_criteria, (Units{"Sustainability", "Efficiency", "Effectiveness"}));
  EXPECT_TRUE(m.text.ends_with("we commit to implementing the following strategies:"));
  // Recommendation 10 says "Not applicable" for its priorities; 8 has a comma-separated principle list.
  EXPECT_EQ(e_.recommendations[9].response.organizational_priorities, Units{});
  EXPECT_EQ(e_.recommendations[9].response.thematic_areas, Units{"Global norms and standards (SPs before 2018)"});
  EXPECT_EQ(e_.recommendations[7].response.operating_principles,
            (Units{"Capacity development", "National ownership", "Evidence", "Data and statistics"}));
}

TEST_F(GateSeedTest, LastActionWithoutTrailingNewline) {
  const ParsedKeyAction& a = Action(11, 1);
  EXPECT_EQ(a.line, 132);
  EXPECT_EQ(a.description,
            "Implement capacity-building initiatives for UN agencies and partners on gender-responsive programming, "
            "ensuring a shared understanding of best practices and principles.");
  EXPECT_EQ(a.responsible.units, Units{"kaz-co"});
  EXPECT_EQ(a.deadline->raw, "2025/03");
  EXPECT_EQ(a.status, ActionStatus::kInitiated);
  EXPECT_EQ(a.status_raw, "Initiated");
  EXPECT_EQ(a.comment, "");
  EXPECT_EQ(e_.recommendations[10].response.uneg_criteria, Units{"Coherence"});
}

TEST_F(GateSeedTest, TableRenderingGivesTheSameData) {
  auto table = ParseGateText(testing::ReadFixture("gate/kazakhstan-table-rendering.txt"), ExampleConfig());
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->title, e_.title);
  EXPECT_EQ(table->overall_response, e_.overall_response);
  ASSERT_EQ(table->recommendations.size(), e_.recommendations.size());
  for (std::size_t r = 0; r < e_.recommendations.size(); ++r) {
    const auto& want = e_.recommendations[r];
    const auto& got = table->recommendations[r];
    EXPECT_EQ(got.text, want.text);
    EXPECT_EQ(got.response, want.response);
    ASSERT_EQ(got.actions.size(), want.actions.size()) << "recommendation " << r + 1;
    for (std::size_t a = 0; a < want.actions.size(); ++a) {
      const auto& x = got.actions[a];
      const auto& y = want.actions[a];
      EXPECT_EQ(x.description, y.description);
      EXPECT_EQ(x.responsible.text, y.responsible.text);
      EXPECT_EQ(x.responsible.units, y.responsible.units);
      EXPECT_EQ(x.responsible.match, "column");
      EXPECT_EQ(x.deadline, y.deadline);
      EXPECT_EQ(x.status, y.status);
      EXPECT_EQ(x.comment, y.comment);
    }
  }
  EXPECT_TRUE(table->warnings.empty());
}

}  // namespace
}  // namespace mrtrack::events::import
