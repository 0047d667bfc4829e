// Reads: streams both ways, the whole log, Scan, time ranges, waiting for new events.
#include "events/store.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/crypto.h"
#include "tests/events/store/store_test_util.h"

namespace mrtrack::events {
namespace {

using store_test::At;
using store_test::Ev;
using store_test::One;
using store_test::Part;
using store_test::TempDir;
using store_test::Uuid;

std::vector<std::uint64_t> Versions(const std::vector<RecordedEvent>& events) {
  std::vector<std::uint64_t> v;
  for (const auto& e : events) v.push_back(e.version);
  return v;
}
std::vector<std::uint64_t> Positions(const std::vector<RecordedEvent>& events) {
  std::vector<std::uint64_t> v;
  for (const auto& e : events) v.push_back(e.position);
  return v;
}

class ReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.sync = false});
    ASSERT_NE(store_, nullptr);
  }
  // Positions 1..10 alternate between streams "a" (odd) and "b" (even);
  // the clock moves one second per append.
  void Interleave() {
    for (int i = 1; i <= 10; ++i) {
      ASSERT_OK(store_->Append(One(i % 2 ? "a" : "b", ExpectedVersion::Any(), {Ev("E", {{"i", i}})})));
      clock_.Advance(std::chrono::seconds(1));
    }
  }

  TempDir dir_;
  ManualClock clock_{At("2025-06-30T08:00:00Z")};
  std::unique_ptr<EventStore> store_;
};

TEST_F(ReadsTest, EveryFieldComesBack) {
  NewEvent e = Ev("KeyActionStatusChanged", {{"from", "Ongoing"}, {"to", "Completed"}, {"ü", "ß"}}, Uuid(5), "alice");
  e.schema_version = 3;
  e.correlation_id = "req-1";
  e.causation_id = "cmd-9";
  clock_.Set(At("2025-06-30T08:15:02.000015Z"));
  ASSERT_OK(store_->Append(One("action-1", ExpectedVersion::NoStream(), {e})));
  auto events = store_->ReadStream("action-1", 1, Direction::kForward, 10);
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  const RecordedEvent& r = (*events)[0];
  EXPECT_EQ(r.position, 1u);
  EXPECT_EQ(r.stream, "action-1");
  EXPECT_EQ(r.version, 1u);
  EXPECT_EQ(r.event_id, Uuid(5));
  EXPECT_EQ(r.type, "KeyActionStatusChanged");
  EXPECT_EQ(r.schema_version, 3);
  EXPECT_EQ(r.recorded_at, At("2025-06-30T08:15:02.000015Z"));
  EXPECT_EQ(r.actor, "alice");
  EXPECT_EQ(r.correlation_id, "req-1");
  EXPECT_EQ(r.causation_id, "cmd-9");
  EXPECT_EQ(r.data, e.data);
  EXPECT_EQ(r.stored_bytes,
            R"({"actor":"alice","causation_id":"cmd-9","correlation_id":"req-1","data":{"from":"Ongoing",)"
            R"("to":"Completed","ü":"ß"},"event_id":")" + Uuid(5) +
                R"(","position":1,"recorded_at":"2025-06-30T08:15:02.000015Z","schema_version":3,)"
                R"("stream":"action-1","type":"KeyActionStatusChanged","version":1})");
  Sha256Digest genesis{};
  EXPECT_EQ(r.chain_hash, Sha256Concat(std::string_view(reinterpret_cast<const char*>(genesis.data()), 32), r.stored_bytes));
  // The same event through every read path.
  EXPECT_EQ(store_->ReadAll(1, 1)->at(0).stored_bytes, r.stored_bytes);
  EXPECT_EQ(store_->ReadAll(1, 1)->at(0).chain_hash, r.chain_hash);
  EXPECT_EQ(store_->ReadByTime(r.recorded_at, r.recorded_at + std::chrono::microseconds(1), 5)->at(0).chain_hash,
            r.chain_hash);
}

