#include "projections/offline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "projections/projections.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using projections_test::At;
using projections_test::OpenStore;
using projections_test::ReadViewsDb;
using projections_test::TempDir;
using projections_test::TestLog;
using projections_test::Tokyo;
using KeyValues = std::vector<std::pair<std::string, std::string>>;

class OfflineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ManualClock clock(At("2025-01-10T09:00:00Z"));
    auto store = OpenStore(EventsDirOf(dir_.path()), clock);
    TestLog log(*store, clock);
    log.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
    log.Recommendation("ev1", 1, "Build capacity");
    const std::string a = log.Action("ev1", 1, 1, "Train partners", {"kaz-co"}, "2025/03", "Initiated");
    log.Flush();
    ProjectionOptions one_by_one;
    one_by_one.batch_events = 1;
    auto views = Projections::Open(ViewsDirOf(dir_.path()), *store, one_by_one);
    ASSERT_OK(views);
    for (int i = 0; i < 5; ++i) {
      log.Advance(std::chrono::hours(1));
      log.Comment(a, "alice", "note " + std::to_string(i));
      log.Flush();
      ASSERT_OK((*views)->CatchUp());
    }
    log.Status(a, "Completed");
    log.Flush();
    ASSERT_OK((*views)->CatchUp());
  }

  TempDir dir_;
};

TEST_F(OfflineTest, RebuildGivesTheSameBytesAsTheIncrementalViews) {
  const KeyValues incremental = ReadViewsDb(ViewsDirOf(dir_.path()));
  ASSERT_FALSE(incremental.empty());
  auto report = RebuildViews(dir_.path());
  ASSERT_OK(report);
  EXPECT_EQ(report->events_applied, 9u);
  EXPECT_EQ(report->position, 9u);
  EXPECT_EQ(report->evaluations, 1u);
  EXPECT_EQ(report->actions, 1u);
  EXPECT_EQ(ReadViewsDb(ViewsDirOf(dir_.path())), incremental);
}

TEST_F(OfflineTest, VerifyAndExportReadTheStore) {
  auto report = VerifyLog(dir_.path());
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->events_checked, 9u);

  std::ostringstream jsonl;
  auto summary = ExportLogJsonl(dir_.path(), ExportRange{}, jsonl);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->events, 9u);
  EXPECT_EQ(summary->last_hash, report->head);

  std::ostringstream csv;
  ASSERT_OK(ExportActionsCsvAsOf(dir_.path(), AsOf::AtPosition(3), ActionQuery{}, Tokyo(), At("2025-04-01T00:00:00Z"),
                                 csv));
  const std::string text = csv.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);  // Header and one action, as it was at position 3.
  EXPECT_NE(text.find(",Initiated,Initiated,false,0,0,,,,"), std::string::npos) << text;
}

TEST(OfflineMissingTest, NoStoreIsAnError) {
  TempDir dir;
  auto report = RebuildViews(dir.Sub("nothing-here"));
  EXPECT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("opening the event store of "), std::string::npos)
      << report.status().ToString();
}

}  // namespace
}  // namespace mrtrack::projections
