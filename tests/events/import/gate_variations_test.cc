// One test per rendering variation; each fixture lives in tests/fixtures/gate/.
#include <gtest/gtest.h>

#include "events/import/evaluation_identity.h"
#include "events/import/gate_parser.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using testing::ExampleConfig;
using Units = std::vector<std::string>;

using testing::WarningTexts;

ParsedEvaluation Parse(const std::string& fixture, const config::Config& config = ExampleConfig()) {
  return testing::ParseGateFixture(fixture, config);
}

date::year_month_day Day(int y, unsigned m, unsigned d) { return {date::year(y), date::month(m), date::day(d)}; }

TEST(GateVariationsTest, MultiLineComments) {
  ParsedEvaluation e = Parse("multiline-comments.txt");
  ASSERT_EQ(e.recommendations.size(), 1u);
  const auto& actions = e.recommendations[0].actions;
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].description, "Select two cities with the local authorities.");
  EXPECT_EQ(actions[0].status, ActionStatus::kOngoing);
  EXPECT_EQ(actions[0].comment,
            "Almaty has agreed.\nShymkent will answer after its budget session.\nThe second city may change.");
  EXPECT_EQ(actions[1].line, 23);
  EXPECT_EQ(actions[1].responsible.units, Units{"kaz-programme"});
  EXPECT_EQ(actions[1].status, ActionStatus::kNotInitiated);
  EXPECT_EQ(actions[1].deadline->date, Day(2025, 9, 30));
  EXPECT_EQ(actions[1].comment, "");
}

TEST(GateVariationsTest, TableCellsOnSeveralLinesOrOneLine) {
  ParsedEvaluation e = Parse("table-cells.txt");
  const auto& actions = e.recommendations.at(0).actions;
  ASSERT_EQ(actions.size(), 3u);  // the column-title row is not an action
  EXPECT_EQ(actions[0].line, 20);
  EXPECT_EQ(actions[0].description, "Train the police academy trainers.");
  EXPECT_EQ(actions[0].responsible.text, "Ministry of Internal Affairs, UN Women Kazakhstan CO");
  EXPECT_EQ(actions[0].responsible.units, Units{"kaz-co"});
  EXPECT_EQ(actions[0].responsible.unmatched, Units{"Ministry of Internal Affairs"});
  EXPECT_EQ(actions[0].responsible.match, "column");
  EXPECT_EQ(actions[0].deadline->raw, "2025/05");
  EXPECT_EQ(actions[0].status, ActionStatus::kOngoing);
  EXPECT_EQ(actions[0].comment, "First session held in March.\nSecond session planned for May.");
  EXPECT_EQ(actions[1].description, "Print the manuals.");
  EXPECT_EQ(actions[1].responsible.units, Units{"kaz-programme"});
  EXPECT_EQ(actions[1].status, ActionStatus::kCompleted);
  EXPECT_EQ(actions[1].comment, "");
  EXPECT_EQ(actions[2].description, "Evaluate the training.");
  EXPECT_FALSE(actions[2].deadline.has_value());
  EXPECT_FALSE(actions[2].status.has_value());
  EXPECT_EQ(WarningTexts(e), (Units{
                                 "20 action 1.1: responsible \"Ministry of Internal Affairs\" matches no unit of the "
                                 "directory; kept as free text",
                                 "27 action 1.3: no deadline",
                                 "27 action 1.3: no status; a new action starts as Not Initiated",
                             }));
}

