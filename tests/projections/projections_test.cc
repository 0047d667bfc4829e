#include "projections/projections.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include <rocksdb/db.h>

#include "projections/follower.h"
#include "projections/views_db.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using projections_test::At;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;
using projections_test::Tokyo;

class ProjectionsTest : public ::testing::Test {
 protected:
  ProjectionsTest()
      : clock_(At("2025-01-10T09:00:00Z")), store_(OpenStore(dir_.Sub("events"), clock_)), log_(*store_, clock_) {}

  std::unique_ptr<Projections> OpenViews(ProjectionOptions options = {}, const std::string& name = "views") {
    auto p = Projections::Open(dir_.Sub(name), *store_, options);
    EXPECT_OK(p);
    return p.ok() ? std::move(p).value() : nullptr;
  }

  void ImportSmallEvaluation() {
    log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
    log_.Recommendation("ev1", 1, "Build capacity");
    a1_ = log_.Action("ev1", 1, 1, "Train partners", {"kaz-co"}, "2025/03", "Initiated");
    a2_ = log_.Action("ev1", 1, 2, "Write report", {"government"}, "2025/06");
    log_.Flush();
  }

  QueryTime Now() const { return QueryTime{clock_.Now(), &Tokyo()}; }

  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<events::EventStore> store_;
  TestLog log_;
  std::string a1_, a2_;
};

TEST_F(ProjectionsTest, OpenCatchesUpWithTheWholeLog) {
  ImportSmallEvaluation();
  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->Position(), 4u);
  EXPECT_EQ(p->open_info().loaded_position, 0u);
  EXPECT_EQ(p->open_info().events_applied, 4u);
  EXPECT_EQ(p->open_info().rebuilt_because, "");
  auto row = p->GetAction(a1_, Now());
  ASSERT_OK(row);
  EXPECT_EQ(row->evaluation_title, "Umbrella");
}

TEST_F(ProjectionsTest, ReopenCatchesUpFromTheCheckpointNotFromZero) {
  ImportSmallEvaluation();
  { ASSERT_NE(OpenViews(), nullptr); }
  log_.Status(a1_, "Ongoing");
  log_.Comment(a1_, "alice", "progress");
  log_.Deadline(a2_, "2025/09");
  log_.Flush();

  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->open_info().loaded_position, 4u);
  EXPECT_EQ(p->open_info().events_applied, 3u);
  EXPECT_EQ(p->Stats().events_applied, 3u);
  auto row = p->GetAction(a1_, Now());
  ASSERT_OK(row);
  EXPECT_EQ(row->status, events::ActionStatus::kOngoing);
  ASSERT_EQ(row->comments.size(), 1u);
  EXPECT_EQ(row->comments[0].text, "progress");
}

TEST_F(ProjectionsTest, CatchUpAppliesOnlyNewEvents) {
  ImportSmallEvaluation();
  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  auto none = p->CatchUp();
  ASSERT_OK(none);
  EXPECT_EQ(*none, 0u);
  log_.Status(a2_, "Initiated");
  log_.Flush();
  auto one = p->CatchUp();
  ASSERT_OK(one);
  EXPECT_EQ(*one, 1u);
  EXPECT_EQ(p->Position(), 5u);
}

TEST_F(ProjectionsTest, EveryBatchHoldsItsRowsAndTheCheckpoint) {
  ImportSmallEvaluation();
  ViewModel model;
  model.set_record_changes(true);
  ASSERT_OK(store_->Scan(1, [&](const events::RecordedEvent& e) { return model.Apply(e).ok(); }));
  rocksdb::WriteBatch batch;
  ViewsDb::BuildBatch(model, model.TakeChanges(), batch);

  struct Keys : rocksdb::WriteBatch::Handler {
    std::vector<std::string> keys;
    void Put(const rocksdb::Slice& key, const rocksdb::Slice&) override { keys.push_back(key.ToString()); }
  } handler;
  ASSERT_TRUE(batch.Iterate(&handler).ok());
  std::set<std::string> keys(handler.keys.begin(), handler.keys.end());
  EXPECT_EQ(keys, std::set<std::string>({"action/" + a1_, "action/" + a2_, "evaluation/ev1", "meta/checkpoint",
                                         "meta/format"}));
}

