// End to end: followers cost a socket, not a thread. A thousand event
// streams and twenty long-polls open at once leave the API answering and the
// daemon's thread count within io_threads + worker_threads + 16; the limits
// per token answer 429 with Retry-After; SIGTERM ends streams and slow
// connections within the drain deadline.
#include <signal.h>

#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/raw_connection.h"

namespace mrtrack::daemon::testing {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr std::uint64_t kThreadBound = 2 + 8 + 16;  // io_threads + worker_threads + 16, the defaults.

std::string Get(const std::string& path, const std::string& token) {
  return "GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
}

class StreamsTest : public DaemonTest {
 protected:
  // Opens an event stream; true once its first line has arrived.
  bool OpenStream(RawConnection& c, const std::string& token) {
    return c.Send(Get("/v1/events/stream", token)) && c.ReadUntil(": mrtrack event stream", 10s);
  }
  std::uint64_t Head() { return GetJson(*Admin(), "/v1/events?limit=1").body["head"].get<std::uint64_t>(); }
};

TEST_F(StreamsTest, AThousandStreamsAndTwentyLongPollsCostNoThreads) {
  RaiseOpenFileLimit();
  TestConfig config;
  config.max_streams = 2000;
  config.max_streams_per_token = 2000;
  config.max_connections = 2000;
  config.max_connections_per_address = 2000;  // All come from 127.0.0.1.
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  ASSERT_NO_FATAL_FAILURE(ImportSeed());
  std::uint64_t head = Head();
  std::vector<RawConnection> streams;
  streams.reserve(1000);
  for (int i = 0; i < 1000; ++i) {
    streams.emplace_back(daemon_->port());
    ASSERT_TRUE(streams.back().Send(Get("/v1/events/stream", kAuditorToken))) << i;
  }
  for (auto& s : streams) ASSERT_TRUE(s.ReadUntil(": mrtrack event stream", 20s)) << s.received() << daemon_->Log().substr(0, 3000);
  std::vector<RawConnection> polls;
  for (int i = 0; i < 20; ++i) {
    polls.emplace_back(daemon_->port());
    ASSERT_TRUE(polls.back().Send(Get("/v1/events?wait=60&from=" + std::to_string(head + 1), kAdminToken)));
  }
  // Long-polls are waiting once a later request has been answered (one
  // connection each: they are served in any order, so ask a few times).
  auto reader = daemon_->Client(kReaderToken);
  auto health = daemon_->Client();
  long long worst = 0;
  for (int i = 0; i < 20; ++i) {
    auto start = SteadyClock::now();
    EXPECT_EQ(GetJson(*health, "/healthz").status, 200);
    EXPECT_EQ(GetJson(*reader, "/v1/actions/" + own_action_).status, 200);
    EXPECT_EQ(GetJson(*reader, "/v1/actions?limit=5").status, 200);
    worst = std::max<long long>(
        worst, std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count());
  }
  EXPECT_LT(worst, 1000);
  std::uint64_t threads = ProcStatus(daemon_->pid(), "Threads");
  EXPECT_GT(threads, 0u);
  EXPECT_LT(threads, kThreadBound) << "Threads: " << threads;
  for (auto& p : polls) EXPECT_TRUE(p.received().empty()) << "a long-poll answered before any event";

  // One event reaches every follower.
  ASSERT_EQ(PostJson(*Admin(), "/v1/actions/" + own_action_ + "/comments", {{"text", "to every follower"}}).status,
            200);
  for (auto& s : streams) EXPECT_TRUE(s.ReadUntil("to every follower", 20s)) << s.received().substr(0, 300);
  for (auto& p : polls) {
    EXPECT_TRUE(p.ReadUntil("to every follower", 20s)) << p.received().substr(0, 300);
    EXPECT_EQ(p.received().rfind("HTTP/1.1 200", 0), 0u);
  }
  EXPECT_LT(ProcStatus(daemon_->pid(), "Threads"), kThreadBound);
}

TEST_F(StreamsTest, TheFifthStreamOfOneTokenGets429WithRetryAfter) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  std::vector<RawConnection> open;
  for (int i = 0; i < 4; ++i) {
    open.emplace_back(daemon_->port());
    ASSERT_TRUE(OpenStream(open.back(), kAuditorToken)) << i << ": " << open.back().received();
  }
  RawConnection fifth(daemon_->port());
  ASSERT_TRUE(fifth.Send(Get("/v1/events/stream", kAuditorToken)));
  ASSERT_TRUE(fifth.ReadUntil("\r\n\r\n", 5s));
  EXPECT_EQ(fifth.received().rfind("HTTP/1.1 429", 0), 0u) << fifth.received();
  EXPECT_NE(fifth.received().find("Retry-After: "), std::string::npos) << fifth.received();
  // A long-poll counts too; another token is not affected.
  RawConnection poll(daemon_->port());
  ASSERT_TRUE(poll.Send(Get("/v1/events?wait=30&from=" + std::to_string(Head() + 1), kAuditorToken)));
  ASSERT_TRUE(poll.ReadUntil("\r\n\r\n", 5s));
  EXPECT_EQ(poll.received().rfind("HTTP/1.1 429", 0), 0u) << poll.received();
  RawConnection other(daemon_->port());
  EXPECT_TRUE(OpenStream(other, kAdminToken)) << other.received();
}

TEST_F(StreamsTest, SigtermWithSlowClientsAndStreamsExitsWithinTheDrainDeadline) {
  TestConfig config;
  config.drain_timeout = "2s";
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  std::vector<RawConnection> slow, streams;
  for (int i = 0; i < 10; ++i) {
    slow.emplace_back(daemon_->port());
    ASSERT_TRUE(slow.back().Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  }
  for (int i = 0; i < 5; ++i) {
    streams.emplace_back(daemon_->port());
    ASSERT_TRUE(OpenStream(streams.back(), i % 2 ? kAdminToken : kAuditorToken)) << streams.back().received();
  }
  auto signalled = SteadyClock::now();
  daemon_->Signal(SIGTERM);
  EXPECT_EQ(daemon_->WaitExit(std::chrono::seconds(10)), 0) << daemon_->Log();
  EXPECT_LT(SteadyClock::now() - signalled, 3s);
  for (auto& s : streams) {
    // The stream ended cleanly: the last chunk, then the close.
    EXPECT_TRUE(s.ReadUntil("0\r\n\r\n", 1s)) << s.received();
  }
  for (auto& c : slow) EXPECT_TRUE(c.WaitClosed(1s));
}

}  // namespace
}  // namespace mrtrack::daemon::testing
