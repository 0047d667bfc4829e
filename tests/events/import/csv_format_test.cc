// Spreadsheets saved as CSV (tests/fixtures/csv/): columns by header, rows
// grouped into recommendations, errors naming row and column.
#include "events/import/csv_format.h"

#include <gtest/gtest.h>

#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using testing::ExampleConfig;
using testing::ReadFixture;
using testing::WarningTexts;
using Texts = std::vector<std::string>;

TEST(CsvFormatTest, SpreadsheetWithSemicolonsBomAndMergedCells) {
  auto parsed = ParseEvaluationCsv(ReadFixture("csv/partner-reporting.csv"), ExampleConfig());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const ParsedEvaluation& e = *parsed;
  EXPECT_EQ(e.source_format, "csv");
  EXPECT_EQ(e.title, "Evaluation of the Partner Reporting Project");
  EXPECT_EQ(e.office, "Kazakhstan");
  EXPECT_EQ(e.plan_period, "2026 - 2027");
  ASSERT_EQ(e.recommendations.size(), 2u);
  const ParsedRecommendation& r1 = e.recommendations[0];
  EXPECT_EQ(r1.text, "Strengthen the reporting of implementing partners.");
  EXPECT_EQ(r1.response.text, "UN Women agrees with this recommendation.");
  EXPECT_EQ(r1.response.category, "");
  EXPECT_EQ(r1.response.category_inferred, "Accepted");
  EXPECT_EQ(r1.category_sentence, "UN Women agrees with this recommendation.");
  ASSERT_EQ(r1.actions.size(), 3u);  // rows 2, 3 (merged cells) and 5 (same recommendation text)
  EXPECT_EQ(r1.actions[0].line, 2);
  EXPECT_EQ(r1.actions[0].scope, "KAZ");
  EXPECT_EQ(r1.actions[0].description, "Provide partners with documentation on reporting expectations and procedures.");
  EXPECT_EQ(r1.actions[0].responsible.units, Texts{"kaz-co"});
  EXPECT_EQ(r1.actions[0].responsible.match, "column");
  EXPECT_EQ(r1.actions[0].deadline->raw, "2026/01");
  EXPECT_EQ(r1.actions[0].status, ActionStatus::kInitiated);
  EXPECT_EQ(r1.actions[0].comment, "Draft guidance shared with two ministries; the third follows.");
  EXPECT_EQ(r1.actions[1].line, 3);
  EXPECT_EQ(r1.actions[1].label, "1.2");
  EXPECT_EQ(r1.actions[1].description, "Hold a reporting clinic for the partners.");
  EXPECT_EQ(r1.actions[1].responsible.text, "Programme Team, Ministry of Finance");
  EXPECT_EQ(r1.actions[1].responsible.units, Texts{"kaz-programme"});
  EXPECT_EQ(r1.actions[1].responsible.unmatched, Texts{"Ministry of Finance"});
  EXPECT_EQ(r1.actions[1].deadline->raw, "2026-03-31");
  EXPECT_EQ(r1.actions[1].status, ActionStatus::kNotInitiated);
  EXPECT_EQ(r1.actions[1].comment, "");
  EXPECT_EQ(r1.actions[2].line, 6);  // row 5 starts on line 6: row 4 holds a line break
  EXPECT_EQ(r1.actions[2].description, "Review the partner reports every quarter.");
  EXPECT_EQ(r1.actions[2].responsible.units, Texts{"government"});
  EXPECT_FALSE(r1.actions[2].deadline.has_value());
  EXPECT_FALSE(r1.actions[2].status.has_value());
  EXPECT_EQ(r1.actions[2].status_raw, "Compl");
  const ParsedRecommendation& r2 = e.recommendations[1];
  EXPECT_EQ(r2.response.category_inferred, "Partially accepted");
  ASSERT_EQ(r2.actions.size(), 1u);
  EXPECT_EQ(r2.actions[0].responsible.units, Texts{"ecaro"});
  EXPECT_EQ(r2.actions[0].status, ActionStatus::kOngoing);
  EXPECT_EQ(r2.actions[0].comment, "First forum held.\nSecond forum planned.");
  EXPECT_EQ(r2.actions[0].line, 4);
  EXPECT_EQ(r2.actions[0].last_line, 5);  // the quoted comment goes on over line 5
  EXPECT_EQ(r1.actions[2].last_line, 6);
  EXPECT_EQ(WarningTexts(e),
            (Texts{"1 row 1, column 12: column \"Owner's note\" is not used (map it with --map \"Owner's note=FIELD\" "
                   "if it holds one of evaluation, recommendation, response, category, key_action, responsible, "
                   "deadline, status, comment, office, period, region, thematic_areas, operating_principles, "
                   "organizational_priorities, uneg_criteria)",
                   "2 recommendation 1: category blank; \"Accepted\" inferred from the response text: \"UN Women "
                   "agrees with this recommendation.\"",
                   "3 action 1.2 (row 3): responsible \"Ministry of Finance\" matches no unit of the directory; kept "
                   "as free text",
                   "4 recommendation 2: category blank; \"Partially accepted\" inferred from the response text: "
                   "\"Accepted partially.\"",
                   "6 action 1.3 (row 5): no deadline",
                   "6 action 1.3 (row 5): status label \"Compl\" is no status (unknown or cut); kept as published, "
                   "status not set (expected Not Initiated, Initiated, Ongoing, Completed, No Longer Applicable or a "
                   "legacy label such as \"Over due\")"}));
}