TEST_F(ProjectionsTest, WritesOneBatchPerBatchOfEvents) {
  ImportSmallEvaluation();
  log_.Status(a1_, "Ongoing");
  log_.Flush();
  ProjectionOptions options;
  options.batch_events = 2;
  auto p = OpenViews(options);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->Stats().batches_written, 3u);  // 5 events: 2 + 2 + 1.
  EXPECT_EQ(p->Position(), 5u);

  // What is stored agrees with itself: the checkpoint is the newest row's position.
  p.reset();
  auto db = ViewsDb::Open(dir_.Sub("views"));
  ASSERT_OK(db);
  auto loaded = (*db)->Load();
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded->position(), 5u);
  EXPECT_EQ(loaded->FindAction(a1_)->last_position, 5u);
}

TEST_F(ProjectionsTest, DiscardsViewsThatBelongToAnotherLog) {
  ImportSmallEvaluation();
  { ASSERT_NE(OpenViews(), nullptr); }
  // Another store with other events at the same positions.
  ManualClock other_clock(At("2024-05-01T00:00:00Z"));
  auto other = OpenStore(dir_.Sub("other-events"), other_clock);
  TestLog other_log(*other, other_clock);
  other_log.Evaluation("ev9", "Other", "Elsewhere");
  other_log.Recommendation("ev9", 1, "x");
  other_log.Recommendation("ev9", 2, "y");
  other_log.Recommendation("ev9", 3, "z");
  other_log.Recommendation("ev9", 4, "w");
  other_log.Flush();

  auto p = Projections::Open(dir_.Sub("views"), *other);
  ASSERT_OK(p);
  EXPECT_EQ((*p)->open_info().rebuilt_because,
            "the event at the views' checkpoint (position 4) has another chain hash: the views belong to another log");
  EXPECT_EQ((*p)->open_info().events_applied, 5u);
  (*p)->Read([](const ViewModel& m) {
    EXPECT_EQ(m.evaluations().size(), 1u);
    EXPECT_NE(m.FindEvaluation("ev9"), nullptr);
    EXPECT_TRUE(m.actions().empty());
  });
}

// Upgrading from views format 1 (no reminder rows): the views are rebuilt on
// open and then hold the reminders the log already had.
TEST_F(ProjectionsTest, RebuildsViewsOfAnOlderFormat) {
  ImportSmallEvaluation();
  log_.Reminder("rem-1", a1_);
  log_.Flush();
  { ASSERT_NE(OpenViews(), nullptr); }
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir_.Sub("views"), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "meta/format", "1").ok());
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), ReminderKey("rem-1")).ok());
  }
  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->open_info().rebuilt_because.find(std::string("has format 1, this build writes format ") + kViewsFormat), std::string::npos)
      << p->open_info().rebuilt_because;
  p->Read([&](const ViewModel& m) {
    ASSERT_EQ(m.reminders().count("rem-1"), 1u);
    EXPECT_EQ(m.reminders().at("rem-1").action_id, a1_);
  });
}

TEST_F(ProjectionsTest, DiscardsViewsAheadOfTheLog) {
  ImportSmallEvaluation();
  { ASSERT_NE(OpenViews(), nullptr); }
  ManualClock other_clock(At("2024-05-01T00:00:00Z"));
  auto other = OpenStore(dir_.Sub("other-events"), other_clock);
  TestLog other_log(*other, other_clock);
  other_log.Evaluation("ev9", "Other", "Elsewhere");
  other_log.Flush();
  auto p = Projections::Open(dir_.Sub("views"), *other);
  ASSERT_OK(p);
  EXPECT_EQ((*p)->open_info().rebuilt_because, "the views reflect position 4 but the log ends at 1");
  EXPECT_EQ((*p)->Position(), 1u);
}

