// The HTTP front under load, against a running mrtrackd (started by
// scripts/bench_http_front.sh): with `--idle` keep-alive connections and
// `--streams` event streams held open, GET /v1/actions/{id} at a fixed rate
// (open loop: each request's latency counts from when it was due, so a
// stalled server cannot hide its stalls) — p50, p99 and the worst; then
// `--sequential` requests one after the other on one keep-alive connection —
// their median.
//
//   http_front_bench --port 8420 --token T --action ID [--idle 1000]
//                    [--streams 100] [--rate 500] [--seconds 10] [--sequential 200]
//
// Prints one Markdown table row per figure. Exit 1 when the daemon cannot
// be reached at all.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Micros = std::chrono::microseconds;

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  std::size_t at = 0;
  while (at < data.size()) {
    ssize_t n = ::send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one response with a Content-Length body; false on error or timeout.
bool ReadResponse(int fd, std::string& buffer, int timeout_ms, int* status) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::size_t length = 0;
      auto cl = buffer.find("Content-Length: ");
      if (cl == std::string::npos) cl = buffer.find("content-length: ");
      if (cl != std::string::npos && cl < end) length = std::stoul(buffer.substr(cl + 16));
      if (buffer.size() >= end + 4 + length) {
        *status = buffer.size() > 12 ? std::atoi(buffer.c_str() + 9) : 0;
        buffer.erase(0, end + 4 + length);
        return true;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char chunk[65536];
    ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string Get(const std::string& path, const std::string& token) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args = {{"--idle", "1000"},   {"--streams", "100"}, {"--rate", "500"},
                                             {"--seconds", "10"},  {"--sequential", "200"}};
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  const int port = std::stoi(args["--port"]);
  const std::string token = args["--token"], path = "/v1/actions/" + args["--action"];
  const int idle = std::stoi(args["--idle"]), streams = std::stoi(args["--streams"]);
  const int rate = std::stoi(args["--rate"]), seconds = std::stoi(args["--seconds"]);
  const int sequential = std::stoi(args["--sequential"]);

  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }

  // Idle keep-alive connections: each has had one answer and stays open.
  std::vector<int> held;
  int idle_ok = 0;
  for (int i = 0; i < idle; ++i) {
    int fd = Connect(port);
    if (fd < 0) continue;
    held.push_back(fd);
    SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  }
  // At most 10 s for all of them (a server that serves one connection per
  // thread answers few).
  auto phase_end = Clock::now() + std::chrono::seconds(10);
  auto left_ms = [&phase_end] {
    return static_cast<int>(
        std::max<long long>(1, std::chrono::duration_cast<std::chrono::milliseconds>(phase_end - Clock::now()).count()));
  };
  for (int fd : held) {
    std::string buffer;
    int status = 0;
    if (ReadResponse(fd, buffer, left_ms(), &status) && status == 200) ++idle_ok;
  }
  phase_end = Clock::now() + std::chrono::seconds(10);
  int streams_ok = 0;
  for (int i = 0; i < streams; ++i) {
    int fd = Connect(port);
    if (fd < 0) continue;
    held.push_back(fd);
    SendAll(fd, Get("/v1/events/stream", token));
    char chunk[4096];
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, left_ms()) > 0 && ::recv(fd, chunk, sizeof(chunk), 0) > 0) ++streams_ok;
  }

  // Open-loop load: `clients` connections, each due every clients/rate seconds.
  const int clients = 16;
  const auto period = Micros(1000000LL * clients / rate);
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  std::mutex mu;
  std::vector<double> latencies_ms;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      int fd = Connect(port);
      std::string buffer;
      std::vector<double> mine;
      auto due = start + Micros(period.count() * c / clients);
      auto end = start + std::chrono::seconds(seconds);
      for (; due < end; due += period) {
        // A server that has fallen 5 s behind is not going to catch up:
        // what is left counts as failed.
        if (Clock::now() > due + std::chrono::seconds(5)) {
          ++errors;
          continue;
        }
        std::this_thread::sleep_until(due);
        int status = 0;
        if (fd < 0 || !SendAll(fd, Get(path, token)) || !ReadResponse(fd, buffer, 5000, &status) || status != 200) {
          ++errors;
          if (fd >= 0) ::close(fd);
          fd = Connect(port);
          buffer.clear();
          continue;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
      }
      if (fd >= 0) ::close(fd);
      std::lock_guard lock(mu);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();

  // Sequential requests on one keep-alive connection.
  std::vector<double> one_ms;
  int fd = Connect(port);
  std::string buffer;
  for (int i = 0; i < sequential && fd >= 0; ++i) {
    auto sent = Clock::now();
    int status = 0;
    if (!SendAll(fd, Get(path, token)) || !ReadResponse(fd, buffer, 5000, &status) || status != 200) break;
    one_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
  }
  if (fd >= 0) ::close(fd);
  for (int h : held) ::close(h);

  std::printf("| held open | %d of %d idle keep-alive, %d of %d event streams |\n", idle_ok, idle, streams_ok, streams);
  std::printf("| GET %s at %d req/s for %d s | p50 %.2f ms, p99 %.2f ms, max %.2f ms; %zu answered, %d failed |\n",
              "/v1/actions/{id}", rate, seconds, Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.99),
              Percentile(latencies_ms, 1.0), latencies_ms.size(), errors.load());
  std::printf("| %d sequential on one keep-alive connection | median %.3f ms (%zu answered) |\n", sequential,
              Percentile(one_ms, 0.5), one_ms.size());
  return latencies_ms.empty() && one_ms.empty() ? 1 : 0;
}