TEST_F(ReadsTest, StreamForwardFromAndMax) {
  Interleave();
  EXPECT_EQ(Versions(*store_->ReadStream("a", 1, Direction::kForward, 100)), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(Positions(*store_->ReadStream("a", 1, Direction::kForward, 100)), (std::vector<std::uint64_t>{1, 3, 5, 7, 9}));
  EXPECT_EQ(Versions(*store_->ReadStream("a", 0, Direction::kForward, 100)), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(Versions(*store_->ReadStream("a", 3, Direction::kForward, 2)), (std::vector<std::uint64_t>{3, 4}));
  EXPECT_EQ(Positions(*store_->ReadStream("b", 4, Direction::kForward, 10)), (std::vector<std::uint64_t>{8, 10}));
  EXPECT_TRUE(store_->ReadStream("a", 6, Direction::kForward, 10)->empty());
  EXPECT_TRUE(store_->ReadStream("a", 1, Direction::kForward, 0)->empty());
  EXPECT_TRUE(store_->ReadStream("missing", 1, Direction::kForward, 10)->empty());
}

TEST_F(ReadsTest, StreamBackwardFromAndMax) {
  Interleave();
  EXPECT_EQ(Versions(*store_->ReadStream("a", UINT64_MAX, Direction::kBackward, 100)),
            (std::vector<std::uint64_t>{5, 4, 3, 2, 1}));
  EXPECT_EQ(Versions(*store_->ReadStream("a", 3, Direction::kBackward, 100)), (std::vector<std::uint64_t>{3, 2, 1}));
  EXPECT_EQ(Versions(*store_->ReadStream("b", UINT64_MAX, Direction::kBackward, 2)), (std::vector<std::uint64_t>{5, 4}));
  EXPECT_EQ(Positions(*store_->ReadStream("b", 1, Direction::kBackward, 10)), (std::vector<std::uint64_t>{2}));
  EXPECT_TRUE(store_->ReadStream("a", 0, Direction::kBackward, 10)->empty());
  EXPECT_TRUE(store_->ReadStream("missing", UINT64_MAX, Direction::kBackward, 10)->empty());
}

TEST_F(ReadsTest, StreamNamesThatArePrefixesDoNotMix) {
  ASSERT_OK(store_->Append(One("a", ExpectedVersion::Any(), {Ev("E")})));
  ASSERT_OK(store_->Append(One("ab", ExpectedVersion::Any(), {Ev("E"), Ev("E")})));
  ASSERT_OK(store_->Append(One("a", ExpectedVersion::Any(), {Ev("E")})));
  EXPECT_EQ(Positions(*store_->ReadStream("a", 1, Direction::kForward, 10)), (std::vector<std::uint64_t>{1, 4}));
  EXPECT_EQ(Positions(*store_->ReadStream("a", UINT64_MAX, Direction::kBackward, 10)), (std::vector<std::uint64_t>{4, 1}));
  EXPECT_EQ(Positions(*store_->ReadStream("ab", 1, Direction::kForward, 10)), (std::vector<std::uint64_t>{2, 3}));
}

TEST_F(ReadsTest, ReadAllFromAndMax) {
  Interleave();
  EXPECT_EQ(Positions(*store_->ReadAll(0, 100)), (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(Positions(*store_->ReadAll(4, 3)), (std::vector<std::uint64_t>{4, 5, 6}));
  EXPECT_EQ(Positions(*store_->ReadAll(10, 3)), (std::vector<std::uint64_t>{10}));
  EXPECT_TRUE(store_->ReadAll(11, 3)->empty());
  EXPECT_TRUE(store_->ReadAll(1, 0)->empty());
}

TEST_F(ReadsTest, ScanVisitsInOrderAndStopsEarly) {
  Interleave();
  std::vector<std::uint64_t> seen;
  ASSERT_OK(store_->Scan(3, [&](const RecordedEvent& e) {
    seen.push_back(e.position);
    EXPECT_EQ(e.data["i"], static_cast<int>(e.position));
    return e.position < 6;
  }));
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{3, 4, 5, 6}));
  std::uint64_t count = 0;
  ASSERT_OK(store_->Scan(0, [&](const RecordedEvent&) { return ++count > 0; }));
  EXPECT_EQ(count, 10u);
}

TEST_F(ReadsTest, ScanTurnsACallbackExceptionIntoAStatus) {
  Interleave();
  Status s = store_->Scan(1, [](const RecordedEvent&) -> bool { throw std::runtime_error("boom"); });
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message(), "scanning the log: boom");
}

TEST_F(ReadsTest, ReadByTimeIsHalfOpenAndInLogOrder) {
  Interleave();  // Position p was recorded at 08:00:00 + (p-1) s.
  EXPECT_EQ(Positions(*store_->ReadByTime(At("2025-06-30T08:00:02Z"), At("2025-06-30T08:00:05Z"), 100)),
            (std::vector<std::uint64_t>{3, 4, 5}));
  EXPECT_EQ(Positions(*store_->ReadByTime(At("2025-06-30T08:00:02Z"), At("2025-06-30T08:00:05Z"), 2)),
            (std::vector<std::uint64_t>{3, 4}));
  EXPECT_EQ(Positions(*store_->ReadByTime(At("2025-01-01T00:00:00Z"), At("2026-01-01T00:00:00Z"), 100)).size(), 10u);
  EXPECT_TRUE(store_->ReadByTime(At("2025-06-30T08:00:05Z"), At("2025-06-30T08:00:05Z"), 100)->empty());
  EXPECT_TRUE(store_->ReadByTime(At("2025-06-30T09:00:00Z"), At("2025-06-30T10:00:00Z"), 100)->empty());
}

TEST_F(ReadsTest, RecordedAtNeverGoesBackwards) {
  clock_.Set(At("2025-06-30T10:00:00Z"));
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::Any(), {Ev("E")})));
  clock_.Set(At("2025-06-30T09:00:00Z"));  // The clock steps back an hour.
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::Any(), {Ev("E")})));
  clock_.Set(At("2025-06-30T10:00:01Z"));
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::Any(), {Ev("E")})));
  auto events = store_->ReadAll(1, 10);
  ASSERT_OK(events);
  EXPECT_EQ((*events)[0].recorded_at, At("2025-06-30T10:00:00Z"));
  EXPECT_EQ((*events)[1].recorded_at, At("2025-06-30T10:00:00Z"));
  EXPECT_EQ((*events)[2].recorded_at, At("2025-06-30T10:00:01Z"));
  EXPECT_EQ(Positions(*store_->ReadByTime(At("2025-06-30T09:00:00Z"), At("2025-06-30T10:00:01Z"), 10)),
            (std::vector<std::uint64_t>{1, 2}));
  // Also across a reopen: the last time is loaded with the head.
  store_.reset();
  store_ = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.sync = false});
  clock_.Set(At("2025-06-30T08:00:00Z"));
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::Any(), {Ev("E")})));
  EXPECT_EQ(store_->ReadAll(4, 1)->at(0).recorded_at, At("2025-06-30T10:00:01Z"));
  EXPECT_TRUE(store_->Verify().ok);
}

