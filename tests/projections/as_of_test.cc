#include "projections/as_of.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "projections/action_query.h"
#include "projections/projections.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using events::ActionStatus;
using projections_test::At;
using projections_test::DumpModel;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;
using projections_test::Tokyo;
using Dump = std::map<std::string, std::string>;

date::year_month_day Day(int y, unsigned m, unsigned d) { return date::year{y} / date::month{m} / date::day{d}; }

class AsOfTest : public ::testing::Test {
 protected:
  // Three moments; after each, the live projection's model is kept to
  // compare the replays with.
  void SetUp() override {
    log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
    log_.Recommendation("ev1", 1, "Build capacity");
    a1_ = log_.Action("ev1", 1, 1, "Train partners", {"kaz-co"}, "2025/06", "Initiated");
    a2_ = log_.Action("ev1", 1, 2, "Write report", {"government"}, "2025/06", "Initiated");
    p1_ = log_.Flush();
    auto p = Projections::Open(dir_.Sub("views"), *store_);
    ASSERT_OK(p);
    views_ = std::move(p).value();
    d1_ = Capture();

    clock_.Set(At("2025-06-30T10:00:00Z"));  // 19:00 in Tokyo.
    log_.Status(a1_, "Completed");
    log_.Comment(a2_, "bob", "late, sorry");
    p2_ = log_.Flush();
    ASSERT_OK(views_->CatchUp());
    d2_ = Capture();

    clock_.Set(At("2025-07-01T03:00:00Z"));  // Noon in Tokyo the next day.
    log_.Status(a1_, "Ongoing", "reopened by audit");
    log_.Deadline(a2_, "2025/09", "donor agreed");
    log_.Flush();
    ASSERT_OK(views_->CatchUp());
  }

  Dump Capture() {
    Dump d;
    views_->Read([&](const ViewModel& m) { d = DumpModel(m); });
    return d;
  }

  TempDir dir_;
  ManualClock clock_{At("2025-01-10T09:00:00Z")};
  std::unique_ptr<events::EventStore> store_ = OpenStore(dir_.Sub("events"), clock_);
  TestLog log_{*store_, clock_};
  std::unique_ptr<Projections> views_;
  std::string a1_, a2_;
  std::uint64_t p1_ = 0, p2_ = 0;
  Dump d1_, d2_;
};

TEST_F(AsOfTest, ByPositionEqualsTheProjectionOfThatPrefix) {
  auto s1 = BuildSnapshot(*store_, AsOf::AtPosition(p1_));
  ASSERT_OK(s1);
  EXPECT_EQ(DumpModel(s1->model), d1_);
  EXPECT_EQ(s1->at, At("2025-01-10T09:00:00Z"));
  auto s2 = BuildSnapshot(*store_, AsOf::AtPosition(p2_));
  ASSERT_OK(s2);
  EXPECT_EQ(DumpModel(s2->model), d2_);
  auto head = BuildSnapshot(*store_, AsOf::Head());
  ASSERT_OK(head);
  EXPECT_EQ(DumpModel(head->model), Capture());
}

TEST_F(AsOfTest, ByDateIncludesTheWholeLocalDay) {
  auto snapshot = BuildSnapshot(*store_, AsOf::EndOfDay(Day(2025, 6, 30), Tokyo()));
  ASSERT_OK(snapshot);
  EXPECT_EQ(DumpModel(snapshot->model), d2_);
  EXPECT_EQ(snapshot->at, At("2025-06-30T14:59:59.999999Z"));

  // "What did unit government's actions look like on 2025-06-30": due that
  // day, so not yet overdue at its end; a day later it is.
  ActionQuery q;
  q.filter.units = {"government"};
  auto page = ListActions(snapshot->model, q, QueryTime{snapshot->at, &Tokyo()});
  ASSERT_OK(page);
  ASSERT_EQ(page->rows.size(), 1u);
  EXPECT_EQ(page->rows[0].deadline->raw, "2025/06");
  EXPECT_FALSE(page->rows[0].overdue);
  EXPECT_EQ(page->rows[0].comment_count, 1u);
  EXPECT_EQ(page->position, p2_);

  auto next_day = BuildSnapshot(*store_, AsOf::AtTime(At("2025-07-01T02:59:59Z")));
  ASSERT_OK(next_day);
  auto later = ListActions(next_day->model, q, QueryTime{next_day->at, &Tokyo()});
  ASSERT_OK(later);
  EXPECT_TRUE(later->rows[0].overdue);
  EXPECT_EQ(later->rows[0].days_overdue, 1);
}

