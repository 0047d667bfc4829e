// Expected-version semantics of Append (DESIGN.md "Events").
#include "events/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/events/store/store_test_util.h"

namespace mrtrack::events {
namespace {

using store_test::At;
using store_test::Ev;
using store_test::One;
using store_test::Part;
using store_test::TempDir;

class ExpectedVersionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.sync = false});
    ASSERT_NE(store_, nullptr);
  }

  // Appends n events to `stream` with expected Any.
  void Seed(const std::string& stream, int n) {
    for (int i = 0; i < n; ++i) ASSERT_OK(store_->Append(One(stream, ExpectedVersion::Any(), {Ev("Seeded")})));
  }

  // Expects `expected` on `stream` to conflict, reports `actual`, and write nothing.
  void ExpectConflict(const std::string& stream, ExpectedVersion expected, std::uint64_t actual,
                      const std::string& message) {
    std::uint64_t head = store_->HeadPosition();
    ConflictInfo info;
    auto r = store_->Append(One(stream, expected, {Ev("Tried")}), &info);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kConflict);
    EXPECT_EQ(r.status().message(), message);
    EXPECT_EQ(r.status().field(), "parts[0].expected");
    EXPECT_EQ(info.stream, stream);
    EXPECT_EQ(info.actual_version, actual);
    EXPECT_EQ(info.exists, actual > 0);
    EXPECT_EQ(store_->HeadPosition(), head);
    EXPECT_EQ(store_->StreamVersion(stream), actual);
    EXPECT_TRUE(store_->ReadAll(head + 1, 10)->empty());
  }

  TempDir dir_;
  ManualClock clock_{At("2025-06-30T08:00:00Z")};
  std::unique_ptr<EventStore> store_;
};

TEST_F(ExpectedVersionTest, ToStringNamesEachKind) {
  EXPECT_EQ(ExpectedVersion::Any().ToString(), "any");
  EXPECT_EQ(ExpectedVersion::NoStream().ToString(), "no_stream");
  EXPECT_EQ(ExpectedVersion::StreamExists().ToString(), "stream_exists");
  EXPECT_EQ(ExpectedVersion::Exact(7).ToString(), "7");
}

TEST_F(ExpectedVersionTest, AnyMatchesMissingAndExistingStreams) {
  auto r = store_->Append(One("s", ExpectedVersion::Any(), {Ev("A"), Ev("B")}));
  ASSERT_OK(r);
  EXPECT_EQ(r->positions, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(r->stream_versions, (std::vector<std::uint64_t>{2}));
  EXPECT_FALSE(r->deduplicated);
  r = store_->Append(One("s", ExpectedVersion::Any(), {Ev("C")}));
  ASSERT_OK(r);
  EXPECT_EQ(r->stream_versions, (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(store_->StreamVersion("s"), 3u);
}

TEST_F(ExpectedVersionTest, NoStreamMatchesOnlyAMissingStream) {
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::NoStream(), {Ev("A")})));
  ExpectConflict("s", ExpectedVersion::NoStream(), 1,
                 "version conflict on stream 's': expected no_stream, actual version 1");
}

TEST_F(ExpectedVersionTest, StreamExistsMatchesOnlyAnExistingStream) {
  ExpectConflict("s", ExpectedVersion::StreamExists(), 0,
                 "version conflict on stream 's': expected stream_exists, actual version 0 (the stream does not exist)");
  Seed("s", 2);
  auto r = store_->Append(One("s", ExpectedVersion::StreamExists(), {Ev("A")}));
  ASSERT_OK(r);
  EXPECT_EQ(r->stream_versions[0], 3u);
}

TEST_F(ExpectedVersionTest, ExactMatchesOnlyTheCurrentVersion) {
  Seed("s", 3);
  ExpectConflict("s", ExpectedVersion::Exact(2), 3, "version conflict on stream 's': expected version 2, actual version 3");
  ExpectConflict("s", ExpectedVersion::Exact(4), 3, "version conflict on stream 's': expected version 4, actual version 3");
  auto r = store_->Append(One("s", ExpectedVersion::Exact(3), {Ev("A")}));
  ASSERT_OK(r);
  EXPECT_EQ(r->stream_versions[0], 4u);
  EXPECT_EQ(r->positions[0], 4u);
}

