// Crash consistency: a writer killed with SIGKILL at random moments loses
// nothing it acknowledged, and the store stays gapless and verifiable.
//
// The test runs store_crash_child (same directory) again and again, kills it
// after a random delay, then reopens the store and checks every event the
// child had printed as acknowledged. The seed is printed; rerun a failure
// with MRTRACK_CRASH_SEED=<seed>.
#include "events/store.h"

#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>

#include "tests/events/store/crash_data.h"
#include "tests/events/store/store_test_util.h"

extern char** environ;

namespace mrtrack::events {
namespace {

using store_test::TempDir;

struct Acked {
  std::string stream;
  std::string event_id;
};

// Parses "ack p:s:id p:s:id ..." lines; ignores a trailing partial line.
void ParseAcks(const std::string& output, std::map<std::uint64_t, Acked>* acked) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof()) break;  // No newline: not a whole line.
    if (line.rfind("ack ", 0) != 0) continue;
    std::istringstream words(line.substr(4));
    std::string word;
    while (words >> word) {
      auto a = word.find(':'), b = word.rfind(':');
      ASSERT_NE(a, b) << word;
      (*acked)[std::stoull(word.substr(0, a))] = Acked{word.substr(a + 1, b - a - 1), word.substr(b + 1)};
    }
  }
}

// Runs the child until `delay` has passed (counted from its "ready" line when
// `after_ready`, else from the start), kills it, and returns all it printed.
std::string RunAndKill(const std::string& dir, std::uint64_t seed, std::chrono::milliseconds delay,
                       bool after_ready) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::string program = STORE_CRASH_CHILD, seed_text = std::to_string(seed);
  std::vector<char*> argv{program.data(), const_cast<char*>(dir.c_str()), seed_text.data(), nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  EXPECT_EQ(rc, 0) << "cannot start " << program;
  std::string output;
  char buf[65536];
  auto deadline = std::chrono::steady_clock::now() + (after_ready ? std::chrono::seconds(20) : delay);
  bool killed = false, ready = false;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!killed && left.count() <= 0) {
      kill(pid, SIGKILL);
      killed = true;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, killed ? 1000 : static_cast<int>(left.count())) <= 0) continue;
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;  // EOF: the child is gone.
    output.append(buf, static_cast<std::size_t>(n));
    if (after_ready && !ready && output.find('\n') != std::string::npos) {
      ready = true;  // The first line is "ready <head>".
      deadline = std::chrono::steady_clock::now() + delay;
    }
  }
  if (!killed) kill(pid, SIGKILL);  // It closed stdout early; make sure it is gone.
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child ended by itself (exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1)
      << "); see its stderr above";
  return output;
}

TEST(CrashRecoveryTest, SigkilledWriterLosesNothingAcknowledged) {
  constexpr int kRounds = 24;
  std::uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("MRTRACK_CRASH_SEED")) seed = std::strtoull(s, nullptr, 10);
  std::cout << "crash test seed: " << seed << " (rerun with MRTRACK_CRASH_SEED=" << seed << ")\n";
  RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 rng(seed);
  // Mostly while the child appends, sometimes while it opens (and recovers).
  std::uniform_int_distribution<int> delay_ms(5, 250);
  std::bernoulli_distribution after_ready(0.8);

  TempDir dir;
  std::map<std::uint64_t, Acked> acked;
  const auto started = std::chrono::steady_clock::now();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + ", seed " + std::to_string(seed));
    std::size_t before = acked.size();
    std::chrono::milliseconds delay(delay_ms(rng));
    bool when_ready = after_ready(rng);
    std::string output = RunAndKill(dir.path(), seed + static_cast<std::uint64_t>(round), delay, when_ready);
    ParseAcks(output, &acked);
    const auto check_started = std::chrono::steady_clock::now();

    auto store = store_test::OpenStore(dir.path(), SystemClock::Instance());
    ASSERT_NE(store, nullptr);
    std::uint64_t head = store->HeadPosition();
    VerifyReport report = store->Verify();
    ASSERT_TRUE(report.ok) << report.problem;
    ASSERT_EQ(report.events_checked, head) << "positions must be gapless 1.." << head;
    if (!acked.empty()) {
      ASSERT_GE(head, acked.rbegin()->first) << "an acknowledged position is missing";
    }
    std::uint64_t expected_position = 1;
    auto next = acked.begin();
    Status s = store->Scan(1, [&](const RecordedEvent& e) {
      EXPECT_EQ(e.position, expected_position++);
      if (next != acked.end() && next->first == e.position) {
        EXPECT_EQ(e.stream, next->second.stream) << "position " << e.position;
        EXPECT_EQ(e.event_id, next->second.event_id) << "position " << e.position;
        EXPECT_EQ(e.data, crash_test::CrashData(e.event_id)) << "position " << e.position;
        ++next;
      }
      return true;
    });
    ASSERT_OK(s);
    EXPECT_EQ(next, acked.end()) << "acknowledged position " << next->first << " was not found";
    std::cout << "round " << round << ": killed " << delay.count() << " ms after " << (when_ready ? "ready" : "start")
              << ", +" << (acked.size() - before) << " acknowledged, head " << head
              << ", checked in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - check_started)
                     .count()
              << " ms\n";
  }
  EXPECT_GT(acked.size(), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
}

}  // namespace
}  // namespace mrtrack::events
