#include "projections/action_query.h"

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

class ActionQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
    log_.Recommendation("ev1", 1, "Build capacity of government agencies");
    log_.Response("ev1", 1, "Accepted", "Agreed");
    log_.Recommendation("ev1", 2, "Design with a TOC");
    a11_ = log_.Action("ev1", 1, 1, "Train partners on MEL systems", {"kaz-co"}, "2025/03", "Initiated");
    a12_ = log_.Action("ev1", 1, 2, "Write report", {"government", "kaz-co"}, "2025-02-15", "Completed");
    a21_ = log_.Action("ev1", 2, 1, "Consult women", {}, "2025/06", "Ongoing", {"Ministry of Labour"});
    log_.Evaluation("ev2", "Other evaluation", "ECA RO");
    log_.Recommendation("ev2", 1, "Reduce fragmentation");
    b11_ = log_.Action("ev2", 1, 1, "Hold workshops", {"ecaro"}, "2024/12", "No Longer Applicable");
    b12_ = log_.Action("ev2", 1, 2, "Review the toc", {"kaz-co"}, "");
    log_.Flush();
    log_.Comment(a12_, "alice", "Signed by the MINISTER");
    log_.Flush();
    auto p = Projections::Open(dir_.Sub("views"), *store_);
    ASSERT_OK(p);
    views_ = std::move(p).value();
  }

  // Action ids of the rows `query` selects at `at`.
  std::vector<std::string> Ids(const ActionQuery& query, Timestamp at = At("2025-04-01T00:00:00Z")) {
    auto page = views_->ListActions(query, QueryTime{at, &Tokyo()});
    EXPECT_OK(page);
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const auto& row : page->rows) ids.push_back(row.action_id);
    }
    return ids;
  }
  std::vector<std::string> Ids(const ActionFilter& filter) {
    ActionQuery q;
    q.filter = filter;
    return Ids(q);
  }
  using V = std::vector<std::string>;

  TempDir dir_;
  ManualClock clock_{At("2025-01-10T09:00:00Z")};
  std::unique_ptr<events::EventStore> store_ = OpenStore(dir_.Sub("events"), clock_);
  TestLog log_{*store_, clock_};
  std::unique_ptr<Projections> views_;
  std::string a11_, a12_, a21_, b11_, b12_;
};

TEST_F(ActionQueryTest, NoFilterListsEveryActionInNaturalOrder) {
  EXPECT_EQ(Ids(ActionFilter{}), V({a11_, a12_, a21_, b11_, b12_}));
}

TEST_F(ActionQueryTest, FiltersByUnit) {
  ActionFilter f;
  f.units = {"kaz-co"};
  EXPECT_EQ(Ids(f), V({a11_, a12_, b12_}));
  f.units = {"government", "ecaro"};
  EXPECT_EQ(Ids(f), V({a12_, b11_}));
  f.units = {"nobody"};
  EXPECT_EQ(Ids(f), V());
}

TEST_F(ActionQueryTest, FiltersUnmatchedResponsibles) {
  ActionFilter f;
  f.unmatched_only = true;
  EXPECT_EQ(Ids(f), V({a21_}));
}

TEST_F(ActionQueryTest, FiltersByStatus) {
  ActionFilter f;
  f.statuses = {ActionStatus::kCompleted, ActionStatus::kNoLongerApplicable};
  EXPECT_EQ(Ids(f), V({a12_, b11_}));
  ActionFilter open;
  open.open_only = true;
  EXPECT_EQ(Ids(open), V({a11_, a21_, b12_}));
}

TEST_F(ActionQueryTest, OverdueIsJudgedAtTheGivenInstantInTheOrganisationsZone) {
  ActionQuery q;
  q.filter.overdue = true;
  // 2025-03-31 23:59:59.999999 in Tokyo: the deadline day has not ended.
  EXPECT_EQ(Ids(q, At("2025-03-31T14:59:59.999999Z")), V());
  // Midnight in Tokyo: a11 (due 2025/03, Initiated) is overdue; a12 was
  // completed and b11 no longer applies, though their deadlines passed.
  EXPECT_EQ(Ids(q, At("2025-03-31T15:00:00Z")), V({a11_}));
  q.filter.overdue = false;
  EXPECT_EQ(Ids(q, At("2025-03-31T15:00:00Z")), V({a12_, a21_, b11_, b12_}));

  auto row = views_->GetAction(a11_, QueryTime{At("2025-04-10T16:00:00Z"), &Tokyo()});
  ASSERT_OK(row);
  EXPECT_TRUE(row->overdue);
  EXPECT_EQ(row->days_overdue, 11);  // 2025-04-11 in Tokyo.
}

TEST_F(ActionQueryTest, FiltersByDueDatesInclusive) {
  ActionFilter f;
  f.due_on_or_after = date::year_month_day{date::year{2025}, date::month{3}, date::day{31}};
  EXPECT_EQ(Ids(f), V({a11_, a21_}));
  f.due_on_or_after.reset();
  f.due_on_or_before = date::year_month_day{date::year{2025}, date::month{2}, date::day{15}};
  EXPECT_EQ(Ids(f), V({a12_, b11_}));
  f.due_on_or_after = date::year_month_day{date::year{2025}, date::month{1}, date::day{1}};
  EXPECT_EQ(Ids(f), V({a12_}));

  f.due_on_or_after = date::year_month_day{date::year{2025}, date::month{3}, date::day{1}};
  ActionQuery q;
  q.filter = f;
  auto page = views_->ListActions(q, QueryTime{At("2025-04-01T00:00:00Z"), &Tokyo()});
  EXPECT_EQ(page.status().ToString(),
            "invalid_argument: due_on_or_after is later than due_on_or_before (at due_on_or_after)");
}