TEST(CsvFormatTest, ColumnMapNamesOtherHeaders) {
  std::string csv =
      "Evaluation,Office,Rec,Action,Who,Due by\r\n"
      "Evaluation of X,Kazakhstan,Do it.,Train staff.,UN Women Kazakhstan CO,2026/02\r\n";
  auto parsed = ParseEvaluationCsv(csv, ExampleConfig(),
                                   {{"rec", "recommendation"}, {"Action", "key_action"}, {"WHO", "responsible"},
                                    {"Due by", "deadline"}});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const ParsedKeyAction& a = parsed->recommendations.at(0).actions.at(0);
  EXPECT_EQ(parsed->recommendations[0].text, "Do it.");
  EXPECT_EQ(a.description, "Train staff.");
  EXPECT_EQ(a.responsible.units, Texts{"kaz-co"});
  EXPECT_EQ(a.deadline->raw, "2026/02");
}

TEST(CsvFormatTest, ErrorsNameRowAndColumn) {
  struct Case {
    std::string csv;
    CsvColumnMap map;
    std::string field, message;
  };
  const std::string header = "Evaluation,Recommendation,Key Action,Deadline\r\n";
  for (const Case& c : {
           Case{"Evaluation,Key Action\r\nX,Y\r\n", {}, "row 1, column 1",
                "the header has no recommendation column (expected a column named like \"recommendation\", or --map "
                "COLUMN=recommendation)"},
           Case{header + "X,Do it.,Train.,2026/13\r\n", {}, "row 2, column 4 (deadline)",
                "impossible deadline: '2026/13' is not a deadline: month 13 is not 1-12 (line 2)"},
           Case{header + "X,Do it.,Train.,\r\nY,Do it.,Test.,\r\n", {}, "row 3, column 1 (evaluation)",
                "a second evaluation \"Y\" (this spreadsheet holds \"X\", row 2, column 1 (evaluation)); import one "
                "evaluation per file"},
           Case{header + "X,,Train.,2026/01\r\n", {}, "row 2, column 2 (recommendation)",
                "key action without recommendation: the recommendation cell is empty and no row above gives one "
                "(line 2)"},
           Case{header + "X,Do it.,Train.,2026/01\r\n", {{"Deadline", "due"}}, "map",
                "--map Deadline=due: no such field (expected one of evaluation, recommendation, response, category, "
                "key_action, responsible, deadline, status, comment, office, period, region, thematic_areas, "
                "operating_principles, organizational_priorities, uneg_criteria)"},
           Case{"", {}, "row 1, column 1", "the spreadsheet is empty"},
       }) {
    auto parsed = ParseEvaluationCsv(c.csv, ExampleConfig(), c.map);
    ASSERT_FALSE(parsed.ok()) << c.csv;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().field(), c.field) << c.csv;
    EXPECT_EQ(parsed.status().message(), c.message) << c.csv;
  }
}

TEST(CsvFormatTest, WrittenAndReadBackGivesTheSameValues) {
  auto first = ParseEvaluationCsv(ReadFixture("csv/partner-reporting.csv"), ExampleConfig());
  ASSERT_TRUE(first.ok());
  auto again = ParseEvaluationCsv(EvaluationToCsv(*first), ExampleConfig());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->recommendations.size(), first->recommendations.size());
  for (std::size_t r = 0; r < first->recommendations.size(); ++r) {
    const auto& x = first->recommendations[r];
    const auto& y = again->recommendations[r];
    EXPECT_EQ(x.text, y.text);
    EXPECT_EQ(x.response, y.response);
    ASSERT_EQ(x.actions.size(), y.actions.size());
    for (std::size_t a = 0; a < x.actions.size(); ++a) {
      EXPECT_EQ(x.actions[a].description, y.actions[a].description);
      EXPECT_EQ(x.actions[a].label, y.actions[a].label);
      EXPECT_EQ(x.actions[a].scope, y.actions[a].scope);
      EXPECT_EQ(x.actions[a].responsible, y.actions[a].responsible);
      EXPECT_EQ(x.actions[a].status_raw, y.actions[a].status_raw);
      EXPECT_EQ(x.actions[a].comment, y.actions[a].comment);
    }
  }
}

}  // namespace
}  // namespace mrtrack::events::import
