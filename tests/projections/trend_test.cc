// Ageing buckets on a log with known lateness, and the monthly trend against
// as-of summaries built from scratch at each month end.
#include "projections/trend.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "projections/as_of.h"
#include "tests/projections/log_generator.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using projections_test::At;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;
using projections_test::Tokyo;

TEST(AgeingTest, OpenActionsFallInTheirBuckets) {
  TempDir dir;
  ManualClock clock(At("2024-01-01T00:00:00Z"));
  auto store = OpenStore(dir.Sub("events"), clock);
  TestLog log(*store, clock);
  log.Evaluation("ev1", "Ageing", "CO");
  log.Recommendation("ev1", 1, "r");
  // Judged at noon of 2025-12-31 in Tokyo; days past each deadline day:
  log.Action("ev1", 1, 1, "not due", {"kaz-co"}, "2026-01-31");
  log.Action("ev1", 1, 2, "no deadline", {"kaz-co"}, "");
  log.Action("ev1", 1, 3, "due today", {"kaz-co"}, "2025-12-31");
  log.Action("ev1", 1, 4, "1 day", {"kaz-co"}, "2025-12-30");
  log.Action("ev1", 1, 5, "90 days", {"kaz-co"}, "2025-10-02");
  log.Action("ev1", 1, 6, "91 days", {"kaz-co"}, "2025-10-01");
  log.Action("ev1", 1, 7, "180 days", {"government"}, "2025-07-04");
  log.Action("ev1", 1, 8, "181 days", {"government"}, "2025-07-03");
  log.Action("ev1", 1, 9, "365 days", {"government"}, "2024-12-31");
  log.Action("ev1", 1, 10, "366 days", {"government"}, "2024-12-30");
  const std::string done = log.Action("ev1", 1, 11, "late but done", {"government"}, "2024-01-31", "Ongoing");
  log.Flush();
  log.Status(done, "Completed");
  log.Flush();
  auto snapshot = BuildSnapshot(*store, AsOf::Head());
  ASSERT_OK(snapshot);
  SummaryQuery query;
  query.time = QueryTime{At("2025-12-31T03:00:00Z"), &Tokyo()};
  auto all = SummarizeAll(snapshot->model, query);
  ASSERT_OK(all);
  const std::array<std::uint64_t, kAgeingBuckets> expected = {3, 2, 2, 2, 1};
  EXPECT_EQ(all->ageing, expected) << "10 open actions";
  auto units = SummarizeByUnit(snapshot->model, query);
  ASSERT_OK(units);
  ASSERT_EQ(units->size(), 2u);
  EXPECT_EQ((*units)[0].key, "government");
  EXPECT_EQ((*units)[0].ageing, (std::array<std::uint64_t, kAgeingBuckets>{0, 0, 1, 2, 1}));
  EXPECT_EQ((*units)[1].key, "kaz-co");
  EXPECT_EQ((*units)[1].ageing, (std::array<std::uint64_t, kAgeingBuckets>{3, 2, 1, 0, 0}));
  nlohmann::json j = SummaryToJson(*all);
  EXPECT_EQ(j["ageing"]["over_365"], 1);
  EXPECT_EQ(j["ageing"]["not_due"], 3);
  EXPECT_EQ(j["implemented"], 1);
}

TEST(AgeingTest, BucketEdges) {
  EXPECT_EQ(AgeingBucket(-5), 0u);
  EXPECT_EQ(AgeingBucket(0), 0u);
  EXPECT_EQ(AgeingBucket(1), 1u);
  EXPECT_EQ(AgeingBucket(90), 1u);
  EXPECT_EQ(AgeingBucket(91), 2u);
  EXPECT_EQ(AgeingBucket(180), 2u);
  EXPECT_EQ(AgeingBucket(181), 3u);
  EXPECT_EQ(AgeingBucket(365), 3u);
  EXPECT_EQ(AgeingBucket(366), 4u);
}

TEST(TrendTest, EachMonthIsTheAsOfSummaryOfItsLastDay) {
  TempDir dir;
  ManualClock clock(At("2024-11-03T01:00:00Z"));
  auto store = OpenStore(dir.Sub("events"), clock);
  // A generated log over about a year: the generator moves the clock on.
  projections_test::LogGenerator generator(*store, clock, /*seed=*/1313);
  while (clock.Now() < At("2025-11-15T00:00:00Z")) generator.Step();

  SnapshotCache cache(*store);
  const date::year_month from = date::year{2024} / date::November, to = date::year{2025} / date::October;
  auto trend = MonthlyTrend(cache, from, to, Tokyo());
  ASSERT_OK(trend);
  ASSERT_EQ(trend->size(), 12u);
  std::uint64_t previous = 0;
  bool some_overdue = false, some_completed = false;
  for (const TrendPoint& point : *trend) {
    SCOPED_TRACE(FormatDate(point.date));
    EXPECT_EQ(point.date.day(), date::year_month_day{point.date.year() / point.date.month() / date::last}.day());
    auto fresh = BuildSnapshot(*store, AsOf::EndOfDay(point.date, Tokyo()));
    ASSERT_OK(fresh);
    SummaryQuery query;
    query.time = QueryTime{fresh->at, &Tokyo()};
    auto units = SummarizeByUnit(fresh->model, query);
    ASSERT_OK(units);
    ASSERT_EQ(point.units.size(), units->size());
    for (std::size_t i = 0; i < units->size(); ++i) {
      EXPECT_EQ(SummaryToJson(point.units[i]), SummaryToJson((*units)[i]));
    }
    auto all = SummarizeAll(fresh->model, query);
    ASSERT_OK(all);
    EXPECT_EQ(SummaryToJson(point.overall), SummaryToJson(*all));
    EXPECT_EQ(point.position, fresh->model.position());
    EXPECT_GE(point.position, previous);
    previous = point.position;
    some_overdue = some_overdue || point.overall.overdue > 0;
    some_completed = some_completed || point.overall.by_status[static_cast<std::size_t>(events::ActionStatus::kCompleted)] > 0;
  }
  EXPECT_TRUE(some_overdue && some_completed) << "the generated log should exercise both counts";
  EXPECT_EQ(MonthlyTrend(cache, to, from, Tokyo()).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mrtrack::projections
