#include "projections/summary.h"

#include <gtest/gtest.h>

#include "projections/projections.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using events::ActionStatus;
using projections_test::At;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;
using projections_test::Tokyo;

constexpr std::size_t Idx(ActionStatus s) { return static_cast<std::size_t>(s); }

date::year_month_day Day(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

class SummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
    log_.Recommendation("ev1", 1, "Build capacity");
    a1_ = log_.Action("ev1", 1, 1, "late completion", {"kaz-co"}, "2025-01-31", "Ongoing");
    a2_ = log_.Action("ev1", 1, 2, "early completion", {"kaz-co"}, "2025/03", "Initiated");
    a3_ = log_.Action("ev1", 1, 3, "dropped", {"kaz-co", "government"}, "2025/02", "Initiated");
    a4_ = log_.Action("ev1", 1, 4, "overdue", {"government"}, "2025/02", "Ongoing");
    a5_ = log_.Action("ev1", 1, 5, "not due yet", {"kaz-co"}, "2025/06", "Not Initiated");
    a6_ = log_.Action("ev1", 1, 6, "nobody's, late", {}, "2025/01", "Initiated", {"Ministry"});
    log_.Evaluation("ev2", "Empty evaluation", "ECA RO");
    log_.Flush();
    // Times at noon in Tokyo (03:00 UTC).
    clock_.Set(At("2025-02-05T03:00:00Z"));
    log_.Status(a1_, "Completed");  // 5 days late.
    log_.Flush();
    clock_.Set(At("2025-02-14T03:00:00Z"));
    log_.Status(a6_, "Completed");  // 14 days late.
    log_.Flush();
    clock_.Set(At("2025-02-20T03:00:00Z"));
    log_.Status(a3_, "No Longer Applicable", "superseded");
    log_.Flush();
    clock_.Set(At("2025-03-01T03:00:00Z"));
    log_.Status(a2_, "Completed");  // On time.
    log_.Flush();
    auto p = Projections::Open(dir_.Sub("views"), *store_);
    ASSERT_OK(p);
    views_ = std::move(p).value();
  }

  SummaryQuery Query(bool with_period = true) const {
    SummaryQuery q;
    q.time = QueryTime{At("2025-04-01T00:00:00Z"), &Tokyo()};
    if (with_period) {
      q.period_from = Day(2025, 1, 1);
      q.period_to = Day(2025, 3, 31);
    }
    return q;
  }

  TempDir dir_;
  ManualClock clock_{At("2025-01-01T00:00:00Z")};
  std::unique_ptr<events::EventStore> store_ = OpenStore(dir_.Sub("events"), clock_);
  TestLog log_{*store_, clock_};
  std::unique_ptr<Projections> views_;
  std::string a1_, a2_, a3_, a4_, a5_, a6_;
};

TEST_F(SummaryTest, PerUnitExcludesNoLongerApplicableFromTheRates) {
  auto units = views_->SummarizeByUnit(Query());
  ASSERT_OK(units);
  ASSERT_EQ(units->size(), 3u);
  const Summary& none = (*units)[0];
  const Summary& government = (*units)[1];
  const Summary& kaz = (*units)[2];
  EXPECT_EQ(none.key, "");
  EXPECT_EQ(government.key, "government");
  EXPECT_EQ(kaz.key, "kaz-co");

  EXPECT_EQ(kaz.total, 4u);
  EXPECT_EQ(kaz.by_status[Idx(ActionStatus::kCompleted)], 2u);
  EXPECT_EQ(kaz.by_status[Idx(ActionStatus::kNoLongerApplicable)], 1u);
  EXPECT_EQ(kaz.by_status[Idx(ActionStatus::kNotInitiated)], 1u);
  EXPECT_EQ(kaz.overdue, 0u);
  ASSERT_TRUE(kaz.implementation_rate.has_value());
  EXPECT_DOUBLE_EQ(*kaz.implementation_rate, 2.0 / 3.0);
  EXPECT_EQ(kaz.due_in_period, 2u);  // a1 and a2; a3 no longer applies.
  EXPECT_EQ(kaz.closed_in_period, 2u);
  EXPECT_DOUBLE_EQ(*kaz.closure_rate, 1.0);
  EXPECT_EQ(kaz.late_completions, 1u);
  EXPECT_DOUBLE_EQ(*kaz.average_days_late, 5.0);

  EXPECT_EQ(government.total, 2u);
  EXPECT_EQ(government.overdue, 1u);
  EXPECT_DOUBLE_EQ(*government.implementation_rate, 0.0);
  EXPECT_EQ(government.due_in_period, 1u);
  EXPECT_DOUBLE_EQ(*government.closure_rate, 0.0);
  EXPECT_FALSE(government.average_days_late.has_value());

  EXPECT_EQ(none.total, 1u);
  EXPECT_DOUBLE_EQ(*none.average_days_late, 14.0);
}

