// The report to governing bodies on a log with known dates: periods, the
// figures as of the period's end, extensions granted in it, and the CSV.
#include "projections/report.h"

#include <sstream>

#include <gtest/gtest.h>

#include "common/time.h"
#include "events/domain/event_types.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using projections_test::At;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;

const date::time_zone& Utc() { return *date::locate_zone("UTC"); }

std::string Day(const date::year_month_day& d) { return FormatDate(d); }

TEST(ReportPeriodTest, MonthsAndIsoWeeks) {
  auto month = ParseReportPeriod("2026-11");
  ASSERT_OK(month);
  EXPECT_EQ(month->label, "2026-11");
  EXPECT_EQ(Day(month->first), "2026-11-01");
  EXPECT_EQ(Day(month->last), "2026-11-30");
  auto february = ParseReportPeriod("2028-02");
  ASSERT_OK(february);
  EXPECT_EQ(Day(february->last), "2028-02-29");
  auto week = ParseReportPeriod("2026-W01");
  ASSERT_OK(week);
  EXPECT_EQ(Day(week->first), "2025-12-29") << "ISO week 1 holds the year's first Thursday";
  EXPECT_EQ(Day(week->last), "2026-01-04");
  EXPECT_EQ(WeekPeriod(*ParseDate("2027-01-01")).label, "2026-W53");
  EXPECT_EQ(WeekPeriod(*ParseDate("2026-11-30")).label, "2026-W49");
  EXPECT_TRUE(ParseReportPeriod("2020-W53").ok());
  for (const char* bad : {"2021-W53", "2026-W00", "2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", "november", ""}) {
    auto parsed = ParseReportPeriod(bad);
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(parsed.status().field(), "period") << bad;
  }
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.Sub("events"), clock_);
    TestLog log(*store_, clock_);
    log.Evaluation("ev1", "Umbrella", "CO");
    log.Recommendation("ev1", 1, "r");
    done_in_period_ = log.Action("ev1", 1, 1, "due and done in October", {"kaz-co"}, "2026-10-15");
    done_later_ = log.Action("ev1", 1, 2, "due in October, done in November", {"kaz-co"}, "2026-10-31");
    late_ = log.Action("ev1", 1, 3, "overdue since summer", {"government"}, "2026-06-30");
    extended_ = log.Action("ev1", 1, 4, "extended in October", {"government"}, "2026-11-30");
    log.Advance(std::chrono::hours(24 * 5));  // 2026-09-20: an extension before the period.
    log.Raw("action-" + late_, events::types::kKeyActionDeadlineChanged,
            {{"action_id", late_},
             {"from", {{"date", "2026-06-30"}, {"raw", "2026-06-30"}}},
             {"to", {{"date", "2026-08-31"}, {"raw", "2026-08-31"}}},
             {"justification", "moved"},
             {"extension", true}});
    log.Advance(std::chrono::hours(24 * 20));  // 2026-10-10
    log.Status(done_in_period_, "Completed");
    log.Advance(std::chrono::hours(24 * 2));  // 2026-10-12: an extension in the period.
    log.Raw("action-" + extended_, events::types::kKeyActionDeadlineChanged,
            {{"action_id", extended_},
             {"from", {{"date", "2026-11-30"}, {"raw", "2026-11-30"}}},
             {"to", {{"date", "2026-12-31"}, {"raw", "2026-12-31"}}},
             {"justification", "moved"},
             {"extension", true}});
    log.Advance(std::chrono::hours(24 * 24));  // 2026-11-05
    log.Status(done_later_, "Completed");
    log.Flush();
  }

  TempDir dir_;
  ManualClock clock_{At("2026-09-15T10:00:00Z")};
  std::unique_ptr<events::EventStore> store_;
  std::string done_in_period_, done_later_, late_, extended_;
};

