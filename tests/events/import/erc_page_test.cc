// A management response as UNDP's Evaluation Resource Centre publishes it
// (tests/fixtures/gate/erc-page.txt): labelled header fields, responses and
// key actions stamped "[Added: ...] [Last Updated: ...]", a Documents column,
// ERC statuses. Checked field by field.
#include <gtest/gtest.h>

#include "events/import/gate_parser.h"
#include "events/import/source_stamps.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using Texts = std::vector<std::string>;

TEST(SourceStampsTest, TakenFromTheTextAndKept) {
  std::string text = "Develop plans. [Added: 2025/07/01] [Last Updated: 2025/09/15] Government";
  SourceStamps s = TakeSourceStamps(text);
  EXPECT_EQ(text, "Develop plans. Government");
  EXPECT_EQ(s.added, "2025/07/01");
  EXPECT_EQ(s.last_updated, "2025/09/15");
  std::string plain = "Nothing [here] to take.";
  EXPECT_TRUE(TakeSourceStamps(plain).empty());
  EXPECT_EQ(plain, "Nothing [here] to take.");
}

TEST(SourceStampsTest, ALineOfStampsAloneGoesAndOtherLinesStay) {
  std::string text = "[added : 2025/07/01] [Last Updated: 2025/09/15]\nUNDP agrees.\n\nSecond paragraph.";
  SourceStamps s = TakeSourceStamps(text);
  EXPECT_EQ(text, "UNDP agrees.\n\nSecond paragraph.");
  EXPECT_EQ(s, (SourceStamps{"2025/07/01", "2025/09/15"}));
  std::string unclosed = "Text [Added: 2025/07/01";
  EXPECT_TRUE(TakeSourceStamps(unclosed).empty());
  EXPECT_EQ(unclosed, "Text [Added: 2025/07/01");
}

TEST(ErcPageTest, EveryField) {
  const ParsedEvaluation e = testing::ParseGateFixture("erc-page.txt");
  EXPECT_EQ(testing::HeaderOf(e),
            (testing::Header{.title = "Final Evaluation of the Local Governance and Gender Equality Programme",
                             .office = "UNDP Kazakhstan",
                             .plan_period = "2021 - 2025",
                             .overall_response = "UNDP welcomes the evaluation and will act on its "
                                                 "recommendations."}));
  EXPECT_EQ(e.source_fields, (std::map<std::string, std::string>{{"completion_date", "2025/06/30"},
                                                                 {"evaluation_type", "Project"},
                                                                 {"unit_responsible", "UNDP Kazakhstan"}}));
  ASSERT_EQ(e.recommendations.size(), 2u);
  const ParsedRecommendation& r1 = e.recommendations[0];
  EXPECT_EQ(r1.text, "Strengthen the planning capacities of the local administrations.");
  EXPECT_EQ(r1.response.text, "UNDP agrees with this recommendation and will support the local administrations.");
  EXPECT_EQ(r1.response.category_inferred, "Accepted");
  EXPECT_EQ(r1.response_stamps.added, "2025/07/01");
  EXPECT_EQ(r1.response_stamps.last_updated, "2025/09/15");
  ASSERT_EQ(r1.actions.size(), 2u);
  const ParsedKeyAction& a = r1.actions[0];
  EXPECT_EQ(a.line, 19);
  EXPECT_EQ(a.last_line, 23);
  EXPECT_EQ(a.label, "1.1");
  EXPECT_EQ(a.description, "Develop local development plans with two pilot districts.");
  EXPECT_EQ(a.stamps.added, "2025/07/01");
  EXPECT_EQ(a.stamps.last_updated, "2025/09/15");
  EXPECT_EQ(a.responsible.units, Texts{"government"});
  EXPECT_EQ(a.deadline->raw, "2025/12");
  EXPECT_EQ(a.status, ActionStatus::kCompleted);
  EXPECT_EQ(a.comment, "Plans adopted by both district councils.");
  const ParsedKeyAction& b = r1.actions[1];
  EXPECT_EQ(b.label, "1.2");
  EXPECT_EQ(b.description, "Train the planning staff of the districts.");
  EXPECT_EQ(b.stamps.last_updated, "2025/07/01");
  EXPECT_FALSE(b.deadline.has_value());
  EXPECT_FALSE(b.status.has_value());
  EXPECT_EQ(b.status_raw, "No due date");
  EXPECT_EQ(b.documents, "Training plan.pdf");
  EXPECT_EQ(a.documents, "");
  EXPECT_EQ(e.recommendations[1].response_stamps, (SourceStamps{"2025/07/01", "2025/07/01"}));
  const ParsedKeyAction& c = e.recommendations[1].actions.at(0);
  EXPECT_EQ(c.stamps, (SourceStamps{"2025/07/01", "2025/08/20"}));
  EXPECT_EQ(c.description, "Publish the final report on the programme website.");
  EXPECT_EQ(c.responsible.units, Texts{"ecaro"});
  EXPECT_EQ(c.status, ActionStatus::kNotInitiated);  // "Overdue" is derived: only "not finished"
  EXPECT_EQ(c.status_raw, "Overdue");
  EXPECT_EQ(testing::WarningTexts(e),
            (Texts{"9 recommendation 1: category blank; \"Accepted\" inferred from the response text: \"UNDP agrees "
                   "with this recommendation and will support the local administrations.\"",
                   "25 action 1.2: no deadline",
                   "25 action 1.2: status label \"No due date\" says only that the action has no deadline; kept "
                   "as published, status not set",
                   "30 action 1.2: documents \"Training plan.pdf\" kept as their names only (the page does not "
                   "carry the files); attach the files as evidence",
                   "31 recommendation 2: category blank; \"Partially accepted\" inferred from the response text: "
                   "\"Accepted partially.\"",
                   "41 action 2.1: status label \"Overdue\" read as \"Not Initiated\""}));
}


