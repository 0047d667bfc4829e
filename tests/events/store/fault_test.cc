// Faults under a real store (test_support::FaultEnv below RocksDB): an I/O
// error or a full disk while appending. Nothing acknowledged is lost, what
// failed is not half-written, and the store says why it refuses.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/storage_full.h"
#include "events/store_env.h"
#include "events/store_health.h"
#include "tests/events/store/store_test_util.h"
#include "tests/support/fault_env.h"

namespace mrtrack::events {
namespace {

using store_test::At;
using store_test::Ev;
using store_test::One;
using store_test::OpenStore;
using store_test::TempDir;
using test_support::FaultEnv;

class StoreFaultTest : public ::testing::Test {
 protected:
  void SetUp() override { SetStoreEnvForTesting(&env_); }
  void TearDown() override { SetStoreEnvForTesting(nullptr); }
  std::unique_ptr<EventStore> Open() { return OpenStore(dir_.Sub("events"), clock_); }
  Result<AppendResult> AppendOne(EventStore& store, int i) {
    return store.Append(One("s", ExpectedVersion::Any(), {Ev("Noted", {{"i", i}})}));
  }
  // Appends i = from..to-1, each acknowledged, recording them.
  void AppendAcknowledged(EventStore& store, int from, int to, std::vector<int>* acknowledged) {
    for (int i = from; i < to; ++i) {
      ASSERT_OK(AppendOne(store, i));
      acknowledged->push_back(i);
    }
  }
  // After a reopen: exactly `acknowledged` events, in order, and a chain that verifies.
  void ExpectIntact(EventStore& store, const std::vector<int>& acknowledged) {
    EXPECT_EQ(store.HeadPosition(), acknowledged.size());
    auto all = store.ReadAll(1, 1000);
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), acknowledged.size());
    for (std::size_t k = 0; k < acknowledged.size(); ++k) EXPECT_EQ((*all)[k].data["i"], acknowledged[k]) << k;
    VerifyReport report = store.Verify();
    EXPECT_TRUE(report.ok) << report.problem;
  }

  TempDir dir_;
  ManualClock clock_{At("2026-01-01T00:00:00Z")};
  FaultEnv env_;
};

TEST_F(StoreFaultTest, AnIoErrorRefusesWritesWithTheReasonAndAReopenRecoversEverythingAcknowledged) {
  std::vector<int> acknowledged;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_NO_FATAL_FAILURE(AppendAcknowledged(*store, 0, 5, &acknowledged));
    env_.Set(FaultEnv::Fault::kIoError);
    for (int i = 5; i < 8; ++i) {
      auto refused = AppendOne(*store, i);
      ASSERT_FALSE(refused.ok());
      EXPECT_EQ(refused.status().code(), StatusCode::kIoError) << refused.status().ToString();
      EXPECT_NE(refused.status().message().find("injected I/O error"), std::string::npos) << refused.status().ToString();
    }
    Status health = StoreWriteHealth(*store);
    EXPECT_EQ(health.code(), StatusCode::kIoError);
    EXPECT_NE(health.message().find("injected I/O error"), std::string::npos) << health.ToString();
    EXPECT_EQ(store->HeadPosition(), 5u);
    // Reads go on.
    auto read = store->ReadAll(1, 10);
    ASSERT_OK(read);
    EXPECT_EQ(read->size(), 5u);
    env_.Clear();
  }
  auto store = Open();  // The restart.
  ASSERT_NE(store, nullptr);
  ASSERT_NO_FATAL_FAILURE(ExpectIntact(*store, acknowledged));
  ASSERT_OK(AppendOne(*store, 100));
  EXPECT_OK(StoreWriteHealth(*store));
  EXPECT_EQ(store->HeadPosition(), 6u);
}

TEST_F(StoreFaultTest, AFullDiskRefusesWritesAsNoSpaceAndTheyGoOnOnceSpaceReturnsWithoutAReopen) {
  std::vector<int> acknowledged;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_NO_FATAL_FAILURE(AppendAcknowledged(*store, 0, 5, &acknowledged));
    env_.Set(FaultEnv::Fault::kNoSpace);
    for (int i = 5; i < 8; ++i) {
      auto refused = AppendOne(*store, i);
      ASSERT_FALSE(refused.ok());
      EXPECT_TRUE(IsStorageFull(refused.status())) << refused.status().ToString();
      EXPECT_NE(refused.status().message().find("the disk is full"), std::string::npos) << refused.status().ToString();
    }
    EXPECT_TRUE(IsStorageFull(StoreWriteHealth(*store)));
    env_.Clear();  // Space is freed.
    // RocksDB takes up writes again once it has recovered (at once, or after
    // its own check of the free space): appends succeed within seconds.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    auto first = AppendOne(*store, 10);
    while (!first.ok() && IsStorageFull(first.status()) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
      first = AppendOne(*store, 10);
    }
    ASSERT_OK(first);
    acknowledged.push_back(10);
    ASSERT_NO_FATAL_FAILURE(AppendAcknowledged(*store, 11, 15, &acknowledged));
    EXPECT_OK(StoreWriteHealth(*store));
    ASSERT_NO_FATAL_FAILURE(ExpectIntact(*store, acknowledged));
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_NO_FATAL_FAILURE(ExpectIntact(*store, acknowledged));
}

}  // namespace
}  // namespace mrtrack::events