TEST_F(ReportTest, FiguresAreAsOfThePeriodsEnd) {
  SnapshotCache snapshots(*store_);
  auto report = BuildReport(snapshots, *ParseReportPeriod("2026-10"), {}, Utc(), At("2026-11-20T12:00:00Z"));
  ASSERT_OK(report);
  EXPECT_EQ(report->at, EndOfLocalDay(*ParseDate("2026-10-31"), Utc()));
  const Summary& all = report->overall;
  EXPECT_EQ(all.total, 4u);
  EXPECT_EQ(all.by_status[static_cast<std::size_t>(events::ActionStatus::kCompleted)], 1u)
      << "the November completion is not in October's report";
  EXPECT_EQ(all.overdue, 1u);
  EXPECT_EQ(all.due_in_period, 2u);
  EXPECT_EQ(all.closed_in_period, 1u);
  ASSERT_TRUE(all.closure_rate.has_value());
  EXPECT_DOUBLE_EQ(*all.closure_rate, 0.5);
  EXPECT_EQ(all.ageing, (std::array<std::uint64_t, kAgeingBuckets>{2, 1, 0, 0, 0})) << "61 days late: 1-90";
  EXPECT_EQ(report->extensions_granted, 1u) << "September's extension is not October's";
  EXPECT_EQ(report->extensions_granted_by_unit.at("government"), 1u);
  EXPECT_EQ(report->extensions_granted_by_unit.count("kaz-co"), 0u);
  ASSERT_EQ(report->by_unit.size(), 2u);
  EXPECT_EQ(report->by_unit[0].key, "government");
  EXPECT_EQ(report->by_unit[1].key, "kaz-co");

  const nlohmann::json j = ReportToJson(*report);
  EXPECT_EQ(j["period"], "2026-10");
  EXPECT_EQ(j["from"], "2026-10-01");
  EXPECT_EQ(j["to"], "2026-10-31");
  EXPECT_EQ(j["overall"]["extensions_granted"], 1);
  EXPECT_EQ(j["items"][0]["unit"], "government");
  EXPECT_EQ(j["items"][0]["extensions_granted"], 1);
  EXPECT_EQ(j["items"][1]["extensions_granted"], 0);

  // November's: both completions count, and nothing was extended.
  auto november = BuildReport(snapshots, *ParseReportPeriod("2026-11"), {}, Utc(), At("2026-11-20T12:00:00Z"));
  ASSERT_OK(november);
  EXPECT_EQ(november->at, At("2026-11-20T12:00:00Z")) << "a running period is judged now";
  EXPECT_EQ(november->overall.by_status[static_cast<std::size_t>(events::ActionStatus::kCompleted)], 2u);
  EXPECT_EQ(november->extensions_granted, 0u);
  auto december = BuildReport(snapshots, *ParseReportPeriod("2026-12"), {}, Utc(), At("2026-11-20T12:00:00Z"));
  EXPECT_EQ(december.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ReportTest, UnitsRestrictEveryFigure) {
  SnapshotCache snapshots(*store_);
  auto report = BuildReport(snapshots, *ParseReportPeriod("2026-10"), {"kaz-co"}, Utc(), At("2026-11-20T12:00:00Z"));
  ASSERT_OK(report);
  EXPECT_EQ(report->overall.total, 2u);
  EXPECT_EQ(report->overall.overdue, 0u);
  EXPECT_EQ(report->extensions_granted, 0u);
  ASSERT_EQ(report->by_unit.size(), 1u);
  EXPECT_EQ(report->by_unit[0].key, "kaz-co");
}

TEST_F(ReportTest, TheCsvHasOneRowPerUnitAndTheTotal) {
  SnapshotCache snapshots(*store_);
  auto report = BuildReport(snapshots, *ParseReportPeriod("2026-10"), {}, Utc(), At("2026-11-20T12:00:00Z"));
  ASSERT_OK(report);
  const std::string csv = ReportCsv(*report, [](const std::string& unit) { return "Unit " + unit; });
  std::istringstream in(csv);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    ASSERT_FALSE(line.empty());
    ASSERT_EQ(line.back(), '\r');
    line.pop_back();
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  ASSERT_EQ(rows.size(), 4u);
  const auto& header = rows[0];
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size());
  EXPECT_EQ(rows[1][column("unit")], "government");
  EXPECT_EQ(rows[1][column("name")], "Unit government");
  EXPECT_EQ(rows[1][column("extensions_granted")], "1");
  EXPECT_EQ(rows[2][column("unit")], "kaz-co");
  EXPECT_EQ(rows[2][column("closure_rate")], "0.5000");
  EXPECT_EQ(rows[3][column("unit")], "all");
  EXPECT_EQ(rows[3][column("total")], "4");
  EXPECT_EQ(rows[3][column("ageing_1-90")], "1");
  EXPECT_EQ(rows[3][column("Completed")], "1");
}

}  // namespace
}  // namespace mrtrack::projections
