// End to end: `mrtrack import --dry-run` on a temporary data directory prints
// the actions as read, one row each, with their source lines and how the
// responsible was matched, for a focal point to check against the page
// before anything is written.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"

namespace {

using mrtrack::cli_test::CliRun;
using Cells = std::vector<std::string>;

class CliImportTest : public mrtrack::cli_test::CliDataDirTest {
 protected:
  std::uint64_t EventsStored() {
    CliRun verified = Mrtrack("--json verify");
    EXPECT_EQ(verified.exit_code, 0) << verified.out;
    return nlohmann::json::parse(verified.out)["events_checked"].get<std::uint64_t>();
  }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The cells of a table line: the text between runs of two or more blanks.
Cells CellsOf(const std::string& line) {
  Cells out;
  std::size_t at = 0;
  while (at < line.size()) {
    std::size_t gap = line.find("  ", at);
    out.push_back(line.substr(at, gap == std::string::npos ? std::string::npos : gap - at));
    if (gap == std::string::npos) break;
    at = line.find_first_not_of(' ', gap);
  }
  return out;
}

TEST_F(CliImportTest, DryRunPrintsTheActionsAsATableAndWritesNothing) {
  CliRun dry = Mrtrack("import --dry-run " + Fixture("gate/table-cells.txt"));
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  std::vector<std::string> lines = Lines(dry.out);
  ASSERT_GE(lines.size(), 5u) << dry.out;
  EXPECT_EQ(lines[0].rfind("dry run: evaluation ev-", 0), 0u) << dry.out;
  EXPECT_NE(lines[0].find(": 1 recommendations, 3 key actions, 7 events to append"), std::string::npos) << dry.out;
  const std::vector<std::string> table(lines.begin() + 1, lines.begin() + 5);
  EXPECT_EQ(table, (std::vector<std::string>{
                       "ACTION  LINES  LABEL  DESCRIPTION                         RESPONSIBLE                     "
                       "UNITS          MATCH   DEADLINE  STATUS",
                       "r1-a1   20-25         Train the police academy trainers.  Ministry of Internal Affairs,…  "
                       "kaz-co         column  2025/05   Ongoing",
                       "r1-a2   26            Print the manuals.                  Programme Team                  "
                       "kaz-programme  column  2025/06   Completed",
                       "r1-a3   27-31         Evaluate the training.              UN Women Kazakhstan CO          "
                       "kaz-co         column  -         -",
                   }))
      << dry.out;
  // The changes, then every warning with its line.
  EXPECT_NE(dry.out.find("\n  KeyActionAdded ev-"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("\n  warning (line 27) action 1.3: no deadline\n"), std::string::npos) << dry.out;
  EXPECT_EQ(EventsStored(), 0u);

  // Written for real, the table is not printed; a second dry run has nothing to append.
  CliRun done = Mrtrack("import " + Fixture("gate/table-cells.txt"));
  ASSERT_EQ(done.exit_code, 0) << done.out;
  EXPECT_EQ(done.out.find("ACTION  LINES"), std::string::npos) << done.out;
  EXPECT_EQ(EventsStored(), 7u);
  CliRun again = Mrtrack("import --dry-run " + Fixture("gate/table-cells.txt"));
  EXPECT_NE(again.out.find("3 key actions, 0 events to append"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("\nr1-a3   27-31"), std::string::npos) << again.out;
}

TEST_F(CliImportTest, DryRunOfASpreadsheetShowsRowsLinesAndLabels) {
  CliRun dry = Mrtrack("import --dry-run " + Fixture("csv/partner-reporting.csv"));
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  std::vector<std::string> lines = Lines(dry.out);
  ASSERT_GE(lines.size(), 6u) << dry.out;
  EXPECT_EQ(CellsOf(lines[1]),
            (Cells{"ACTION", "LINES", "LABEL", "DESCRIPTION", "RESPONSIBLE", "UNITS", "MATCH", "DEADLINE", "STATUS"}));
  // Long texts are cut with "…" at the column's width; the label column shows number and scope.
  EXPECT_EQ(CellsOf(lines[2]), (Cells{"r1-a1", "2", "KAZ:", "Provide partners with documentation on …",
                                      "UN Women Kazakhstan CO", "kaz-co", "column", "2026/01", "Initiated"}));
  EXPECT_EQ(CellsOf(lines[3]), (Cells{"r1-a2", "3", "1.2", "Hold a reporting clinic for the partner…",
                                      "Programme Team, Ministry of F…", "kaz-programme", "column", "2026-03-31",
                                      "Not Initiated"}));
  // Row 4 of the sheet holds a line break, so row 5 starts on line 6; a cut status is shown as published.
  EXPECT_EQ(CellsOf(lines[4]), (Cells{"r1-a3", "6", "Review the partner reports every quarte…", "Government institutions",
                                      "government", "column", "-", "Compl"}));
  EXPECT_EQ(CellsOf(lines[5]), (Cells{"r2-a1", "4-5", "Present the results at the annual partn…", "ECARO", "ecaro",
                                      "column", "2026/11", "Ongoing"}));
  EXPECT_NE(dry.out.find("\n  warning (line 6) action 1.3 (row 5): status label \"Compl\" is no status"),
            std::string::npos)
      << dry.out;
  EXPECT_EQ(EventsStored(), 0u);
}

}  // namespace
