// End to end: the HTTP front's limits against clients that misbehave —
// slowloris headers, bodies without a length, compressed and huge bodies,
// huge headers, idle keep-alive connections, too many connections from one
// address. The daemon runs with short timeouts so that each test takes
// seconds.
#include <atomic>
#include <thread>

#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/raw_connection.h"

namespace mrtrack::daemon::testing {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr char kPartialHeader[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";

class LimitsTest : public DaemonTest {
 protected:
  // The status line's code of a raw answer, or 0.
  static int StatusOf(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
  }
  // Sends `request` on a fresh connection and reads the answer's head.
  int RawStatus(const std::string& request, std::string* answer = nullptr) {
    RawConnection c(daemon_->port());
    c.Send(request);
    c.ReadUntil("\r\n\r\n", 5s);
    if (answer) *answer = c.received();
    return StatusOf(c.received());
  }
  // The longest a GET took, in ms.
  static long long TimedGet(httplib::Client& client, const std::string& path, int* status) {
    auto start = SteadyClock::now();
    auto res = client.Get(path);
    *status = res ? res->status : 0;
    return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
  }
};

TEST_F(LimitsTest, SlowlorisConnectionsStarveNobodyAndCloseAtTheHeaderDeadline) {
  TestConfig config;
  config.header_timeout = "2s";
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  ASSERT_NO_FATAL_FAILURE(ImportSeed());
  std::vector<RawConnection> slow;
  auto opened = SteadyClock::now();
  for (int i = 0; i < 50; ++i) {
    slow.emplace_back(daemon_->port());
    ASSERT_TRUE(slow.back().Send(kPartialHeader));
  }
  // While they dribble a byte each every 200 ms, other clients are answered at once.
  auto health = daemon_->Client();
  auto reader = daemon_->Client(kReaderToken);
  long long worst = 0;
  int rounds = 0;
  while (SteadyClock::now() - opened < 1500ms) {
    for (auto& c : slow) c.Send("X");
    int status = 0;
    worst = std::max(worst, TimedGet(*health, "/healthz", &status));
    EXPECT_EQ(status, 200);
    worst = std::max(worst, TimedGet(*reader, "/v1/actions/" + own_action_, &status));
    EXPECT_EQ(status, 200);
    ++rounds;
    std::this_thread::sleep_for(200ms);  // The dribbling pace, not a wait for the daemon.
  }
  EXPECT_LT(worst, 1000) << "after " << rounds << " rounds";
  // Dribbling does not extend the deadline: all are closed at about 2 s.
  for (auto& c : slow) EXPECT_TRUE(c.WaitClosed(3s));
  auto closed_after = SteadyClock::now() - opened;
  EXPECT_GE(closed_after, 1900ms);
  EXPECT_LT(closed_after, 4s);
  int status = 0;
  TimedGet(*health, "/healthz", &status);
  EXPECT_EQ(status, 200);
}

TEST_F(LimitsTest, BodiesWithoutLengthCompressedOrTooLargeAndHugeHeadersAreRefused) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  std::string answer;
  EXPECT_EQ(RawStatus("POST /v1/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + std::string(kAdminToken) +
                          "\r\n\r\n",
                      &answer),
            411)
      << answer;
  EXPECT_EQ(RawStatus("POST /v1/imports HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n"
                      "Content-Type: application/json\r\n\r\n\x1f\x8b\x08\x00",
                      &answer),
            415)
      << answer;
  EXPECT_NE(answer.find("Content-Encoding"), std::string::npos);
  EXPECT_EQ(RawStatus("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(256 * 1024, 'a') + "\r\n\r\n", &answer),
            431)
      << answer.substr(0, 200);
  EXPECT_EQ(RawStatus("POST /v1/imports HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n", &answer), 413);
  // The daemon still serves after all of them.
  EXPECT_EQ(GetJson(*daemon_->Client(), "/healthz").status, 200);
}

TEST_F(LimitsTest, ChunkedBodyPastTheLimitIs413WithoutBufferingIt) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());  // max_body_bytes: 256 KiB in the test config.
  std::uint64_t rss_before = ProcStatus(daemon_->pid(), "VmRSS");
  RawConnection c(daemon_->port());
  ASSERT_TRUE(c.Send("POST /v1/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + std::string(kAdminToken) +
                     "\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";  // 64 KiB
  // The answer comes as soon as the limit is passed, long before 50 MB are
  // sent (the rest is read and dropped for a moment so that the client sees
  // the answer, then the connection closes).
  std::size_t sent = 0, answered_at = 0;
  while (sent < 50u << 20 && c.Send(chunk)) {
    sent += 0x10000;
    if (answered_at == 0 && c.ReadUntil("\r\n\r\n", 10ms)) answered_at = sent;
  }
  if (answered_at == 0) {
    ASSERT_TRUE(c.ReadUntil("\r\n\r\n", 5s)) << c.received();
  }
  EXPECT_GT(answered_at, 0u);
  EXPECT_LT(answered_at, 8u << 20) << "the answer came after " << answered_at << " bytes";
  EXPECT_EQ(StatusOf(c.received()), 413) << c.received();
  std::uint64_t rss_after = ProcStatus(daemon_->pid(), "VmRSS");
  EXPECT_LT(rss_after, rss_before + 20 * 1024) << "RSS grew from " << rss_before << " kB to " << rss_after << " kB";
  EXPECT_EQ(GetJson(*daemon_->Client(), "/healthz").status, 200);
}

TEST_F(LimitsTest, DribbledHeaderAndIdleKeepAliveAreClosedAtTheirDeadlines) {
  TestConfig config;
  config.header_timeout = "1s";
  config.idle_timeout = "1s";
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  RawConnection dribbler(daemon_->port());
  auto start = SteadyClock::now();
  std::string header = kPartialHeader;
  bool closed = false;
  for (std::size_t i = 0; i < 40 && !closed; ++i) {
    if (!dribbler.Send(std::string(1, 'X'))) break;
    closed = dribbler.WaitClosed(100ms);  // One byte every 100 ms, until the daemon hangs up.
  }
  EXPECT_TRUE(closed || dribbler.WaitClosed(2s));
  EXPECT_LT(SteadyClock::now() - start, 2500ms);

  RawConnection idle(daemon_->port());
  ASSERT_TRUE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(idle.ReadUntil("\r\n\r\n", 5s));
  EXPECT_EQ(StatusOf(idle.received()), 200);
  auto answered = SteadyClock::now();
  EXPECT_TRUE(idle.WaitClosed(3s));
  auto idle_for = SteadyClock::now() - answered;
  EXPECT_GE(idle_for, 900ms);
  EXPECT_LT(idle_for, 2500ms);
}

TEST_F(LimitsTest, KeepAlivePipeliningAndConnectionClose) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  RawConnection c(daemon_->port());
  // Two pipelined requests, answered in order on the same connection.
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: first\r\n\r\n"
                     "GET /nowhere HTTP/1.1\r\nHost: x\r\nX-Request-Id: second\r\n\r\n"));
  ASSERT_TRUE(c.ReadUntil("X-Request-Id: second", 5s)) << c.received();
  auto first = c.received().find("X-Request-Id: first");
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(first, c.received().find("HTTP/1.1 404"));
  c.ClearReceived();
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  ASSERT_TRUE(c.ReadUntil("\r\n\r\n", 5s));
  EXPECT_NE(c.received().find("Connection: close"), std::string::npos) << c.received();
  EXPECT_TRUE(c.WaitClosed(2s));
}

TEST_F(LimitsTest, TheConnectionPastThePerAddressLimitIsRefused) {
  RaiseOpenFileLimit();
  TestConfig config;
  config.max_connections_per_address = 256;
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  std::vector<RawConnection> held;
  for (int i = 0; i < 256; ++i) {
    held.emplace_back(daemon_->port());
    ASSERT_TRUE(held.back().connected());
  }
  // The accept loop has seen the 256 once one of them is answered.
  ASSERT_TRUE(held.back().Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(held.back().ReadUntil("\r\n\r\n", 5s));
  RawConnection refused(daemon_->port());
  EXPECT_TRUE(refused.WaitClosed(2s));
  EXPECT_TRUE(refused.received().empty());
  // Those held are still served.
  ASSERT_TRUE(held.front().Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(held.front().ReadUntil("\r\n\r\n", 5s));
  EXPECT_EQ(StatusOf(held.front().received()), 200);
  held.pop_back();
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    // The daemon may not have seen the close yet: retry until it has.
    RawConnection next(daemon_->port());
    next.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    served = next.ReadUntil("\r\n\r\n", 200ms);
  }
  EXPECT_TRUE(served);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
