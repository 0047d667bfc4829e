// Idempotent event ids, forever (DESIGN.md "Events").
#include "events/store.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/events/store/store_test_util.h"

namespace mrtrack::events {
namespace {

using store_test::At;
using store_test::Ev;
using store_test::One;
using store_test::Part;
using store_test::TempDir;
using store_test::Uuid;

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    store_.reset();
    store_ = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.sync = false});
    ASSERT_NE(store_, nullptr);
  }

  // The original append: two streams, three events.
  std::vector<AppendPart> Original() {
    std::vector<AppendPart> parts;
    parts.push_back(Part("evaluation-1", ExpectedVersion::NoStream(),
                         {Ev("EvaluationRegistered", {{"title", "Umbrella"}}, Uuid(1)),
                          Ev("RecommendationAdded", {{"n", 1}}, Uuid(2))}));
    parts.push_back(Part("action-1", ExpectedVersion::NoStream(), {Ev("KeyActionAdded", {{"d", 1.5}}, Uuid(3))}));
    return parts;
  }

  TempDir dir_;
  ManualClock clock_{At("2025-06-30T08:00:00Z")};
  std::unique_ptr<EventStore> store_;
};

TEST_F(IdempotencyTest, SameIdsAndContentReturnTheOriginalPositionsAndWriteNothing) {
  ASSERT_OK(store_->Append(One("other", ExpectedVersion::Any(), {Ev("X")})));
  auto first = store_->Append(Original());
  ASSERT_OK(first);
  EXPECT_EQ(first->positions, (std::vector<std::uint64_t>{2, 3, 4}));
  EXPECT_EQ(first->stream_versions, (std::vector<std::uint64_t>{2, 1}));
  ASSERT_OK(store_->Append(One("evaluation-1", ExpectedVersion::Any(), {Ev("Later")})));
  std::uint64_t head = store_->HeadPosition();
  auto before = store_->Stats();

  // Expected versions no longer hold (no_stream), yet the retry succeeds.
  auto again = store_->Append(Original());
  ASSERT_OK(again);
  EXPECT_TRUE(again->deduplicated);
  EXPECT_EQ(again->positions, first->positions);
  EXPECT_EQ(again->stream_versions, first->stream_versions);
  EXPECT_EQ(store_->HeadPosition(), head);
  EXPECT_EQ(store_->Stats().events_written, before.events_written);
  EXPECT_EQ(store_->Stats().batches_written, before.batches_written);
  EXPECT_EQ(store_->Stats().appends, before.appends + 1);
  EXPECT_EQ(store_->StreamVersion("evaluation-1"), 3u);
}

TEST_F(IdempotencyTest, ActorAndCorrelationMayDifferOnARetry) {
  ASSERT_OK(store_->Append(Original()));
  auto retry = Original();
  retry[0].events[0].actor = "someone-else";
  retry[0].events[0].correlation_id = "req-2";
  auto r = store_->Append(std::move(retry));
  ASSERT_OK(r);
  EXPECT_TRUE(r->deduplicated);
}

TEST_F(IdempotencyTest, UpperCaseIdIsTheSameId) {
  std::string upper = "ABCDEF01-2345-4678-89AB-CDEF01234567";
  auto r = store_->Append(One("s", ExpectedVersion::Any(), {Ev("A", {}, upper)}));
  ASSERT_OK(r);
  auto again = store_->Append(One("s", ExpectedVersion::Any(), {Ev("A", {}, "abcdef01-2345-4678-89ab-cdef01234567")}));
  ASSERT_OK(again);
  EXPECT_TRUE(again->deduplicated);
  EXPECT_EQ(store_->ReadAll(1, 1)->at(0).event_id, "abcdef01-2345-4678-89ab-cdef01234567");
}

