#include "common/mutex.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace mrtrack {
namespace {

// A queue in the shape the header recommends: annotated state, a wait loop.
class Mailbox {
 public:
  void Put(int v) MRTRACK_EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    items_.push_back(v);
    cv_.SignalAll();
  }
  int TakeSum(std::size_t count) MRTRACK_EXCLUDES(mu_) {
    MutexLock lock(&mu_);
    while (items_.size() < count) cv_.Wait(&mu_);
    int sum = 0;
    for (int v : items_) sum += v;
    return sum;
  }
  bool WaitNonEmpty(std::chrono::milliseconds timeout) MRTRACK_EXCLUDES(mu_) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    MutexLock lock(&mu_);
    while (items_.empty()) {
      if (!cv_.WaitUntil(&mu_, deadline)) return !items_.empty();
    }
    return true;
  }

 private:
  Mutex mu_;
  CondVar cv_;
  std::vector<int> items_ MRTRACK_GUARDED_BY(mu_);
};

TEST(MutexTest, WaitersSeeEveryPutOfOtherThreads) {
  Mailbox box;
  std::vector<std::thread> producers;
  for (int t = 0; t < 4; ++t) {
    producers.emplace_back([&box, t] {
      for (int i = 1; i <= 100; ++i) box.Put(t * 1000 + i);
    });
  }
  // 4 * (sum 1..100) + 1000 * 100 * (0 + 1 + 2 + 3)
  EXPECT_EQ(box.TakeSum(400), 4 * 5050 + 600000);
  for (auto& p : producers) p.join();
}

TEST(MutexTest, TimedWaitReportsTimeoutAndReturnsHoldingTheLock) {
  Mailbox box;
  EXPECT_FALSE(box.WaitNonEmpty(std::chrono::milliseconds(1)));
  box.Put(7);  // Would deadlock had the timed wait left the mutex locked.
  EXPECT_TRUE(box.WaitNonEmpty(std::chrono::milliseconds(0)));
}

TEST(MutexTest, TryLockFailsWhileHeld) {
  Mutex mu;
  {
    MutexLock lock(&mu);
    std::thread other([&mu] {
      const bool got = mu.TryLock();
      EXPECT_FALSE(got);
      if (got) mu.Unlock();
    });
    other.join();
  }
  if (mu.TryLock()) {
    mu.Unlock();
  } else {
    ADD_FAILURE() << "TryLock failed on a free mutex";
  }
}

struct Shared {
  SharedMutex mu;
  int value MRTRACK_GUARDED_BY(mu) = 0;
};

TEST(MutexTest, ReadersShareAndWritersExclude) {
  Shared shared;
  {
    ReaderMutexLock first(&shared.mu);
    // A second reader on another thread gets in while the first holds it.
    std::thread reader([&shared] {
      ReaderMutexLock second(&shared.mu);
      EXPECT_EQ(shared.value, 0);
    });
    reader.join();
  }
  std::thread writer([&shared] {
    WriterMutexLock lock(&shared.mu);
    shared.value = 1;
  });
  writer.join();
  ReaderMutexLock lock(&shared.mu);
  EXPECT_EQ(shared.value, 1);
}

}  // namespace
}  // namespace mrtrack