TEST(GateVariationsTest, ScopePrefixesAndNumberedActions) {
  ParsedEvaluation e = Parse("scope-and-numbering.txt");
  const auto& actions = e.recommendations.at(0).actions;
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].label, "1.1");
  EXPECT_EQ(actions[0].scope, "KAZ");
  EXPECT_EQ(actions[0].description, "Train the gender focal points of the ministries.");
  EXPECT_EQ(actions[0].responsible.units, Units{"government"});
  EXPECT_EQ(actions[1].label, "1.2");
  EXPECT_EQ(actions[1].scope, "Global");
  EXPECT_EQ(actions[1].description, "Share the training package with other offices.");
  EXPECT_EQ(actions[1].responsible.units, Units{"ecaro"});
  EXPECT_EQ(actions[2].label, "1.3");  // scope first, then the number
  EXPECT_EQ(actions[2].scope, "KAZ");
  EXPECT_EQ(actions[2].description, "Publish the results.");
  EXPECT_EQ(actions[2].responsible.text, "UN Women KAZ CO");
  EXPECT_EQ(actions[2].responsible.units, Units{"kaz-co"});
  EXPECT_TRUE(e.warnings.empty());
}

TEST(GateVariationsTest, RowsWithoutDeadlineOrStatus) {
  ParsedEvaluation e = Parse("missing-deadline-status.txt");
  const auto& actions = e.recommendations.at(0).actions;
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0].description, "Update the referral guidance.");
  EXPECT_EQ(actions[0].responsible.units, Units{"kaz-co"});
  EXPECT_FALSE(actions[0].deadline.has_value());
  EXPECT_EQ(actions[0].status, ActionStatus::kOngoing);
  EXPECT_EQ(actions[0].comment, "Draft shared with partners.");
  EXPECT_EQ(actions[1].description, "Map the shelters.");
  EXPECT_EQ(actions[1].responsible.units, Units{"government"});
  EXPECT_FALSE(actions[1].deadline.has_value());
  EXPECT_FALSE(actions[1].status.has_value());
  EXPECT_EQ(actions[1].status_raw, "");
  EXPECT_EQ(actions[2].deadline->date, Day(2025, 10, 31));
  EXPECT_FALSE(actions[2].status.has_value());
  EXPECT_EQ(WarningTexts(e), (Units{
                                 "20 action 1.1: no deadline",
                                 "21 action 1.2: no deadline",
                                 "21 action 1.2: no status; a new action starts as Not Initiated",
                                 "22 action 1.3: no status; a new action starts as Not Initiated",
                             }));
}

TEST(GateVariationsTest, ExtraEmptyHeaderLinesAndParagraphs) {
  ParsedEvaluation e = Parse("extra-header-lines.txt");
  EXPECT_EQ(testing::HeaderOf(e),
            (testing::Header{.title = "Evaluation of the Gender Statistics Project",
                             .office = "Kazakhstan",
                             .plan_period = "2024 - 2025",
                             .office_type = "CO",
                             .region = "Kazakhstan",
                             .approval_status = "Approved",
                             .overall_response = "Overall response paragraph one.\nContinued on a second line.\n\n"
                                                 "Paragraph two."}));
  EXPECT_EQ(e.recommendations.at(0).line, 19);
  EXPECT_EQ(e.recommendations[0].response.operating_principles, (Units{"Evidence", "Data and statistics"}));
  EXPECT_EQ(e.recommendations[0].actions.at(0).line, 28);
}

config::Config ConfigWithCommission() {
  config::Config c = ExampleConfig();
  config::Unit commission;
  commission.id = "women-commission";
  commission.name = "National Commission for Women\xE2\x80\x99s Affairs";  // curly, as the directory spells it
  c.units.push_back(commission);
  return c;
}

