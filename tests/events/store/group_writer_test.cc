// The writer thread's edge cases, driven through its internal interface:
// stopping with appends queued, and a write that fails.
#include "events/store/group_writer.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "events/store/store_state.h"
#include "tests/events/store/store_test_util.h"

namespace mrtrack::events::store {
namespace {

using store_test::At;
using store_test::Ev;
using store_test::One;
using store_test::TempDir;

// A clock whose Now() blocks until released: holds the writer inside a batch.
class GateClock final : public Clock {
 public:
  Timestamp Now() const override {
    std::unique_lock lock(mu_);
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
    return At("2025-06-30T08:00:00Z");
  }
  void WaitUntilEntered() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return entered_; });
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  mutable bool entered_ = false;
  bool open_ = false;
};

struct Opened {
  std::unique_ptr<StoreDb> db;
  std::unique_ptr<StoreState> state;
};

Opened OpenParts(const std::string& dir, const Clock& clock, bool read_only) {
  Opened o;
  auto db = OpenStoreDb(dir, StoreOptions{.sync = false, .read_only = read_only}, clock);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  o.db = std::move(db).value();
  auto head = LoadLogHead(*o.db, !read_only);
  auto heads = LoadStreamHeads(*o.db);
  EXPECT_TRUE(head.ok() && heads.ok());
  o.state = std::make_unique<StoreState>(*head, std::move(heads).value());
  return o;
}

void Prepare(AppendRequest* r, const std::string& stream) {
  Status s = PrepareAppend(One(stream, ExpectedVersion::Any(), {Ev("E")}), r);
  ASSERT_TRUE(s.ok()) << s.ToString();
}

TEST(GroupWriterTest, StoppingAnswersQueuedAppendsUnavailable) {
  TempDir dir;
  GateClock clock;
  Opened o = OpenParts(dir.path(), SystemClock::Instance(), false);
  auto writer = std::make_unique<GroupWriter>(*o.db, *o.state, clock, StoreOptions{.sync = false});
  // The destructor cannot finish while the writer is held in Now(), so `w`
  // stays valid until the gate opens.
  GroupWriter* w = writer.get();

  AppendRequest first, queued1, queued2, late;
  Prepare(&first, "a");
  Prepare(&queued1, "b");
  Prepare(&queued2, "c");
  Prepare(&late, "d");
  std::thread t1([&] { w->Submit(&first); });
  clock.WaitUntilEntered();  // The writer holds `first` in its batch.
  std::thread t2([&] { w->Submit(&queued1); });
  std::thread t3([&] { w->Submit(&queued2); });
  while (w->QueueDepth() < 2) std::this_thread::yield();

  std::thread closer([&writer] { writer.reset(); });
  while (!w->Stopping()) std::this_thread::yield();
  w->Submit(&late);  // Refused at once while stopping.
  EXPECT_EQ(late.status.code(), StatusCode::kUnavailable);
  clock.Open();
  closer.join();
  t1.join();
  t2.join();
  t3.join();

  EXPECT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_EQ(first.result.positions, (std::vector<std::uint64_t>{1}));
  for (AppendRequest* r : {&queued1, &queued2}) {
    EXPECT_EQ(r->status.code(), StatusCode::kUnavailable);
    EXPECT_EQ(r->status.message(), "the event store is closing; the append was not written");
  }
  EXPECT_EQ(o.state->HeadPosition(), 1u);
  EXPECT_EQ(o.state->StreamVersion("b"), 0u);
}

TEST(GroupWriterTest, AFailedWriteFailsTheBatchAndChangesNothingInMemory) {
  TempDir dir;
  ManualClock clock(At("2025-06-30T08:00:00Z"));
  {
    auto store = store_test::OpenStore(dir.path(), clock, StoreOptions{.sync = false});
    ASSERT_OK(store->Append(One("a", ExpectedVersion::Any(), {Ev("E", {}, store_test::Uuid(1))})));
  }
  // RocksDB refuses every write on a read-only open: a write failure on demand.
  Opened o = OpenParts(dir.path(), clock, true);
  GroupWriter writer(*o.db, *o.state, clock, StoreOptions{.sync = true});
  AppendRequest fresh;
  Prepare(&fresh, "a");
  writer.Submit(&fresh);
  EXPECT_EQ(fresh.status.code(), StatusCode::kIoError);
  EXPECT_EQ(fresh.status.message().rfind("writing a batch of 1 events to '" + dir.path() + "': ", 0), 0u)
      << fresh.status.message();
  EXPECT_EQ(o.state->HeadPosition(), 1u);
  EXPECT_EQ(o.state->StreamVersion("a"), 1u);
  EXPECT_EQ(o.state->batches_written.load(), 0u);

  // A pure deduplication needs no write, so it still succeeds.
  AppendRequest retry;
  ASSERT_TRUE(PrepareAppend(One("a", ExpectedVersion::Any(), {Ev("E", {}, store_test::Uuid(1))}), &retry).ok());
  writer.Submit(&retry);
  EXPECT_TRUE(retry.status.ok()) << retry.status.ToString();
  EXPECT_TRUE(retry.result.deduplicated);
  EXPECT_EQ(retry.result.positions, (std::vector<std::uint64_t>{1}));
}

}  // namespace
}  // namespace mrtrack::events::store