TEST_F(AsOfTest, ByTimeBeforeTheFirstEventIsEmpty) {
  auto snapshot = BuildSnapshot(*store_, AsOf::AtTime(At("2024-12-31T00:00:00Z")));
  ASSERT_OK(snapshot);
  EXPECT_EQ(snapshot->model.position(), 0u);
  EXPECT_TRUE(snapshot->model.actions().empty());
  auto zero = BuildSnapshot(*store_, AsOf::AtPosition(0));
  ASSERT_OK(zero);
  EXPECT_EQ(zero->model.position(), 0u);
}

TEST_F(AsOfTest, PositionPastTheHeadIsAnError) {
  auto snapshot = BuildSnapshot(*store_, AsOf::AtPosition(99));
  EXPECT_EQ(snapshot.status().ToString(), "invalid_argument: as-of position 99 is past the end of the log (8) (at as_of)");
}

TEST_F(AsOfTest, ResolvesTheLastPositionOfAnInstant) {
  EXPECT_EQ(*ResolveAsOfPosition(*store_, AsOf::EndOfDay(Day(2025, 6, 30), Tokyo())), p2_);
  EXPECT_EQ(*ResolveAsOfPosition(*store_, AsOf::AtTime(At("2025-06-30T10:00:00Z"))), p2_);
  EXPECT_EQ(*ResolveAsOfPosition(*store_, AsOf::AtTime(At("2025-06-30T09:59:59.999999Z"))), p1_);
  EXPECT_EQ(*ResolveAsOfPosition(*store_, AsOf::AtTime(At("2020-01-01T00:00:00Z"))), 0u);
  EXPECT_EQ(*ResolveAsOfPosition(*store_, AsOf::AtTime(At("2030-01-01T00:00:00Z"))), 8u);
  EXPECT_EQ(*ResolveAsOfPosition(*store_, AsOf::Head()), 8u);
  EXPECT_EQ(*ResolveAsOfPosition(*store_, AsOf::AtPosition(3)), 3u);
}

TEST(ParseAsOfTest, ReadsDatesInstantsAndPositions) {
  auto day = ParseAsOf("2025-06-30", Tokyo());
  ASSERT_OK(day);
  EXPECT_EQ(day->kind, AsOf::Kind::kTime);
  EXPECT_EQ(day->time, At("2025-06-30T14:59:59.999999Z"));
  auto instant = ParseAsOf("2025-06-30T12:00:00+09:00", Tokyo());
  ASSERT_OK(instant);
  EXPECT_EQ(instant->time, At("2025-06-30T03:00:00Z"));
  auto position = ParseAsOf("120", Tokyo());
  ASSERT_OK(position);
  EXPECT_EQ(position->kind, AsOf::Kind::kPosition);
  EXPECT_EQ(position->position, 120u);
  EXPECT_EQ(position->ToString(), "position 120");

  EXPECT_EQ(ParseAsOf("yesterday", Tokyo()).status().ToString(),
            "invalid_argument: as-of 'yesterday' is neither a date (YYYY-MM-DD), an RFC 3339 instant nor a log "
            "position (at as_of)");
  EXPECT_EQ(ParseAsOf("2025-02-30", Tokyo()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAsOf("99999999999999999999999", Tokyo()).status().ToString(),
            "invalid_argument: as-of position '99999999999999999999999' is out of range (at as_of)");
}

TEST(EndOfLocalDayTest, HandlesADaylightSavingChange) {
  // Europe/Berlin: 2025-03-30 has 23 hours (clocks jump 02:00 -> 03:00).
  const date::time_zone& berlin = *date::locate_zone("Europe/Berlin");
  EXPECT_EQ(EndOfLocalDay(Day(2025, 3, 29), berlin), At("2025-03-29T22:59:59.999999Z"));
  EXPECT_EQ(EndOfLocalDay(Day(2025, 3, 30), berlin), At("2025-03-30T21:59:59.999999Z"));
}

}  // namespace
}  // namespace mrtrack::projections