TEST(ErcPageTest, TitleLineAndResponsibleUnitFillWhatTheLabelsLack) {
  auto parsed = ParseGateText(
      "Evaluation of the Youth Employment Project\nEvaluation Plan: 2022 - 2026 , UNDP Kyrgyzstan (CO)\n"
      "evaluation type: Outcome\nUnit Responsible for providing Management Response: UNDP Kyrgyzstan\n"
      "Recommendation 1: Extend the project.\nManagement Response: UNDP agrees. [Added: 2024/02/01]\n"
      "Key Actions\nKey Action |\nResponsible |\nDueDate |\nStatus |\nComments |\nDocuments |\n"
      "Extend the project to two regions. [Added: 2024/02/01] |\nUN Women Kazakhstan CO |\n2026/06 |\n"
      "Initiated |\n|\n|\n",
      testing::ExampleConfig());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(testing::HeaderOf(*parsed), (testing::Header{.title = "Evaluation of the Youth Employment Project",
                                                         .office = "UNDP Kyrgyzstan",
                                                         .plan_period = "2022 - 2026",
                                                         .office_type = "CO"}));
  EXPECT_EQ(parsed->source_fields, (std::map<std::string, std::string>{{"evaluation_type", "Outcome"},
                                                                      {"unit_responsible", "UNDP Kyrgyzstan"}}));
  EXPECT_EQ(testing::WarningTexts(*parsed, "header"),
            (Texts{"1: no 'Evaluation Title:' line; the title is read from this line"}));
  const ParsedRecommendation& r = parsed->recommendations.at(0);
  EXPECT_EQ(r.response.text, "UNDP agrees.");
  EXPECT_EQ(r.response_stamps, (SourceStamps{"2024/02/01", ""}));
  ASSERT_EQ(r.actions.size(), 1u);
  EXPECT_EQ(r.actions[0].description, "Extend the project to two regions.");
  EXPECT_EQ(r.actions[0].stamps, (SourceStamps{"2024/02/01", ""}));
  EXPECT_EQ(r.actions[0].status, ActionStatus::kInitiated);
}

}  // namespace
}  // namespace mrtrack::events::import
