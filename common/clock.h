// Clock: the one source of "now" for everything that stores or schedules.
// Production code takes a Clock&; tests pass a ManualClock and move it by hand,
// so no test ever sleeps for the clock.
//
// Thread safety: SystemClock and ManualClock are safe for concurrent use.
#pragma once

#include <atomic>
#include <chrono>

namespace mrtrack {

// UTC instants with microsecond resolution, as stored in every event.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  }
  // The process-wide instance.
  static SystemClock& Instance();
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::microseconds(now_.load())); }
  void Set(Timestamp t) { now_.store(t.time_since_epoch().count()); }
  void Advance(std::chrono::microseconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace mrtrack
