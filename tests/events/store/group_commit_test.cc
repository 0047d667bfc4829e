// Group commit: many concurrent synced appends share fsyncs (DESIGN.md "Events").
#include "events/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <thread>

#include "tests/events/store/store_test_util.h"

namespace mrtrack::events {
namespace {

using store_test::Ev;
using store_test::One;
using store_test::TempDir;

TEST(GroupCommitTest, ConcurrentSyncedAppendsShareBatchesAndFsyncs) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 200;
  constexpr int kAppends = kThreads * kPerThread;
  TempDir dir;
  auto store = store_test::OpenStore(dir.path(), SystemClock::Instance(), StoreOptions{.sync = true});
  ASSERT_NE(store, nullptr);
  const auto syncs_at_open = store->Stats().wal_syncs;

  std::vector<std::vector<std::uint64_t>> positions(kThreads);
  std::atomic<int> unreadable{0}, failed{0};
  std::barrier start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto& mine = positions[static_cast<std::size_t>(t)];
      std::string stream = "thread-" + std::to_string(t);
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store->Append(One(stream, ExpectedVersion::Exact(static_cast<std::uint64_t>(i)),
                                   {Ev("Tick", {{"t", t}, {"i", i}})}));
        if (!r.ok()) {
          ++failed;
          continue;
        }
        mine.push_back(r->positions[0]);
        // Acknowledged means readable, right now, by anyone.
        auto back = store->ReadAll(r->positions[0], 1);
        if (!back.ok() || back->size() != 1 || (*back)[0].stream != stream ||
            (*back)[0].version != static_cast<std::uint64_t>(i + 1)) {
          ++unreadable;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(unreadable.load(), 0);

  std::vector<std::uint64_t> all;
  for (const auto& p : positions) all.insert(all.end(), p.begin(), p.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kAppends));
  for (std::size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], i + 1) << "positions must be unique and gapless";
  EXPECT_EQ(store->HeadPosition(), static_cast<std::uint64_t>(kAppends));

  auto stats = store->Stats();
  const auto wal_syncs = stats.wal_syncs - syncs_at_open;
  RecordProperty("batches_written", static_cast<int>(stats.batches_written));
  RecordProperty("wal_syncs", static_cast<int>(wal_syncs));
  std::cout << "appends " << kAppends << ", batches " << stats.batches_written << ", WAL fsyncs " << wal_syncs << "\n";
  EXPECT_EQ(stats.appends, static_cast<std::uint64_t>(kAppends));
  EXPECT_EQ(stats.events_written, static_cast<std::uint64_t>(kAppends));
  // One fsync per batch (each batch is one synced write)...
  EXPECT_GE(wal_syncs, stats.batches_written);
  EXPECT_LE(wal_syncs, stats.batches_written + 2);  // +2: slack for RocksDB's own WAL switches.
  // ...and far fewer batches than appends: 16 appenders keep the queue full
  // while each fsync runs. A design that synced every append would have
  // exactly kAppends of each.
  EXPECT_LT(stats.batches_written, static_cast<std::uint64_t>(kAppends / 2));
  EXPECT_LT(wal_syncs, static_cast<std::uint64_t>(kAppends / 2));
  EXPECT_TRUE(store->Verify().ok);
}

TEST(GroupCommitTest, UnsyncedAppendsDoNotFsync) {
  TempDir dir;
  auto store = store_test::OpenStore(dir.path(), SystemClock::Instance(), StoreOptions{.sync = false});
  ASSERT_NE(store, nullptr);
  const auto syncs_at_open = store->Stats().wal_syncs;
  for (int i = 0; i < 20; ++i) ASSERT_OK(store->Append(One("s", ExpectedVersion::Any(), {Ev("A")})));
  EXPECT_EQ(store->Stats().wal_syncs, syncs_at_open);
  EXPECT_EQ(store->Stats().batches_written, 20u);
}

TEST(GroupCommitTest, SmallMaxBatchStillAnswersEveryone) {
  TempDir dir;
  auto store = store_test::OpenStore(dir.path(), SystemClock::Instance(),
                                     StoreOptions{.sync = false, .max_batch_appends = 2});
  ASSERT_NE(store, nullptr);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) EXPECT_OK(store->Append(One("s", ExpectedVersion::Any(), {Ev("A")})));
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store->HeadPosition(), 200u);
  EXPECT_GE(store->Stats().batches_written, 100u);
  EXPECT_TRUE(store->Verify().ok);
}

}  // namespace
}  // namespace mrtrack::events
