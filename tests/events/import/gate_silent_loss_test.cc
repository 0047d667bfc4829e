// The renderings where actions used to be lost or attached to the wrong
// action without a word: tables whose rows do not begin with "| ", lines
// with the shape of an action, unknown or cut status labels, documents that
// end inside a key action. Each fixture in tests/fixtures/gate/ is checked
// field by field, warnings with their lines.
#include <gtest/gtest.h>

#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using Texts = std::vector<std::string>;

using testing::WarningTexts;

ParsedEvaluation Parse(const std::string& fixture) { return testing::ParseGateFixture(fixture); }

std::string Raw(const std::optional<Deadline>& d) { return d ? d->raw : "-"; }
std::string Label(const std::optional<ActionStatus>& s) { return s ? StatusLabel(*s) : "-"; }

constexpr char kUnknownStatus[] =
    "\" is no status (unknown or cut); kept as published, status not set (expected Not Initiated, Initiated, "
    "Ongoing, Completed, No Longer Applicable or a legacy label such as \"Over due\")";
constexpr char kEndsInside[] =
    "the text ends inside a key action; the fragment is kept as this action: check it against the source";

TEST(GateSilentLossTest, TableCellsWithoutRowMarks) {
  ParsedEvaluation e = Parse("table-cells-without-row-marks.txt");
  ASSERT_EQ(e.recommendations.size(), 2u);
  EXPECT_EQ(e.recommendations[0].response.text, "Accepted.");  // the table is not in the response text
  const auto& a = e.recommendations[0].actions;
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].line, 24);
  EXPECT_EQ(a[0].scope, "KAZ");
  EXPECT_EQ(a[0].label, "");
  EXPECT_EQ(a[0].description,
            "UN Women will provide to partners detailed documentation outlining reporting expectations and "
            "procedures.");
  EXPECT_EQ(a[0].responsible.text, "UN Women Kazakhstan CO");
  EXPECT_EQ(a[0].responsible.units, Texts{"kaz-co"});
  EXPECT_EQ(a[0].responsible.match, "column");
  EXPECT_EQ(Raw(a[0].deadline), "2026/01");
  EXPECT_EQ(Label(a[0].status), "Initiated");
  EXPECT_EQ(a[0].comment, "Draft guidance shared with two ministries.");

  EXPECT_EQ(a[1].line, 32);
  EXPECT_EQ(a[1].label, "1.2");
  EXPECT_EQ(a[1].description, "Hold a reporting clinic for the partners of the Tied Grant.");
  EXPECT_EQ(a[1].responsible.units, Texts{"kaz-programme"});
  EXPECT_EQ(Raw(a[1].deadline), "2026/03");
  EXPECT_EQ(Label(a[1].status), "Not Initiated");
  EXPECT_EQ(a[1].comment, "");

  EXPECT_EQ(a[2].line, 37);  // a row without deadline and status cells
  EXPECT_EQ(a[2].description, "Review the partner reports every quarter.");
  EXPECT_EQ(a[2].responsible.units, Texts{"government"});
  EXPECT_EQ(Raw(a[2].deadline), "-");
  EXPECT_EQ(Label(a[2].status), "-");
  EXPECT_EQ(a[2].comment, "Reports are read by the steering committee.\nThe first review took place in March.");

  EXPECT_EQ(a[3].line, 41);
  EXPECT_EQ(a[3].description, "Publish a summary of the partner reports.");
  EXPECT_EQ(a[3].responsible.units, Texts{"kaz-co"});
  EXPECT_EQ(Raw(a[3].deadline), "2026/06");
  EXPECT_EQ(Label(a[3].status), "-");
  EXPECT_EQ(a[3].comment, "");

  const auto& b = e.recommendations[1].actions;
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].line, 59);
  EXPECT_EQ(b[0].scope, "Global");
  EXPECT_EQ(b[0].description, "Present the results at the annual partners forum.");
  EXPECT_EQ(b[0].responsible.units, Texts{"ecaro"});
  EXPECT_EQ(Raw(b[0].deadline), "2026/11");
  EXPECT_EQ(Label(b[0].status), "Ongoing");
  EXPECT_EQ(b[0].comment, "");

  EXPECT_EQ(WarningTexts(e),
            (Texts{"37 action 1.3: no deadline", "37 action 1.3: no status; a new action starts as Not Initiated",
                   "39 action 1.3: row has no deadline or status cell; \"Reports are read by the steering "
                   "committee.\" read as its comment (check the table)",
                   "41 action 1.4: no status; a new action starts as Not Initiated",
                   "48 recommendation 2: category blank; \"Partially accepted\" inferred from the response text: "
                   "\"Accepted partially.\""}));
}

