#include <gtest/gtest.h>

#include <sstream>

#include "projections/as_of.h"
#include "projections/audit_export.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using projections_test::At;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;
using projections_test::Tokyo;

TEST(CsvFieldTest, QuotesOnlyWhatRfc4180Requires) {
  EXPECT_EQ(CsvField("plain text"), "plain text");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField("Қазақстан; UN Women’s"), "Қазақстан; UN Women’s");  // UTF-8 passes through.
}

TEST(CsvFieldTest, TextFromOutsideCannotBeAFormula) {
  for (const std::string formula : {"=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"}) {
    EXPECT_EQ(CsvText(formula), "'" + formula) << formula;
  }
  EXPECT_EQ(CsvText("plain = text"), "plain = text");
  EXPECT_EQ(CsvText(""), "");
  EXPECT_EQ(CsvField(CsvText("=HYPERLINK(\"x\")")), "\"'=HYPERLINK(\"\"x\"\")\"");
}

class CsvExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Evaluation("ev1", "Umbrella, \"the\" project", "Kazakhstan CO");
    log_.Recommendation("ev1", 1, "Line one\nline two");
    log_.Response("ev1", 1, "Accepted", "ok");
    a_ = log_.Action("ev1", 1, 1, "Train, then \"report\"", {"kaz-co", "government"}, "2025/03", "Initiated",
                     {"Ministry"});
    log_.Flush();
    clock_.Set(At("2025-02-01T00:00:00Z"));
    log_.Comment(a_, "alice", "first");
    log_.Comment(a_, "bob", "second, last");
    log_.Flush();
  }

  TempDir dir_;
  ManualClock clock_{At("2025-01-10T09:00:00Z")};
  std::unique_ptr<events::EventStore> store_ = OpenStore(dir_.Sub("events"), clock_);
  TestLog log_{*store_, clock_};
  std::string a_;
};

TEST_F(CsvExportTest, KeyActionViewAsCsv) {
  auto snapshot = BuildSnapshot(*store_, AsOf::Head());
  ASSERT_OK(snapshot);
  std::ostringstream out;
  ASSERT_OK(ExportActionsCsv(snapshot->model, ActionQuery{}, QueryTime{At("2025-04-01T00:00:00Z"), &Tokyo()}, out));
  const std::string expected =
      "evaluation_id,evaluation_title,office,recommendation_id,recommendation_number,recommendation_text,"
      "response_category,action_id,label,scope,description,responsible_text,responsible_units,"
      "responsible_unmatched,deadline,deadline_raw,status,status_raw,overdue,days_overdue,comment_count,"
      "last_comment,last_comment_author,last_comment_at,created_at,updated_at,completed_at,version,"
      "last_position,as_of_position\r\n"
      "ev1,\"Umbrella, \"\"the\"\" project\",Kazakhstan CO,ev1-r1,1,\"Line one\nline two\",Accepted,ev1-r1-a1,1.1,,"
      "\"Train, then \"\"report\"\"\",\"kaz-co, government, Ministry\",kaz-co;government,Ministry,2025-03-31,"
      "2025/03,Initiated,Initiated,true,1,2,\"second, last\",bob,2025-02-01T00:00:00.000000Z,"
      "2025-01-10T09:00:00.000000Z,2025-02-01T00:00:00.000000Z,,3,6,6\r\n";
  EXPECT_EQ(out.str(), expected);
}

TEST_F(CsvExportTest, AFormulaInACommentIsExportedInert) {
  log_.Comment(a_, "mallory", "=HYPERLINK(\"x\")");
  log_.Flush();
  auto snapshot = BuildSnapshot(*store_, AsOf::Head());
  ASSERT_OK(snapshot);
  std::ostringstream out;
  ASSERT_OK(ExportActionsCsv(snapshot->model, ActionQuery{}, QueryTime{At("2025-04-01T00:00:00Z"), &Tokyo()}, out));
  // last_comment, then its author and time; numbers and dates stay as they are.
  EXPECT_NE(out.str().find(",3,\"'=HYPERLINK(\"\"x\"\")\",mallory,"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(",2025-03-31,2025/03,"), std::string::npos) << out.str();
}

TEST_F(CsvExportTest, EventsAsCsv) {
  std::ostringstream out;
  auto summary = ExportEventsCsv(*store_, ExportRange{5, 5}, out);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->events, 1u);
  auto fifth = store_->ReadAll(5, 1);
  ASSERT_OK(fifth);
  auto fourth = store_->ReadAll(4, 1);
  ASSERT_OK(fourth);
  const std::string expected =
      "position,recorded_at,stream,version,type,actor,event_id,correlation_id,causation_id,data,prev_hash,hash\r\n"
      "5,2025-02-01T00:00:00.000000Z,action-ev1-r1-a1,2,KeyActionCommentAdded,tester," +
      fifth->front().event_id + "," + fifth->front().correlation_id +
      ",,\"{\"\"action_id\"\":\"\"ev1-r1-a1\"\",\"\"author\"\":\"\"alice\"\",\"\"comment_id\"\":\"\"c1\"\","
      "\"\"text\"\":\"\"first\"\"}\"," +
      HexEncode(fourth->front().chain_hash) + "," + HexEncode(fifth->front().chain_hash) + "\r\n";
  EXPECT_EQ(out.str(), expected);
}

}  // namespace
}  // namespace mrtrack::projections
