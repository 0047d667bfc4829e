// store_crash_child DIR SEED: appends to the store in DIR until killed.
//
// The crash recovery test runs this and kills it with SIGKILL at a random
// moment. Four threads append multi-event, multi-stream batches with exact
// expected versions (each thread owns its streams), and after each Append
// returns, print one line to stdout:
//   ack <position>:<stream>:<event_id> <position>:<stream>:<event_id> ...
// Each line is one write(2) of less than PIPE_BUF bytes, so it reaches the
// pipe whole or not at all. Every event's data is CrashData(event_id), so the
// test can check content from the id alone. Exits non-zero (never normally)
// when the store misbehaves.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "events/store.h"
#include "tests/events/store/crash_data.h"

namespace {

using namespace mrtrack;
using namespace mrtrack::events;

std::mutex out_mu;

void Emit(const std::string& line) {
  std::lock_guard lock(out_mu);
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = write(STDOUT_FILENO, line.data() + done, line.size() - done);
    if (n <= 0) std::_Exit(5);
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void Die(int code, const std::string& why) {
  std::fprintf(stderr, "store_crash_child: %s\n", why.c_str());
  std::_Exit(code);
}

void AppendForever(EventStore& store, int thread, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  constexpr int kStreams = 4;
  std::vector<std::string> streams;
  std::vector<std::uint64_t> versions;
  for (int k = 0; k < kStreams; ++k) {
    streams.push_back("t" + std::to_string(thread) + "-s" + std::to_string(k));
    versions.push_back(store.StreamVersion(streams.back()));
  }
  std::vector<AppendPart> last;
  AppendResult last_result;
  for (;;) {
    // Now and then, retry the previous append: it must deduplicate.
    if (!last.empty() && rng() % 8 == 0) {
      auto again = store.Append(last);
      if (!again.ok()) Die(4, "retry failed: " + again.status().ToString());
      if (!again->deduplicated || again->positions != last_result.positions) Die(4, "retry was not deduplicated");
    }
    std::size_t first = rng() % kStreams;
    std::size_t parts_n = 1 + rng() % 2;
    std::vector<AppendPart> parts;
    for (std::size_t p = 0; p < parts_n; ++p) {
      std::size_t k = (first + p) % kStreams;
      AppendPart part{streams[k], ExpectedVersion::Exact(versions[k]), {}};
      std::size_t events_n = 1 + rng() % 3;
      for (std::size_t e = 0; e < events_n; ++e) {
        NewEvent ev;
        ev.event_id = RandomUuid();
        ev.type = "CrashTest";
        ev.actor = "crash-child";
        ev.data = crash_test::CrashData(ev.event_id);
        part.events.push_back(std::move(ev));
      }
      parts.push_back(std::move(part));
    }
    auto r = store.Append(parts);
    if (!r.ok()) Die(3, "append failed: " + r.status().ToString());
    std::string line = "ack";
    std::size_t n = 0;
    for (std::size_t p = 0; p < parts.size(); ++p) {
      versions[(first + p) % kStreams] = r->stream_versions[p];
      for (const auto& ev : parts[p].events) {
        line += " " + std::to_string(r->positions[n++]) + ":" + parts[p].stream + ":" + ev.event_id;
      }
    }
    line += "\n";
    Emit(line);
    last = std::move(parts);
    last_result = *r;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) Die(2, "usage: store_crash_child DIR SEED");
  std::uint64_t seed = std::strtoull(argv[2], nullptr, 10);
  auto store = EventStore::Open(argv[1], SystemClock::Instance(), StoreOptions{.sync = true});
  if (!store.ok()) Die(2, "open failed: " + store.status().ToString());
  Emit("ready " + std::to_string((*store)->HeadPosition()) + "\n");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] { AppendForever(**store, t, seed * 16 + static_cast<std::uint64_t>(t)); });
  }
  for (auto& t : threads) t.join();
  return 0;
}