TEST_F(ReadsTest, TimesBeforeTheEpochSortFirst) {
  clock_.Set(At("1969-12-31T23:59:59Z"));
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::Any(), {Ev("E")})));
  clock_.Set(At("1970-01-01T00:00:01Z"));
  ASSERT_OK(store_->Append(One("s", ExpectedVersion::Any(), {Ev("E")})));
  EXPECT_EQ(Positions(*store_->ReadByTime(At("1969-01-01T00:00:00Z"), At("1971-01-01T00:00:00Z"), 10)),
            (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(Positions(*store_->ReadByTime(At("1969-01-01T00:00:00Z"), At("1970-01-01T00:00:00Z"), 10)),
            (std::vector<std::uint64_t>{1}));
}

TEST_F(ReadsTest, StreamVersionAndHeadPosition) {
  EXPECT_EQ(store_->HeadPosition(), 0u);
  EXPECT_EQ(store_->StreamVersion("a"), 0u);
  Interleave();
  EXPECT_EQ(store_->HeadPosition(), 10u);
  EXPECT_EQ(store_->StreamVersion("a"), 5u);
  EXPECT_EQ(store_->StreamVersion("b"), 5u);
  store_.reset();
  store_ = store_test::OpenStore(dir_.path(), clock_, StoreOptions{.read_only = true});
  EXPECT_EQ(store_->HeadPosition(), 10u);
  EXPECT_EQ(store_->StreamVersion("a"), 5u);
}

TEST_F(ReadsTest, WaitForPositionAfterReturnsAtOnceWhenAlreadyPast) {
  Interleave();
  EXPECT_EQ(store_->WaitForPositionAfter(3, std::chrono::hours(1)), 10u);
  EXPECT_EQ(store_->WaitForPositionAfter(10, std::chrono::milliseconds(0)), 10u);
}

TEST_F(ReadsTest, WaitForPositionAfterWakesWhenAnotherThreadAppends) {
  Interleave();
  std::thread appender([&] {
    ASSERT_OK(store_->Append(One("c", ExpectedVersion::Any(), {Ev("E")})));
  });
  // The timeout only bounds a broken implementation; the append wakes us.
  EXPECT_EQ(store_->WaitForPositionAfter(10, std::chrono::minutes(1)), 11u);
  appender.join();
}

// Decoding goes through simdjson; the values must be those nlohmann's own
// parser gives for the same stored bytes (types included), so that folds and
// comparisons see no difference.
TEST_F(ReadsTest, DecodedDataEqualsWhatWasWritten) {
  nlohmann::json data = {{"big", 18446744073709551615ULL}, {"neg", -5}, {"zero", 0}, {"real", 2.5},
                         {"text", "tab\t \"quote\" é 𝄞"}, {"null", nullptr}, {"flag", true},
                         {"list", {1, "two", {{"three", 3}}, nlohmann::json::array()}}, {"empty", nlohmann::json::object()}};
  ASSERT_OK(store_->Append(One("d", ExpectedVersion::Any(), {Ev("E", data)})));
  auto events = store_->ReadStream("d", 1, Direction::kForward, 1);
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  const nlohmann::json& back = (*events)[0].data;
  EXPECT_EQ(back, data);
  EXPECT_EQ(back.dump(), data.dump());
  EXPECT_TRUE(back["zero"].is_number_unsigned());
  EXPECT_TRUE(back["neg"].is_number_integer());
  EXPECT_TRUE(back["real"].is_number_float());
  EXPECT_EQ(back, nlohmann::json::parse((*events)[0].stored_bytes)["data"]);
}

}  // namespace
}  // namespace mrtrack::events
