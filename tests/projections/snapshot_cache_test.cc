// SnapshotCache: every answer equals a replay from the start of the log
// (BuildSnapshot), whatever order positions are asked in, with evictions,
// across appends and from several threads at once.
#include "projections/snapshot_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>

#include "common/time.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using projections_test::At;
using projections_test::DumpModel;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;
using projections_test::Tokyo;
using Dump = std::map<std::string, std::string>;

class SnapshotCacheTest : public ::testing::Test {
 protected:
  // A log of a few dozen positions, one flush per change, over three days.
  void SetUp() override {
    log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
    log_.Recommendation("ev1", 1, "Build capacity");
    log_.Flush();
    for (int i = 1; i <= 6; ++i) {
      actions_.push_back(log_.Action("ev1", 1, i, "Action " + std::to_string(i), {i % 2 ? "kaz-co" : "government"},
                                     "2025/06", "Initiated"));
      log_.Flush();
    }
    clock_.Set(At("2025-06-30T10:00:00Z"));
    for (const auto& id : actions_) {
      log_.Status(id, "Ongoing");
      log_.Flush();
      log_.Comment(id, "bob", "on it");
      log_.Flush();
    }
    clock_.Set(At("2025-07-01T03:00:00Z"));
    for (const auto& id : actions_) {
      log_.Status(id, "Completed");
      log_.Flush();
    }
    head_ = store_->HeadPosition();
  }

  Dump Replayed(const AsOf& as_of) {
    auto snapshot = BuildSnapshot(*store_, as_of);
    EXPECT_TRUE(snapshot.ok()) << snapshot.status().ToString();
    return snapshot.ok() ? DumpModel(snapshot->model) : Dump{};
  }

  Dump Cached(SnapshotCache& cache, const AsOf& as_of) {
    auto snapshot = cache.Get(as_of);
    EXPECT_TRUE(snapshot.ok()) << snapshot.status().ToString();
    return snapshot.ok() ? DumpModel(*snapshot->model) : Dump{};
  }

  TempDir dir_;
  ManualClock clock_{At("2025-01-10T09:00:00Z")};
  std::unique_ptr<events::EventStore> store_ = OpenStore(dir_.Sub("events"), clock_);
  TestLog log_{*store_, clock_};
  std::vector<std::string> actions_;
  std::uint64_t head_ = 0;
};

TEST_F(SnapshotCacheTest, EveryPositionInAnyOrderEqualsAReplayFromTheStart) {
  ASSERT_GT(head_, 20u);
  std::vector<std::uint64_t> positions;
  for (std::uint64_t p = 0; p <= head_; ++p) positions.push_back(p);
  std::vector<Dump> expected;
  for (auto p : positions) expected.push_back(Replayed(AsOf::AtPosition(p)));

  SnapshotCache cache(*store_, 2);  // Small: evictions happen.
  std::mt19937 shuffle(7);
  for (int round = 0; round < 3; ++round) {
    std::shuffle(positions.begin(), positions.end(), shuffle);
    for (auto p : positions) EXPECT_EQ(Cached(cache, AsOf::AtPosition(p)), expected[p]) << "position " << p;
  }
  const auto stats = cache.Stats();
  EXPECT_GT(stats.extended, 0u);
  EXPECT_EQ(stats.hits + stats.extended + stats.replayed_from_start, 3 * positions.size());
}

TEST_F(SnapshotCacheTest, ARepeatedAsOfIsAHitAndAStepForwardReplaysOnlyTheStep) {
  SnapshotCache cache(*store_);
  const AsOf june_30 = AsOf::EndOfDay(date::year{2025} / 6 / 30, Tokyo());
  auto first = cache.Get(june_30);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->at, june_30.time);
  EXPECT_EQ(DumpModel(*first->model), Replayed(june_30));
  const std::uint64_t june_position = first->model->position();

  auto again = cache.Get(june_30);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->model.get(), first->model.get()) << "the same model, not a new replay";
  EXPECT_EQ(cache.Stats().hits, 1u);

  const auto before = cache.Stats().events_replayed;
  auto head = cache.Get(AsOf::AtPosition(head_));
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(DumpModel(*head->model), Replayed(AsOf::AtPosition(head_)));
  EXPECT_EQ(cache.Stats().events_replayed - before, head_ - june_position);
  EXPECT_EQ(head->at, head->model->checkpoint().recorded_at);
}

TEST_F(SnapshotCacheTest, CachedModelsStayValidAsTheLogGrows) {
  SnapshotCache cache(*store_);
  const Dump at_head = Cached(cache, AsOf::AtPosition(head_));
  log_.Comment(actions_[0], "carol", "closing note");
  log_.Flush();
  EXPECT_EQ(Cached(cache, AsOf::AtPosition(head_)), at_head);
  EXPECT_EQ(Cached(cache, AsOf::AtPosition(head_ + 1)), Replayed(AsOf::AtPosition(head_ + 1)));
  EXPECT_NE(Cached(cache, AsOf::AtPosition(head_ + 1)), at_head);
}

TEST_F(SnapshotCacheTest, PastTheHeadIsRefused) {
  SnapshotCache cache(*store_);
  auto past = cache.Get(AsOf::AtPosition(head_ + 1));
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(past.status().field(), "as_of");
}

TEST_F(SnapshotCacheTest, ConcurrentRequestsAllGetTheRightState) {
  std::vector<Dump> expected;
  for (std::uint64_t p = 0; p <= head_; ++p) expected.push_back(Replayed(AsOf::AtPosition(p)));
  SnapshotCache cache(*store_, 3);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 pick(static_cast<unsigned>(t));
      for (int i = 0; i < 40; ++i) {
        const std::uint64_t p = pick() % (head_ + 1);
        auto snapshot = cache.Get(AsOf::AtPosition(p));
        if (!snapshot.ok() || DumpModel(*snapshot->model) != expected[p]) ++wrong[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace mrtrack::projections