TEST_F(SummaryTest, OverallAndPerEvaluation) {
  auto all = views_->SummarizeAll(Query());
  ASSERT_OK(all);
  EXPECT_EQ(all->total, 6u);
  EXPECT_EQ(all->by_status[Idx(ActionStatus::kCompleted)], 3u);
  EXPECT_EQ(all->overdue, 1u);
  EXPECT_DOUBLE_EQ(*all->implementation_rate, 3.0 / 5.0);
  EXPECT_EQ(all->due_in_period, 4u);  // a1, a2, a4, a6.
  EXPECT_DOUBLE_EQ(*all->closure_rate, 3.0 / 4.0);
  EXPECT_EQ(all->late_completions, 2u);
  EXPECT_DOUBLE_EQ(*all->average_days_late, 9.5);

  auto evaluations = views_->SummarizeByEvaluation(Query());
  ASSERT_OK(evaluations);
  ASSERT_EQ(evaluations->size(), 2u);
  EXPECT_EQ((*evaluations)[0].key, "ev1");
  EXPECT_EQ((*evaluations)[0].title, "Umbrella");
  EXPECT_EQ((*evaluations)[0].total, 6u);
  EXPECT_DOUBLE_EQ(*(*evaluations)[0].closure_rate, 0.75);
  EXPECT_EQ((*evaluations)[1].key, "ev2");
  EXPECT_EQ((*evaluations)[1].total, 0u);
  EXPECT_FALSE((*evaluations)[1].implementation_rate.has_value());
  EXPECT_FALSE((*evaluations)[1].closure_rate.has_value());
}

TEST_F(SummaryTest, ClosureRateNeedsAPeriod) {
  auto all = views_->SummarizeAll(Query(false));
  ASSERT_OK(all);
  EXPECT_EQ(all->due_in_period, 0u);
  EXPECT_FALSE(all->closure_rate.has_value());

  SummaryQuery half = Query(false);
  half.period_from = Day(2025, 1, 1);
  EXPECT_EQ(views_->SummarizeAll(half).status().ToString(),
            "invalid_argument: a closure period needs both its first and its last day (at period_to)");
  SummaryQuery inverted = Query();
  inverted.period_from = Day(2025, 4, 1);
  EXPECT_EQ(views_->SummarizeAll(inverted).status().ToString(),
            "invalid_argument: the closure period ends before it starts (at period_from)");
}

TEST_F(SummaryTest, ReopeningTakesACompletionBackOut) {
  clock_.Set(At("2025-03-10T03:00:00Z"));
  log_.Status(a1_, "Ongoing", "not actually finished");
  log_.Flush();
  ASSERT_OK(views_->CatchUp());
  auto all = views_->SummarizeAll(Query());
  ASSERT_OK(all);
  EXPECT_EQ(all->by_status[Idx(ActionStatus::kCompleted)], 2u);
  EXPECT_EQ(all->overdue, 2u);  // a1 is open again, past 2025-01-31.
  EXPECT_EQ(all->late_completions, 1u);
  EXPECT_DOUBLE_EQ(*all->average_days_late, 14.0);
}

TEST_F(SummaryTest, RestrictedToOneEvaluation) {
  SummaryQuery q = Query();
  q.evaluation_id = "ev2";
  auto units = views_->SummarizeByUnit(q);
  ASSERT_OK(units);
  EXPECT_TRUE(units->empty());
  auto evaluations = views_->SummarizeByEvaluation(q);
  ASSERT_OK(evaluations);
  ASSERT_EQ(evaluations->size(), 1u);
  EXPECT_EQ((*evaluations)[0].key, "ev2");
}

TEST_F(SummaryTest, JsonHasEveryFigureAndNullRates) {
  auto all = views_->SummarizeAll(Query(false));
  ASSERT_OK(all);
  const nlohmann::json j = SummaryToJson(*all);
  EXPECT_EQ(j.at("total"), 6);
  EXPECT_EQ(j.at("by_status").at("No Longer Applicable"), 1);
  EXPECT_TRUE(j.at("closure_rate").is_null());
  EXPECT_EQ(j.at("average_days_late"), 9.5);
}

}  // namespace
}  // namespace mrtrack::projections