TEST_F(ProjectionsTest, RejectedEventsAreCountedAndSurviveARestart) {
  ImportSmallEvaluation();
  log_.Raw("action-" + a1_, "KeyActionCommentAdded", {{"action_id", a1_}, {"text", 42}});
  log_.Flush();
  { 
    auto p = OpenViews();
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->Stats().rejected_events, 1u);
  }
  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  p->Read([](const ViewModel& m) {
    ASSERT_EQ(m.rejected().size(), 1u);
    EXPECT_EQ(m.rejected()[0].position, 5u);
  });
}

TEST_F(ProjectionsTest, FollowerAppliesNewEventsInItsThread) {
  ImportSmallEvaluation();
  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  ProjectionFollower follower(*p);
  follower.Start();
  log_.Status(a1_, "Completed");
  const std::uint64_t position = log_.Flush();
  ASSERT_TRUE(p->WaitForPosition(position, std::chrono::seconds(30)));
  auto row = p->GetAction(a1_, Now());
  ASSERT_OK(row);
  EXPECT_EQ(row->status, events::ActionStatus::kCompleted);
  follower.Stop();
  EXPECT_FALSE(follower.Running());
  EXPECT_OK(follower.LastError());
}

TEST_F(ProjectionsTest, QueriesRunWhileAnotherThreadCatchesUp) {
  ImportSmallEvaluation();
  ProjectionOptions small;
  small.batch_events = 10;
  auto p = OpenViews(small);
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 200; ++i) log_.Comment(a1_, "alice", "note " + std::to_string(i));
  const std::uint64_t head = log_.Flush();
  std::thread catcher([&] { EXPECT_OK(p->CatchUp()); });
  std::size_t last_seen = 0;
  while (p->Position() < head) {
    auto row = p->GetAction(a1_, Now());
    ASSERT_OK(row);
    EXPECT_GE(row->comment_count, last_seen);  // Never goes back.
    last_seen = row->comment_count;
  }
  catcher.join();
  EXPECT_EQ(p->GetAction(a1_, Now())->comment_count, 200u);
}

TEST_F(ProjectionsTest, WaitForPositionGivesUpAfterTheTimeout) {
  ImportSmallEvaluation();
  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->WaitForPosition(4, std::chrono::milliseconds(0)));
  EXPECT_FALSE(p->WaitForPosition(5, std::chrono::milliseconds(1)));
}

TEST_F(ProjectionsTest, RebuildWhileOpenStartsOverAndEndsWhereItWas) {
  ImportSmallEvaluation();
  log_.Comment(a1_, "alice", "one");
  log_.Status(a1_, "Completed");
  log_.Flush();
  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  std::map<std::string, std::string> before;
  p->Read([&](const ViewModel& m) { before = projections_test::DumpModel(m); });
  auto report = p->Rebuild();
  ASSERT_OK(report);
  EXPECT_EQ(report->events_applied, 6u);
  EXPECT_EQ(report->position, 6u);
  EXPECT_EQ(report->evaluations, 1u);
  EXPECT_EQ(report->actions, 2u);
  EXPECT_EQ(p->Position(), 6u);
  p->Read([&](const ViewModel& m) { EXPECT_EQ(projections_test::DumpModel(m), before); });
  log_.Comment(a2_, "bob", "after");
  log_.Flush();
  EXPECT_EQ(*p->CatchUp(), 1u);
}

TEST_F(ProjectionsTest, ActionIdsOfEvaluation) {
  ImportSmallEvaluation();
  auto p = OpenViews();
  ASSERT_NE(p, nullptr);
  auto ids = p->ActionIdsOfEvaluation("ev1");
  ASSERT_OK(ids);
  EXPECT_EQ(*ids, std::vector<std::string>({a1_, a2_}));
  EXPECT_EQ(p->ActionIdsOfEvaluation("nope").status().ToString(), "not_found: no evaluation 'nope' (at evaluation_id)");
}

}  // namespace
}  // namespace mrtrack::projections