TEST_F(ActionQueryTest, FiltersByEvaluation) {
  ActionFilter f;
  f.evaluation_id = "ev2";
  EXPECT_EQ(Ids(f), V({b11_, b12_}));
  f.units = {"kaz-co"};
  EXPECT_EQ(Ids(f), V({b12_}));
}

TEST_F(ActionQueryTest, TextSearchIgnoresCaseAndLooksAtDescriptionResponsibleRecommendationAndComments) {
  ActionFilter f;
  f.text = "mel SYSTEMS";
  EXPECT_EQ(Ids(f), V({a11_}));              // description
  f.text = "ministry";
  EXPECT_EQ(Ids(f), V({a21_}));              // responsible text
  f.text = "TOC";
  EXPECT_EQ(Ids(f), V({a21_, b12_}));        // recommendation text, description
  f.text = "minister";
  EXPECT_EQ(Ids(f), V({a12_}));              // comment
  f.text = "government";
  EXPECT_EQ(Ids(f), V({a11_, a12_}));        // recommendation text, responsible text
}

TEST_F(ActionQueryTest, SortsByDeadlineWithoutDeadlineLastAndPages) {
  ActionQuery q;
  q.sort = ActionSort::kDeadline;
  EXPECT_EQ(Ids(q), V({b11_, a12_, a11_, a21_, b12_}));
  q.descending = true;
  EXPECT_EQ(Ids(q), V({b12_, a21_, a11_, a12_, b11_}));
  q.descending = false;
  q.offset = 1;
  q.limit = 2;
  auto page = views_->ListActions(q, QueryTime{At("2025-04-01T00:00:00Z"), &Tokyo()});
  ASSERT_OK(page);
  EXPECT_EQ(page->total, 5u);
  EXPECT_EQ(page->position, 12u);
  ASSERT_EQ(page->rows.size(), 2u);
  EXPECT_EQ(page->rows[0].action_id, a12_);
  EXPECT_EQ(page->rows[1].action_id, a11_);
  q.offset = 10;
  EXPECT_EQ(Ids(q), V());
}

TEST_F(ActionQueryTest, RowsCarryTheirEvaluationAndRecommendation) {
  auto row = views_->GetAction(a12_, QueryTime{At("2025-04-01T00:00:00Z"), &Tokyo()});
  ASSERT_OK(row);
  EXPECT_EQ(row->evaluation_id, "ev1");
  EXPECT_EQ(row->evaluation_title, "Umbrella");
  EXPECT_EQ(row->office, "Kazakhstan CO");
  EXPECT_EQ(row->recommendation_number, 1);
  EXPECT_EQ(row->recommendation_text, "Build capacity of government agencies");
  EXPECT_EQ(row->response_category, "Accepted");
  EXPECT_EQ(row->label, "1.2");
  EXPECT_EQ(row->responsible.units, V({"government", "kaz-co"}));
  ASSERT_TRUE(row->deadline.has_value());
  EXPECT_EQ(row->deadline->raw, "2025-02-15");
  EXPECT_EQ(row->status, ActionStatus::kCompleted);
  EXPECT_EQ(row->completed_at, At("2025-01-10T09:00:00Z"));
  EXPECT_EQ(row->comment_count, 1u);
  ASSERT_TRUE(row->last_comment.has_value());
  EXPECT_EQ(row->last_comment->author, "alice");
  EXPECT_EQ(row->version, 2u);
  EXPECT_EQ(row->last_position, 12u);
  EXPECT_FALSE(row->overdue);

  const nlohmann::json j = ActionRowToJson(*row);
  EXPECT_EQ(j.at("status"), "Completed");
  EXPECT_EQ(j.at("deadline"), nlohmann::json({{"date", "2025-02-15"}, {"raw", "2025-02-15"}}));
  EXPECT_EQ(j.at("completed_at"), "2025-01-10T09:00:00.000000Z");
  EXPECT_EQ(j.at("comments").size(), 1u);
  EXPECT_EQ(j.at("last_comment").at("text"), "Signed by the MINISTER");
}

TEST_F(ActionQueryTest, UnknownActionIsNotFound) {
  auto row = views_->GetAction("nope", QueryTime{At("2025-04-01T00:00:00Z"), &Tokyo()});
  EXPECT_EQ(row.status().ToString(), "not_found: no key action 'nope' (at action_id)");
}

TEST_F(ActionQueryTest, QueriesNeedATimeZone) {
  auto page = views_->ListActions(ActionQuery{}, QueryTime{At("2025-04-01T00:00:00Z"), nullptr});
  EXPECT_EQ(page.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ActionQueryTest, ReminderPlannerGetsOpenActionsWithADeadlineInDeadlineOrder) {
  auto rows = views_->OpenActionsWithDeadline(QueryTime{At("2025-04-01T00:00:00Z"), &Tokyo()});
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].action_id, a11_);
  EXPECT_TRUE((*rows)[0].overdue);
  EXPECT_EQ((*rows)[0].responsible.units, V({"kaz-co"}));
  EXPECT_EQ((*rows)[1].action_id, a21_);
  EXPECT_EQ((*rows)[1].responsible.unmatched, V({"Ministry of Labour"}));
}

}  // namespace
}  // namespace mrtrack::projections
