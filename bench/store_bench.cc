// The event store: what one change costs to make durable, what the group
// commit saves when many writers are at it, and how fast the log reads back
// and verifies.
//
// Baselines in the same run: BM_AppendUnsynced (the same appends without the
// fsync) for the durable appends; BM_ScanLog (reading every event) for the
// chain verification.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "bench/corpus.h"
#include "common/clock.h"
#include "events/store.h"
#include "projections/offline.h"

namespace mrtrack::bench {
namespace {

SystemClock the_clock;
std::unique_ptr<events::EventStore> append_store;
std::atomic<std::uint64_t> next_stream{0};

void OpenAppendStore(bool sync) {
  events::StoreOptions options;
  options.sync = sync;
  auto store = events::EventStore::Open(ScratchDir("append"), the_clock, options);
  if (!store.ok()) std::abort();
  append_store = std::move(*store);
}
void OpenSynced(const benchmark::State&) { OpenAppendStore(true); }
void OpenUnsynced(const benchmark::State&) { OpenAppendStore(false); }
void CloseAppendStore(const benchmark::State&) { append_store.reset(); }

// One status-change-sized event per Append() on a stream of its own thread,
// as an API request appends it.
void AppendOneEventPerCall(benchmark::State& state) {
  const std::string stream = "action-bench-" + std::to_string(next_stream.fetch_add(1));
  events::NewEvent event;
  event.type = "KeyActionCommentAdded";
  event.actor = "bench";
  event.data = {{"action_id", stream}, {"author", "bench"}, {"text", "Agenda shared with the ministry"}};
  for (auto _ : state) {
    auto appended = append_store->Append({events::AppendPart{stream, events::ExpectedVersion::Any(), {event}}});
    if (!appended.ok()) state.SkipWithError(appended.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_AppendDurable(benchmark::State& state) { AppendOneEventPerCall(state); }
void BM_AppendUnsynced(benchmark::State& state) { AppendOneEventPerCall(state); }

// 1, 8 and 64 writers: the thread counts of db_bench's fillsync floors.
BENCHMARK(BM_AppendDurable)
    ->Setup(OpenSynced)
    ->Teardown(CloseAppendStore)
    ->Threads(1)
    ->Threads(8)
    ->Threads(64)
    ->UseRealTime();
BENCHMARK(BM_AppendUnsynced)->Setup(OpenUnsynced)->Teardown(CloseAppendStore)->ThreadRange(1, 8)->UseRealTime();

std::unique_ptr<events::EventStore> OpenCorpusLog() {
  auto store = projections::OpenStoreReadOnly(SharedCorpus().data_dir);
  if (!store.ok()) std::abort();
  return std::move(*store);
}

// Every event of the corpus log, decoded, in position order.
void BM_ScanLog(benchmark::State& state) {
  auto store = OpenCorpusLog();
  for (auto _ : state) {
    std::uint64_t seen = 0;
    Status scanned = store->Scan(1, [&](const events::RecordedEvent&) {
      ++seen;
      return true;
    });
    if (!scanned.ok() || seen != SharedCorpus().events) state.SkipWithError("scan failed");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(SharedCorpus().events));
}
BENCHMARK(BM_ScanLog)->Unit(benchmark::kMillisecond);

// The stored bytes of every record: what verify hashes. With
// MRTRACK_BENCH_LOG_BYTES set they are also written to that file, so that
// scripts/bench.sh can run sha256sum on exactly the same bytes.
std::int64_t LogBytes() {
  static const std::int64_t bytes = [] {
    auto store = OpenCorpusLog();
    const char* path = std::getenv("MRTRACK_BENCH_LOG_BYTES");
    std::ofstream out;
    if (path != nullptr && *path != '\0') out.open(path, std::ios::binary | std::ios::trunc);
    std::int64_t total = 0;
    Status scanned = store->Scan(1, [&](const events::RecordedEvent& e) {
      total += static_cast<std::int64_t>(e.stored_bytes.size());
      if (out.is_open()) out.write(e.stored_bytes.data(), static_cast<std::streamsize>(e.stored_bytes.size()));
      return true;
    });
    if (!scanned.ok()) std::abort();
    return total;
  }();
  return bytes;
}

// Recomputing the hash chain and the indexes over the whole log (`mrtrack verify`).
void BM_VerifyChain(benchmark::State& state) {
  auto store = OpenCorpusLog();
  const std::int64_t bytes = LogBytes();
  for (auto _ : state) {
    events::VerifyReport report = store->Verify();
    if (!report.ok) state.SkipWithError(report.problem.c_str());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(SharedCorpus().events));
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_VerifyChain)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mrtrack::bench
