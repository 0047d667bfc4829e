// Mutex, SharedMutex, their scoped locks and CondVar: std::mutex,
// std::shared_mutex and std::condition_variable wrapped so that clang's
// -Wthread-safety checks the lock rules (as LevelDB's port::Mutex and
// Abseil's absl::Mutex). std::mutex carries no capability attribute, so a
// GUARDED_BY on it checks nothing; use these for every lock of the project.
//
//   class Queue {
//    public:
//     void Push(int v) MRTRACK_EXCLUDES(mu_) {
//       MutexLock lock(&mu_);
//       items_.push_back(v);
//       cv_.SignalAll();
//     }
//     int Pop() MRTRACK_EXCLUDES(mu_) {
//       MutexLock lock(&mu_);
//       while (items_.empty()) cv_.Wait(&mu_);   // a loop, not a predicate lambda:
//       ...                                     // lambdas are analysed without the lock
//     }
//    private:
//     Mutex mu_;
//     CondVar cv_;  // Signalled when items_ grows.
//     std::deque<int> items_ MRTRACK_GUARDED_BY(mu_);
//   };
//
// Waiting: CondVar::Wait(&mu) and WaitFor/WaitUntil(&mu, ...) must be called
// with `mu` held; they release it while blocked and hold it again on return.
// Wake-ups may be spurious, so always wait in a loop on the condition.
//
// Thread safety: the point of the file; none of these types is copyable.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "common/thread_annotations.h"

namespace mrtrack {

class CondVar;

class MRTRACK_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() MRTRACK_ACQUIRE() { mu_.lock(); }
  void Unlock() MRTRACK_RELEASE() { mu_.unlock(); }
  bool TryLock() MRTRACK_TRY_ACQUIRE(true) { return mu_.try_lock(); }
  // Tells the analysis the caller holds the mutex (checks nothing at run time).
  void AssertHeld() const MRTRACK_ASSERT_CAPABILITY(this) {}

 private:
  friend class CondVar;
  std::mutex mu_;
};

// Many readers or one writer.
class MRTRACK_CAPABILITY("shared_mutex") SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void Lock() MRTRACK_ACQUIRE() { mu_.lock(); }
  void Unlock() MRTRACK_RELEASE() { mu_.unlock(); }
  void LockShared() MRTRACK_ACQUIRE_SHARED() { mu_.lock_shared(); }
  void UnlockShared() MRTRACK_RELEASE_SHARED() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

// Holds a Mutex from construction to destruction.
class MRTRACK_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) MRTRACK_ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() MRTRACK_RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

// Holds a SharedMutex exclusively from construction to destruction.
class MRTRACK_SCOPED_CAPABILITY WriterMutexLock {
 public:
  explicit WriterMutexLock(SharedMutex* mu) MRTRACK_ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~WriterMutexLock() MRTRACK_RELEASE() { mu_->Unlock(); }
  WriterMutexLock(const WriterMutexLock&) = delete;
  WriterMutexLock& operator=(const WriterMutexLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// Holds a SharedMutex shared from construction to destruction.
class MRTRACK_SCOPED_CAPABILITY ReaderMutexLock {
 public:
  explicit ReaderMutexLock(SharedMutex* mu) MRTRACK_ACQUIRE_SHARED(mu) : mu_(mu) { mu_->LockShared(); }
  ~ReaderMutexLock() MRTRACK_RELEASE() { mu_->UnlockShared(); }
  ReaderMutexLock(const ReaderMutexLock&) = delete;
  ReaderMutexLock& operator=(const ReaderMutexLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// A condition variable used with a Mutex (see the file comment for the loop).
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // Releases *mu, blocks until signalled (or spuriously), takes *mu again.
  void Wait(Mutex* mu) MRTRACK_REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();  // Still held: the caller's MutexLock releases it.
  }

  // As Wait, giving up at `deadline`. Returns false when it timed out.
  template <class Clock, class Duration>
  bool WaitUntil(Mutex* mu, const std::chrono::time_point<Clock, Duration>& deadline) MRTRACK_REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const bool signalled = cv_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return signalled;
  }

  // As Wait, giving up after `timeout`. Returns false when it timed out.
  template <class Rep, class Period>
  bool WaitFor(Mutex* mu, const std::chrono::duration<Rep, Period>& timeout) MRTRACK_REQUIRES(mu) {
    return WaitUntil(mu, std::chrono::steady_clock::now() + timeout);
  }

  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace mrtrack
