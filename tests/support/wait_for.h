// WaitFor: waits for a condition that another process or thread makes true
// (a daemon's log line, a file, an answer), polling it, with a deadline.
// Never a wait for the clock: the condition is what the test needs.
#pragma once

#include <chrono>
#include <thread>

namespace mrtrack::test_support {

// True once `done()` is; false when `limit` passed first.
template <typename F>
bool WaitFor(F done, std::chrono::milliseconds limit,
             std::chrono::milliseconds poll = std::chrono::milliseconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(poll);
  }
  return true;
}

}  // namespace mrtrack::test_support