TEST(GateSilentLossTest, LinesWithTheShapeOfAnActionAreActions) {
  ParsedEvaluation e = Parse("action-shaped-lines.txt");
  const auto& a = e.recommendations.at(0).actions;
  ASSERT_EQ(a.size(), 8u);
  EXPECT_EQ(a[0].description, "Develop a strategic framework for output approvals.");
  EXPECT_EQ(a[0].responsible.units, Texts{"kaz-co"});
  EXPECT_EQ(a[0].comment, "");

  EXPECT_EQ(a[1].line, 21);  // unknown responsible, unknown status: an action, not a comment of the first
  EXPECT_EQ(a[1].description, "Work closely with partners on realistic deadlines.");
  EXPECT_EQ(a[1].responsible.text, "UN Women Almaty Liaison Office");
  EXPECT_EQ(a[1].responsible.match, "heuristic");
  EXPECT_EQ(a[1].responsible.unmatched, Texts{"UN Women Almaty Liaison Office"});
  EXPECT_EQ(Raw(a[1].deadline), "2026/01");
  EXPECT_EQ(Label(a[1].status), "-");
  EXPECT_EQ(a[1].status_raw, "Pending");

  EXPECT_EQ(a[2].line, 22);  // numbered, nothing else
  EXPECT_EQ(a[2].label, "1.3");
  EXPECT_EQ(a[2].description, "Agree the approval calendar with the ministries");
  EXPECT_EQ(a[2].responsible.match, "none");

  EXPECT_EQ(a[3].line, 23);  // scoped, nothing else
  EXPECT_EQ(a[3].scope, "KAZ");
  EXPECT_EQ(a[3].description, "Publish the approval calendar on the partner portal");

  EXPECT_EQ(a[4].description, "Train the approvers.");
  EXPECT_EQ(a[4].comment, "First group trained in February.\nThe second group starts in May.");

  EXPECT_EQ(a[5].line, 26);  // a capitalised status ends the line, no deadline, unknown responsible
  EXPECT_EQ(a[5].description, "Keep a register of approvals.");
  EXPECT_EQ(a[5].responsible.text, "Ministry of Finance");
  EXPECT_EQ(Label(a[5].status), "Ongoing");
  EXPECT_EQ(Raw(a[5].deadline), "-");

  EXPECT_EQ(a[6].description, "Report on approval times to the steering committee.");
  EXPECT_EQ(a[6].comment, "");
  EXPECT_EQ(a[7].line, 28);  // after an action without comment: its own action, with a warning
  EXPECT_EQ(a[7].description, "Share the register with the steering committee") << a[7].responsible.text << "/" << a[7].responsible.match << "/" << a[7].status_raw;

  Texts w = WarningTexts(e);
  auto has = [&](const std::string& text) { return std::find(w.begin(), w.end(), text) != w.end(); };
  EXPECT_TRUE(has(std::string("21 action 1.2: status label \"Pending") + kUnknownStatus));
  EXPECT_TRUE(has("21 action 1.2: responsible \"UN Women Almaty Liaison Office\" matches no unit of the directory; "
                  "kept as free text"));
  EXPECT_TRUE(has("22 action 1.3: no responsible found"));
  EXPECT_TRUE(has("25 action 1.5: comment continues on line 25 (no deadline, status or responsible there); joined"));
  EXPECT_TRUE(has("28 action 1.8: line has no deadline, status, known responsible or number, and the action above "
                  "has no comment it could continue: read as a key action of its own"));
}

TEST(GateSilentLossTest, UnknownStatusOnALineIsKeptRaw) {
  ParsedEvaluation e = Parse("unknown-status-line.txt");
  const auto& a = e.recommendations.at(0).actions.at(0);
  EXPECT_EQ(a.line, 20);
  EXPECT_EQ(a.responsible.units, Texts{"kaz-co"});
  EXPECT_EQ(Raw(a.deadline), "2025/03");
  EXPECT_FALSE(a.status.has_value());
  EXPECT_EQ(a.status_raw, "Pending");
  EXPECT_EQ(a.comment, "review by the ministry");
  EXPECT_EQ(WarningTexts(e), Texts{std::string("20 action 1.1: status label \"Pending") + kUnknownStatus});
}

TEST(GateSilentLossTest, UnknownStatusCellIsKeptRaw) {
  ParsedEvaluation e = Parse("unknown-status-cell.txt");
  const auto& a = e.recommendations.at(0).actions.at(0);
  EXPECT_EQ(a.description, "Check the table.");
  EXPECT_FALSE(a.status.has_value());
  EXPECT_EQ(a.status_raw, "Waiting");
  EXPECT_EQ(WarningTexts(e), Texts{std::string("20 action 1.1: status label \"Waiting") + kUnknownStatus});
}

TEST(GateSilentLossTest, TableThatEndsInsideAKeyAction) {
  ParsedEvaluation e = Parse("ends-inside-table.txt");
  const auto& a = e.recommendations.at(0).actions;
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].status_raw, "Compl");
  EXPECT_FALSE(a[0].status.has_value());
  EXPECT_EQ(a[1].line, 21);
  EXPECT_EQ(a[1].description, "Publish a summary of the partner reports.");
  EXPECT_EQ(Raw(a[1].deadline), "2026/06");
  EXPECT_EQ(a[1].status_raw, "Ongo");
  EXPECT_EQ(a[1].comment, "");
  EXPECT_EQ(WarningTexts(e), (Texts{std::string("20 action 1.1: status label \"Compl") + kUnknownStatus,
                                    std::string("21 action 1.2: status label \"Ongo") + kUnknownStatus,
                                    std::string("21 action 1.2: ") + kEndsInside}));
}

TEST(GateSilentLossTest, LineThatEndsInsideAKeyAction) {
  ParsedEvaluation e = Parse("ends-inside-line.txt");
  const auto& a = e.recommendations.at(0).actions;
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1].line, 21);
  EXPECT_EQ(a[1].responsible.units, Texts{"kaz-programme"});
  EXPECT_EQ(a[1].status_raw, "Compl");
  EXPECT_EQ(a[0].comment, "");
  EXPECT_EQ(WarningTexts(e), (Texts{std::string("21 action 1.2: status label \"Compl") + kUnknownStatus,
                                    std::string("21 action 1.2: ") + kEndsInside}));
}

}  // namespace
}  // namespace mrtrack::events::import