TEST_F(IdempotencyTest, SameIdWithOtherContentIsAlreadyExists) {
  ASSERT_OK(store_->Append(Original()));
  struct Case {
    const char* name;
    void (*change)(std::vector<AppendPart>&);
    const char* differs;
  };
  const Case cases[] = {
      {"data", [](std::vector<AppendPart>& p) { p[1].events[0].data["d"] = 2.5; }, "data"},
      {"type", [](std::vector<AppendPart>& p) { p[1].events[0].type = "Other"; }, "type"},
      {"schema", [](std::vector<AppendPart>& p) { p[1].events[0].schema_version = 2; }, "schema_version"},
      {"stream", [](std::vector<AppendPart>& p) { p[1].stream = "action-2"; }, "stream"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto parts = Original();
    c.change(parts);
    auto r = store_->Append(std::move(parts));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
    EXPECT_EQ(r.status().message(), "event id " + Uuid(3) + " is already stored at position 3 with other content (" +
                                        c.differs + " differ); an event id may only be reused for the very same event");
    EXPECT_EQ(r.status().field(), "parts[1].events[0].event_id");
    EXPECT_EQ(store_->HeadPosition(), 3u);
  }
}

TEST_F(IdempotencyTest, StoredIdsMixedWithNewOnesAreAlreadyExists) {
  ASSERT_OK(store_->Append(Original()));
  auto parts = Original();
  parts[1].events.push_back(Ev("KeyActionCommentAdded", {}, Uuid(4)));
  auto r = store_->Append(std::move(parts));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(r.status().message(),
            "event id " + Uuid(1) + " is already stored at position 1 but event id " + Uuid(4) +
                " of the same append is new; an append is deduplicated only as a whole: resend exactly the original "
                "events, or give the new events their own append");
  EXPECT_EQ(r.status().field(), "parts[0].events[0].event_id");
  EXPECT_EQ(store_->HeadPosition(), 3u);
  EXPECT_EQ(store_->StreamVersion("action-1"), 1u);
}

TEST_F(IdempotencyTest, ASubsetOfAnAppendDeduplicatesToItsOwnPositions) {
  ASSERT_OK(store_->Append(Original()));
  auto r = store_->Append(One("action-1", ExpectedVersion::Any(), {Ev("KeyActionAdded", {{"d", 1.5}}, Uuid(3))}));
  ASSERT_OK(r);
  EXPECT_TRUE(r->deduplicated);
  EXPECT_EQ(r->positions, (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(r->stream_versions, (std::vector<std::uint64_t>{1}));
}

TEST_F(IdempotencyTest, SameIdTwiceInOneAppendIsInvalid) {
  std::vector<AppendPart> parts;
  parts.push_back(Part("a", ExpectedVersion::Any(), {Ev("A", {}, Uuid(7))}));
  parts.push_back(Part("b", ExpectedVersion::Any(), {Ev("B"), Ev("B", {}, Uuid(7))}));
  auto r = store_->Append(std::move(parts));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "event id " + Uuid(7) + " appears twice in one append (parts[0].events[0] and parts[1].events[1])");
  EXPECT_EQ(r.status().field(), "parts[1].events[1].event_id");
  EXPECT_EQ(store_->HeadPosition(), 0u);
}

TEST_F(IdempotencyTest, DeduplicationSurvivesReopen) {
  auto first = store_->Append(Original());
  ASSERT_OK(first);
  for (int i = 0; i < 50; ++i) ASSERT_OK(store_->Append(One("filler", ExpectedVersion::Any(), {Ev("F")})));
  Reopen();
  auto again = store_->Append(Original());
  ASSERT_OK(again);
  EXPECT_TRUE(again->deduplicated);
  EXPECT_EQ(again->positions, first->positions);
  EXPECT_EQ(again->stream_versions, first->stream_versions);
  EXPECT_EQ(store_->HeadPosition(), 53u);
  auto changed = Original();
  changed[0].events[1].data = {{"n", 2}};
  EXPECT_EQ(store_->Append(std::move(changed)).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(IdempotencyTest, GeneratedIdsAreUuidsAndDistinct) {
  auto r = store_->Append(One("s", ExpectedVersion::Any(), {Ev("A"), Ev("B")}));
  ASSERT_OK(r);
  auto events = store_->ReadStream("s", 1, Direction::kForward, 10);
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_TRUE(IsUuid((*events)[0].event_id));
  EXPECT_NE((*events)[0].event_id, (*events)[1].event_id);
}

TEST_F(IdempotencyTest, DuplicatesRacingInOneBatchAreWrittenOnce) {
  // The same append from many threads at once: exactly one writes, every
  // other one gets the same positions, whichever batch it lands in.
  constexpr int kThreads = 12;
  std::vector<Result<AppendResult>> results(kThreads, Status(StatusCode::kInternal, "not run"));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { results[static_cast<std::size_t>(t)] = store_->Append(Original()); });
  }
  for (auto& t : threads) t.join();
  int written = 0;
  for (const auto& r : results) {
    ASSERT_OK(r);
    EXPECT_EQ(r->positions, (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(r->stream_versions, (std::vector<std::uint64_t>{2, 1}));
    written += r->deduplicated ? 0 : 1;
  }
  EXPECT_EQ(written, 1);
  EXPECT_EQ(store_->HeadPosition(), 3u);
  EXPECT_TRUE(store_->Verify().ok);
}

TEST_F(IdempotencyTest, AConflictingDuplicateInTheSameBatchIsAlreadyExists) {
  std::vector<Result<AppendResult>> results(10, Status(StatusCode::kInternal, "not run"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&, t] {
      results[static_cast<std::size_t>(t)] =
          store_->Append(One("s", ExpectedVersion::Any(), {Ev("A", {{"who", t}}, Uuid(99))}));
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0;
  for (const auto& r : results) {
    if (r.ok()) {
      ++ok;
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists) << r.status().ToString();
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(store_->HeadPosition(), 1u);
}

}  // namespace
}  // namespace mrtrack::events