TEST_F(ExpectedVersionTest, ExactZeroMeansTheStreamDoesNotExist) {
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::Exact(0), {Ev("A")})));
  ExpectConflict("s", ExpectedVersion::Exact(0), 1, "version conflict on stream 's': expected version 0, actual version 1");
}

TEST_F(ExpectedVersionTest, ConflictOnAnotherStreamLeavesThisOneAlone) {
  Seed("a", 1);
  ExpectConflict("b", ExpectedVersion::Exact(5), 0,
                 "version conflict on stream 'b': expected version 5, actual version 0 (the stream does not exist)");
  EXPECT_EQ(store_->StreamVersion("a"), 1u);
}

TEST_F(ExpectedVersionTest, MultiPartAppendIsAtomic) {
  Seed("b", 2);
  std::vector<AppendPart> parts;
  parts.push_back(Part("a", ExpectedVersion::NoStream(), {Ev("A1"), Ev("A2")}));
  parts.push_back(Part("b", ExpectedVersion::Exact(1), {Ev("B3")}));  // b is at 2.
  ConflictInfo info;
  auto r = store_->Append(std::move(parts), &info);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().field(), "parts[1].expected");
  EXPECT_EQ(info.stream, "b");
  EXPECT_EQ(info.actual_version, 2u);
  EXPECT_TRUE(info.exists);
  // Nothing of part 0 was written.
  EXPECT_EQ(store_->StreamVersion("a"), 0u);
  EXPECT_TRUE(store_->ReadStream("a", 1, Direction::kForward, 10)->empty());
  EXPECT_EQ(store_->HeadPosition(), 2u);

  parts.clear();
  parts.push_back(Part("a", ExpectedVersion::NoStream(), {Ev("A1"), Ev("A2")}));
  parts.push_back(Part("b", ExpectedVersion::Exact(2), {Ev("B3")}));
  auto ok = store_->Append(std::move(parts));
  ASSERT_OK(ok);
  EXPECT_EQ(ok->positions, (std::vector<std::uint64_t>{3, 4, 5}));
  EXPECT_EQ(ok->stream_versions, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_TRUE(store_->Verify().ok);
}

TEST_F(ExpectedVersionTest, ALaterPartOnTheSameStreamSeesTheEarlierPart) {
  std::vector<AppendPart> parts;
  parts.push_back(Part("s", ExpectedVersion::NoStream(), {Ev("A"), Ev("B")}));
  parts.push_back(Part("s", ExpectedVersion::Exact(2), {Ev("C")}));
  auto r = store_->Append(std::move(parts));
  ASSERT_OK(r);
  EXPECT_EQ(r->stream_versions, (std::vector<std::uint64_t>{2, 3}));

  parts.clear();
  parts.push_back(Part("s", ExpectedVersion::Exact(3), {Ev("D")}));
  parts.push_back(Part("s", ExpectedVersion::Exact(3), {Ev("E")}));  // s would be at 4.
  ConflictInfo info;
  auto c = store_->Append(std::move(parts), &info);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "parts[1].expected");
  EXPECT_EQ(info.actual_version, 4u);
  EXPECT_EQ(store_->StreamVersion("s"), 3u);
}

TEST_F(ExpectedVersionTest, ConflictInfoIsLeftAloneOnSuccessAndOptional) {
  ConflictInfo info{"untouched", 42, true};
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::Any(), {Ev("A")}), &info));
  EXPECT_EQ(info.stream, "untouched");
  auto r = store_->Append(One("s", ExpectedVersion::NoStream(), {Ev("A")}));  // No out-param.
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
}

TEST_F(ExpectedVersionTest, ConflictsInOneBatchDoNotAffectOthers) {
  // Many appends on one stream at once with Exact: exactly one per version wins.
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::atomic<int> wins{0}, conflicts{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (std::uint64_t v = 0; v < 20; ++v) {
        auto r = store_->Append(One("race", ExpectedVersion::Exact(store_->StreamVersion("race")), {Ev("Step")}));
        if (r.ok()) {
          ++wins;
        } else {
          EXPECT_EQ(r.status().code(), StatusCode::kConflict);
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store_->StreamVersion("race"), static_cast<std::uint64_t>(wins.load()));
  EXPECT_EQ(wins + conflicts, kThreads * 20);
  EXPECT_TRUE(store_->Verify().ok);
}

}  // namespace
}  // namespace mrtrack::events
