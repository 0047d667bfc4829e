// The sync through the other renderings: spreadsheets, supplied header
// fields, and the report's per-action lines and match methods.
#include <gtest/gtest.h>

#include "events/domain/ids.h"
#include "events/domain/loading.h"
#include "events/import/csv_format.h"
#include "events/import/gate_parser.h"
#include "events/import/import.h"
#include "tests/events/import/sync_fixture.h"

namespace mrtrack::events::import {
namespace {

using testing::ExampleConfig;
using testing::ReadFixture;
using testing::SeedText;
using testing::SyncTest;

ImportOptions DryRun() {
  ImportOptions o;
  o.dry_run = true;
  return o;
}

TEST_F(SyncTest, SpreadsheetOfTheSeedAppendsNothingAfterTheText) {
  ImportReport first = ImportOk(SeedText());
  auto parsed = ParseGateText(SeedText(), ExampleConfig());
  ASSERT_TRUE(parsed.ok());
  ImportReport csv = ImportOk(EvaluationToCsv(*parsed), {}, ImportFormat::kCsv);
  EXPECT_EQ(csv.evaluation_id, first.evaluation_id);
  EXPECT_EQ(csv.key_actions, 23u);
  EXPECT_EQ(csv.events_appended, 0u) << ::testing::PrintToString(csv.changes);
  EXPECT_EQ(store_->HeadPosition(), 51u);
}

TEST_F(SyncTest, SpreadsheetImportIsOneAppendAndIdempotent) {
  std::string csv = ReadFixture("csv/partner-reporting.csv");
  ImportReport first = ImportOk(csv, {}, ImportFormat::kCsv);
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.key_actions, 4u);
  // Registered, 2 x (recommendation + response), 4 actions, 2 published comments.
  EXPECT_EQ(first.events_appended, 11u);
  EXPECT_EQ(first.first_position, 1u);
  EXPECT_EQ(first.last_position, 11u);
  ImportReport again = ImportOk(csv, {}, ImportFormat::kCsv);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.events_appended, 0u) << ::testing::PrintToString(again.changes);
  // A changed status in the spreadsheet: exactly that change.
  std::string changed = csv;
  changed.replace(changed.find(";Initiated;"), 11, ";Completed;");
  ImportReport third = ImportOk(changed, {}, ImportFormat::kCsv);
  EXPECT_EQ(third.events_appended, 1u);
  EXPECT_EQ(third.events_by_type["KeyActionStatusChanged"], 1u);
}

TEST_F(SyncTest, SpreadsheetErrorNamesRowAndColumnAndWritesNothing) {
  std::string csv = ReadFixture("csv/partner-reporting.csv");
  csv.replace(csv.find("2026/11"), 7, "2026/13");
  auto r = Import(csv, {}, ImportFormat::kCsv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "row 4, column 9 (deadline)");
  EXPECT_EQ(store_->HeadPosition(), 0u);
}

TEST_F(SyncTest, OptionsSupplyWhatTheDocumentDoesNotState) {
  std::string csv = "Recommendation,Key Action,Responsible\r\nDo it.,Train the staff.,UN Women Kazakhstan CO\r\n";
  auto without = Import(csv, {}, ImportFormat::kCsv);
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.status().message(), "the evaluation has no title: the document states none; give one with --title");
  ImportOptions options;
  options.title = "Evaluation of the Staff Training";
  options.office = "Kazakhstan";
  options.plan_period = "2026 - 2027";
  ImportReport report = ImportOk(csv, options, ImportFormat::kCsv);
  EXPECT_EQ(report.key_actions, 1u);
  EXPECT_EQ(LoadEvaluation(*store_, report.evaluation_id)->office, "Kazakhstan");
}

TEST_F(SyncTest, ReportShowsTheLinesAndTheMatchOfEveryAction) {
  ImportReport report = ImportOk(ReadFixture("gate/multiline-comments.txt"), DryRun());
  nlohmann::json j = ImportReportToJson(report);
  ASSERT_EQ(j["actions"].size(), 2u);
  EXPECT_EQ(j["actions"][0]["lines"], nlohmann::json({20, 22}));  // the comment goes on over two lines
  EXPECT_EQ(j["actions"][0]["match"], "alias");
  EXPECT_EQ(j["actions"][0]["units"], nlohmann::json({"kaz-co"}));
  EXPECT_EQ(j["actions"][0]["deadline"], "2025/06");
  EXPECT_EQ(j["actions"][0]["status"], "Ongoing");
  EXPECT_EQ(j["actions"][1]["lines"], nlohmann::json({23, 23}));
  EXPECT_EQ(j["actions"][1]["description"], "Publish the scoping study.");
}

TEST_F(SyncTest, ActionsPublishedAsCompletedHaveNoCompletionDate) {
  std::string text = ReadFixture("gate/table-cells.txt");
  ImportReport first = ImportOk(text);
  auto printed = LoadKeyAction(*store_, ActionId(first.evaluation_id, 1, 2));
  ASSERT_TRUE(printed.ok());
  EXPECT_EQ(printed->status, ActionStatus::kCompleted);
  EXPECT_FALSE(printed->completed_at.has_value());  // not the import's time: the page does not say when
  // Published as Completed in a later rendering: the same.
  text.replace(text.find("2025/05 |\nOngoing"), 17, "2025/05 |\nCompleted");
  ImportReport second = ImportOk(text);
  EXPECT_EQ(second.events_by_type["KeyActionStatusChanged"], 1u);
  auto trained = LoadKeyAction(*store_, ActionId(first.evaluation_id, 1, 1));
  EXPECT_EQ(trained->status, ActionStatus::kCompleted);
  EXPECT_FALSE(trained->completed_at.has_value());
}

TEST_F(SyncTest, SameEvaluationFromAnotherHostIsPointedOut) {
  std::string text = ReadFixture("gate/table-cells.txt");
  ImportReport first = ImportOk(text);
  std::string other = text;
  other.replace(other.find(": Kazakhstan\n"), 13, ": Europe and Central Asia\n");
  ImportReport second = ImportOk(other, DryRun());
  EXPECT_NE(second.evaluation_id, first.evaluation_id);
  ASSERT_FALSE(second.warnings.empty());
  EXPECT_EQ(second.warnings.back(),
            (ImportWarning{0, "evaluation " + second.evaluation_id,
                           "an evaluation with the same title and period exists: " + first.evaluation_id +
                               " (office \"Kazakhstan\"); to record this rendering into it instead of a new "
                               "evaluation, import with --evaluation-id " + first.evaluation_id}));
  ImportOptions into;
  into.evaluation_id = first.evaluation_id;
  ImportReport merged = ImportOk(other, into);
  EXPECT_FALSE(merged.created);
  EXPECT_EQ(merged.events_by_type["EvaluationUpdated"], 1u);  // the office, from one host's to the other's
}

}  // namespace
}  // namespace mrtrack::events::import