TEST(GateVariationsTest, EncodingSlipsAreReadAsApostrophes) {
  ParsedEvaluation e = Parse("encoding-slips.txt", ConfigWithCommission());
  EXPECT_EQ(e.title, "Evaluation of UN Women\xE2\x80\x99s Work on Women\xE2\x80\x99s Political Participation");
  EXPECT_EQ(e.overall_response, "The office\xE2\x80\x99s response: is the plan funded? Yes, it is.");
  const auto& rec = e.recommendations.at(0);
  EXPECT_EQ(rec.text, "Support the Women\xE2\x80\x99s Affairs Commission.");
  EXPECT_EQ(rec.response.text, "Accepted. We\xE2\x80\x99ll support it.");
  const auto& a = rec.actions.at(0);
  EXPECT_EQ(a.description, "Support the Women\xE2\x80\x99s Affairs Commission with two experts.");
  EXPECT_EQ(a.responsible.units, Units{"women-commission"});
  EXPECT_EQ(a.responsible.match, "alias");
  EXPECT_EQ(a.comment, "Experts? terms of reference are drafted.");  // not a contraction: left as published
  std::vector<int> lines;
  for (const auto& w : e.warnings) lines.push_back(w.line);
  EXPECT_EQ(lines, (std::vector<int>{5, 8, 11, 12, 20}));
  EXPECT_EQ(e.warnings[0].message, "'?' read as an apostrophe (encoding slip, e.g. \"Women?s\")");
}

TEST(GateVariationsTest, CurlyQuotesMatchAndKeepTheIdentity) {
  ParsedEvaluation curly = Parse("curly-quotes.txt", ConfigWithCommission());
  ParsedEvaluation slips = Parse("encoding-slips.txt", ConfigWithCommission());
  const auto& a = curly.recommendations.at(0).actions.at(0);
  EXPECT_EQ(a.responsible.text, "National Commission for Women's Affairs");
  EXPECT_EQ(a.responsible.units, Units{"women-commission"});
  EXPECT_EQ(a.comment, "Experts\xE2\x80\x99 terms of reference are drafted.");
  EXPECT_NE(curly.title, slips.title);
  EXPECT_EQ(DeriveEvaluationId(curly.title, curly.office, curly.plan_period),
            DeriveEvaluationId(slips.title, slips.office, slips.plan_period));
  EXPECT_TRUE(curly.warnings.empty());
}

TEST(GateVariationsTest, WindowsLineEndings) {
  ParsedEvaluation e = Parse("windows-line-endings.txt");
  EXPECT_EQ(e.title, "Evaluation of the Women in Business Programme");
  EXPECT_EQ(e.approval_status, "Approved");
  const auto& a = e.recommendations.at(0).actions.at(0);
  EXPECT_EQ(a.responsible.units, (Units{"kaz-co", "national-partners"}));
  EXPECT_EQ(a.comment, "Two centres first.\nSecond line of the comment.");
  EXPECT_EQ(e.recommendations[0].response.thematic_areas, Units{"Women economic empowerment (SPs before 2018)"});
  for (const auto& text : {e.title, e.overall_response, a.description, a.comment}) {
    EXPECT_EQ(text.find('\r'), std::string::npos);
  }
}

TEST(GateVariationsTest, MissingFinalNewlineKeepsTheLastComment) {
  ParsedEvaluation e = Parse("no-final-newline.txt");
  const auto& a = e.recommendations.at(0).actions.at(0);
  EXPECT_EQ(a.status, ActionStatus::kNotInitiated);
  EXPECT_EQ(a.status_raw, "Not Initiated");
  EXPECT_EQ(a.comment, "The last comment has no newline");
}

TEST(GateVariationsTest, LegacyStatusLabelsAreMappedAndKept) {
  ParsedEvaluation e = Parse("legacy-statuses.txt");
  const auto& actions = e.recommendations.at(0).actions;
  ASSERT_EQ(actions.size(), 4u);
  EXPECT_EQ(actions[0].status, ActionStatus::kNotInitiated);
  EXPECT_EQ(actions[0].status_raw, "Over due");
  EXPECT_EQ(actions[0].comment, "Waiting for the ministry.");
  EXPECT_EQ(actions[1].status, ActionStatus::kNotInitiated);
  EXPECT_EQ(actions[1].status_raw, "Overdue-Not Initiated");
  EXPECT_EQ(actions[2].status, ActionStatus::kCompleted);
  EXPECT_EQ(actions[2].status_raw, "completed");
  EXPECT_EQ(actions[2].comment, "Held in December.");
  EXPECT_EQ(actions[3].status, ActionStatus::kOngoing);
  EXPECT_EQ(actions[3].status_raw, "in progress");
  EXPECT_EQ(WarningTexts(e), (Units{
                                 "20 action 1.1: status label \"Over due\" read as \"Not Initiated\"",
                                 "21 action 1.2: status label \"Overdue-Not Initiated\" read as \"Not Initiated\"",
                                 "23 action 1.4: status label \"in progress\" read as \"Ongoing\"",
                             }));
}

