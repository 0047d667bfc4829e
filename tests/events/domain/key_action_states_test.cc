#include "events/domain/key_action_states.h"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "command_fixture.h"
#include "events/domain/commands.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"

namespace mrtrack::events {
namespace {

using testing::CommandsTest;
using testing::kAction;
using testing::KeyActionAddedData;

class KeyActionStatesTest : public CommandsTest {
 protected:
  CommandContext Shared(KeyActionStates& states, const std::string& actor = "kaz-co-editor") {
    CommandContext ctx = Context(actor);
    ctx.states = &states;
    return ctx;
  }
};

TEST_F(KeyActionStatesTest, ConcurrentCommandsWithoutExpectedVersionAllApplyInOrder) {
  KeyActionStates states(*store_);
  constexpr int kThreads = 16, kEach = 25;
  std::vector<std::thread> threads;
  std::vector<std::vector<Result<CommandResult>>> results(kThreads);
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        results[t].push_back(
            AddComment(Shared(states), kAction, "comment " + std::to_string(t) + "/" + std::to_string(i)));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::uint64_t> versions;
  for (const auto& per_thread : results) {
    for (const auto& r : per_thread) {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      versions.insert(r->version);
      // The answer shows the action just after its own comment.
      EXPECT_EQ(r->action.version, r->version);
      ASSERT_FALSE(r->action.comments.empty());
      EXPECT_EQ(r->action.comments.back().comment_id, r->event_id);
      EXPECT_LE(r->action.comments.size(), kRecentComments);
    }
  }
  EXPECT_EQ(versions.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(*versions.rbegin(), static_cast<std::uint64_t>(kThreads * kEach + 1));
  EXPECT_EQ(store_->StreamVersion(ActionStream(kAction)), static_cast<std::uint64_t>(kThreads * kEach + 1));
  // One fold of the stream; every later batch decided on the cached state.
  const KeyActionStatesStats stats = states.Stats();
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_LT(stats.batches, static_cast<std::uint64_t>(kThreads * kEach + 1));
}

TEST_F(KeyActionStatesTest, StatusChangesInOneBatchDecideOnEachOther) {
  KeyActionStates states(*store_);
  // Without an expected version, the second Ongoing finds the first applied.
  auto first = ChangeStatus(Shared(states), kAction, ActionStatus::kOngoing, "");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = ChangeStatus(Shared(states), kAction, ActionStatus::kOngoing, "");
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  auto done = ChangeStatus(Shared(states), kAction, ActionStatus::kCompleted, "");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->action.status, ActionStatus::kCompleted);
  ASSERT_TRUE(done->action.completed_at.has_value());
  EXPECT_EQ(*done->action.completed_at, clock_.Now());
}

TEST_F(KeyActionStatesTest, OnlyAnExplicitExpectedVersionConflicts) {
  KeyActionStates states(*store_);
  ASSERT_TRUE(AddComment(Shared(states), kAction, "one").ok());  // Version 2.
  ConflictInfo conflict;
  auto stale = AddComment(Shared(states), kAction, "stale", 1, &conflict);
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_EQ(stale.status().message(), "stream action-ev-1-r1-a1 is at version 2, expected 1");
  EXPECT_EQ(conflict.actual_version, 2u);
  auto fresh = AddComment(Shared(states), kAction, "fresh", 2);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->version, 3u);
}

TEST_F(KeyActionStatesTest, WritesOutsideTheQueueAreFoldedInBeforeDeciding) {
  KeyActionStates states(*store_);
  ASSERT_TRUE(AddComment(Shared(states), kAction, "cached").ok());
  // An import (or any writer that bypasses the queue) moves the stream on.
  AppendDirect(kAction, types::kKeyActionStatusChanged,
               {{"action_id", kAction}, {"from", "Not Initiated"}, {"to", "Ongoing"}}, "import");
  auto r = ChangeStatus(Shared(states), kAction, ActionStatus::kOngoing, "");
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << "decided on the stale cached status";
  auto c = AddComment(Shared(states), kAction, "after the import");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->version, 4u);
  EXPECT_EQ(c->action.status, ActionStatus::kOngoing);
  ASSERT_EQ(c->action.comments.size(), 2u);
  EXPECT_EQ(c->action.comments.back().text, "after the import");
  EXPECT_EQ(states.Stats().misses, 1u);
}

TEST_F(KeyActionStatesTest, AfterARestartTheStateIsFoldedFromTheLog) {
  {
    KeyActionStates states(*store_);
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(AddComment(Shared(states), kAction, "c" + std::to_string(i)).ok());
  }
  store_.reset();
  auto reopened = EventStore::Open(dir_ + "/store", clock_, StoreOptions{.sync = false});
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(*reopened);
  KeyActionStates states(*store_);
  auto r = AddComment(Shared(states), kAction, "after restart");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 10u);
  ASSERT_EQ(r->action.comments.size(), kRecentComments);
  EXPECT_EQ(r->action.comments.front().text, "c4");
  EXPECT_EQ(r->action.comments.back().text, "after restart");
}

TEST_F(KeyActionStatesTest, MemoryIsBoundedByCapacity) {
  for (int i = 2; i <= 4; ++i) {
    const std::string id = "ev-1-r1-a" + std::to_string(i);
    AppendDirect(id, types::kKeyActionAdded, KeyActionAddedData(id), "import");
  }
  KeyActionStates states(*store_, KeyActionStatesOptions{.capacity = 2});
  for (int i = 1; i <= 4; ++i) {
    ASSERT_TRUE(AddComment(Shared(states), "ev-1-r1-a" + std::to_string(i), "x").ok());
  }
  EXPECT_EQ(states.Stats().cached, 2u);
  EXPECT_EQ(states.Stats().misses, 4u);
  // The evicted first action is folded again, and exactly.
  auto r = AddComment(Shared(states), kAction, "y");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, 3u);
  EXPECT_EQ(states.Stats().misses, 5u);
  // An unknown action is answered and not kept.
  EXPECT_EQ(AddComment(Shared(states), "ev-9-r9-a9", "z").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(states.Stats().cached, 2u);
}

TEST_F(KeyActionStatesTest, AResentEventIdIsAnsweredFromTheStoredEvent) {
  KeyActionStates states(*store_);
  CommandContext ctx = Shared(states);
  ctx.event_id = "5A0E2B7C-1D3F-4E5A-9B6C-7D8E9F0A1B2C";
  auto first = AddComment(ctx, kAction, "once");
  ASSERT_TRUE(first.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(AddComment(Shared(states), kAction, "later").ok());
  auto again = AddComment(ctx, kAction, "once");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->deduplicated);
  EXPECT_EQ(again->version, first->version);
  EXPECT_EQ(again->action.version, 5u);
  auto other = AddComment(ctx, kAction, "another text");
  EXPECT_EQ(other.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->StreamVersion(ActionStream(kAction)), 5u);
}

}  // namespace
}  // namespace mrtrack::events