TEST(GateVariationsTest, BlankCategoryIsInferredFromTheProse) {
  ParsedEvaluation e = Parse("blank-category.txt");
  ASSERT_EQ(e.recommendations.size(), 3u);
  const auto& r1 = e.recommendations[0].response;
  EXPECT_EQ(r1.category, "");
  EXPECT_EQ(r1.category_raw, "");
  EXPECT_EQ(r1.category_inferred, "Partially accepted");
  EXPECT_EQ(r1.organizational_priorities, Units{});
  const auto& r2 = e.recommendations[1];
  EXPECT_EQ(r2.response.category_inferred, "Rejected");
  EXPECT_TRUE(r2.actions.empty());
  const auto& r3 = e.recommendations[2].response;
  EXPECT_EQ(r3.category, "Partially accepted");
  EXPECT_EQ(r3.category_raw, "Partially Accepted");
  EXPECT_EQ(r3.category_inferred, "");
  EXPECT_EQ(WarningTexts(e),
            (Units{
                "13 recommendation 1: category blank; \"Partially accepted\" inferred from the response text: "
                "\"Accepted partially.\"",
                "21 recommendation 2: recommendation has no key actions",
                "23 recommendation 2: category blank; \"Rejected\" inferred from the response text: \"The "
                "recommendation is not accepted: the office already works from Astana.\"",
            }));
}

TEST(GateVariationsTest, FreeTextResponsiblesAreKeptAndReported) {
  ParsedEvaluation e = Parse("unmatched-responsible.txt");
  const auto& actions = e.recommendations.at(0).actions;
  ASSERT_EQ(actions.size(), 4u);
  EXPECT_EQ(actions[0].description, "Draft the by-law on shelters.");
  EXPECT_EQ(actions[0].responsible.text, "Ministry of Labour and Social Protection");
  EXPECT_EQ(actions[0].responsible.units, Units{});
  EXPECT_EQ(actions[0].responsible.unmatched, Units{"Ministry of Labour and Social Protection"});
  EXPECT_EQ(actions[0].responsible.match, "heuristic");
  EXPECT_EQ(actions[1].description, "Align the action plan.");
  EXPECT_EQ(actions[1].responsible.text, "Ministry of Justice and UN Women Kazakhstan CO");
  EXPECT_EQ(actions[1].responsible.units, Units{"kaz-co"});
  EXPECT_EQ(actions[1].responsible.unmatched, Units{"Ministry of Justice"});
  EXPECT_EQ(actions[1].responsible.match, "heuristic");
  EXPECT_EQ(actions[2].responsible.units, Units{"government"});
  EXPECT_EQ(actions[2].responsible.unmatched, Units{"Bureau of National Statistics"});
  EXPECT_EQ(actions[3].description, "update the website");
  EXPECT_EQ(actions[3].responsible.match, "none");
  EXPECT_EQ(actions[3].responsible.text, "");
  EXPECT_EQ(actions[3].deadline->raw, "2025/12");
  Units w = WarningTexts(e);
  ASSERT_EQ(w.size(), 7u);
  EXPECT_EQ(w[0], "20 action 1.1: responsible \"Ministry of Labour and Social Protection\" was found by the "
                  "capitalised-words heuristic (no unit alias ends the description); check the split");
  EXPECT_EQ(w[1], "20 action 1.1: responsible \"Ministry of Labour and Social Protection\" matches no unit of the "
                  "directory; kept as free text");
  EXPECT_EQ(w[6], "23 action 1.4: no responsible found");
}

}  // namespace
}  // namespace mrtrack::events::import
