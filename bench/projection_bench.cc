// The read side: rebuilding the views from the log, and answering the
// questions people ask — the first page of a unit's overdue actions, a
// summary per unit — now and as of an earlier position.
//
// Baseline in the same run: BM_ListOverdueAtHead (the in-memory views). The
// as-of variants replay the log's prefix first, which is what an auditor's
// "state on that day" costs without the snapshot cache; their ratio to the
// baseline is the price of answering from the log instead of the views. The
// cached variants are what the daemon does: a repeated as-of is a cache hit,
// and the next day extends the cached model by a short replay.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "bench/corpus.h"
#include "common/clock.h"
#include "events/store.h"
#include "projections/as_of.h"
#include "projections/offline.h"
#include "projections/projections.h"
#include "projections/snapshot_cache.h"

namespace mrtrack::bench {
namespace {

std::unique_ptr<events::EventStore> OpenCorpusLog() {
  auto store = projections::OpenStoreReadOnly(SharedCorpus().data_dir);
  if (!store.ok()) std::abort();
  return std::move(*store);
}

const date::time_zone& Zone() { return *date::locate_zone(SharedCorpus().config.organisation.time_zone); }

// The first page of kaz-co's overdue actions, by deadline. Every variant
// judges overdue at the same instant (now), so they differ only in where the
// model comes from.
projections::ActionQuery OverdueOfOneUnit() {
  projections::ActionQuery query;
  query.filter.units = {"kaz-co"};
  query.filter.overdue = true;
  query.sort = projections::ActionSort::kDeadline;
  query.limit = 100;
  return query;
}

// Views from an empty views DB up to the head: `mrtrack rebuild`, or a first start.
void BM_RebuildViews(benchmark::State& state) {
  auto store = OpenCorpusLog();
  projections::ProjectionOptions options;
  options.batch_events = projections::kRebuildBatchEvents;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string dir = ScratchDir("rebuild");
    state.ResumeTiming();
    {
      auto views = projections::Projections::Open(dir, *store, options);
      if (!views.ok() || (*views)->Position() != SharedCorpus().events) state.SkipWithError("rebuild failed");
    }
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(SharedCorpus().events));
}
BENCHMARK(BM_RebuildViews)->Unit(benchmark::kMillisecond);

// Opening views that are already up to date: a restart.
void BM_ReopenViews(benchmark::State& state) {
  auto store = OpenCorpusLog();
  const std::string dir = ScratchDir("reopen");
  if (!projections::Projections::Open(dir, *store).ok()) std::abort();
  for (auto _ : state) {
    auto views = projections::Projections::Open(dir, *store);
    if (!views.ok() || (*views)->open_info().events_applied != 0) state.SkipWithError("reopen caught up");
  }
}
BENCHMARK(BM_ReopenViews)->Unit(benchmark::kMillisecond);

void BM_ListOverdueAtHead(benchmark::State& state) {
  auto store = OpenCorpusLog();
  auto views = projections::Projections::Open(ScratchDir("head"), *store);
  if (!views.ok()) std::abort();
  const projections::QueryTime time{SystemClock().Now(), &Zone()};
  const auto query = OverdueOfOneUnit();
  for (auto _ : state) {
    auto page = (*views)->ListActions(query, time);
    if (!page.ok() || page->rows.empty()) state.SkipWithError("no overdue actions");
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ListOverdueAtHead)->Unit(benchmark::kMicrosecond);

// The same page as of a position: the prefix replayed into a snapshot. Arg:
// the share of the log, in percent.
void BM_ListOverdueAsOfPosition(benchmark::State& state) {
  auto store = OpenCorpusLog();
  const auto position = SharedCorpus().events * static_cast<std::uint64_t>(state.range(0)) / 100;
  const auto query = OverdueOfOneUnit();
  const projections::QueryTime time{SystemClock().Now(), &Zone()};
  for (auto _ : state) {
    auto snapshot = projections::BuildSnapshot(*store, projections::AsOf::AtPosition(position));
    if (!snapshot.ok()) {
      state.SkipWithError(snapshot.status().ToString().c_str());
      break;
    }
    auto page = projections::ListActions(snapshot->model, query, time);
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(position));
}
BENCHMARK(BM_ListOverdueAsOfPosition)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);

// An as-of page asked again (paging, a refreshed report): a cache hit. The
// position is the head, so the model is the same as the baseline's.
void BM_ListOverdueAsOfCached(benchmark::State& state) {
  auto store = OpenCorpusLog();
  projections::SnapshotCache cache(*store);
  const auto as_of = projections::AsOf::AtPosition(SharedCorpus().events);
  if (!cache.Get(as_of).ok()) std::abort();  // The first ask replays; not what is measured.
  const auto query = OverdueOfOneUnit();
  const projections::QueryTime time{SystemClock().Now(), &Zone()};
  for (auto _ : state) {
    auto snapshot = cache.Get(as_of);
    if (!snapshot.ok()) {
      state.SkipWithError(snapshot.status().ToString().c_str());
      break;
    }
    auto page = projections::ListActions(*snapshot->model, query, time);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ListOverdueAsOfCached)->Unit(benchmark::kMicrosecond);

// Stepping through the log 1% at a time (day after day), the overdue page
// each time: each as-of copies the whole previous model (a cost that grows
// with the number of actions, not with the step) and replays the step.
void BM_AsOfStepForward(benchmark::State& state) {
  auto store = OpenCorpusLog();
  projections::SnapshotCache cache(*store, 1);
  const std::uint64_t step = std::max<std::uint64_t>(SharedCorpus().events / 100, 1);
  std::uint64_t position = SharedCorpus().events / 2;
  if (!cache.Get(projections::AsOf::AtPosition(position)).ok()) std::abort();
  const auto query = OverdueOfOneUnit();
  const projections::QueryTime time{SystemClock().Now(), &Zone()};
  for (auto _ : state) {
    position += step;
    if (position > SharedCorpus().events) {
      state.PauseTiming();  // Back to the middle: not the step being measured.
      position = SharedCorpus().events / 2;
      if (!cache.Get(projections::AsOf::AtPosition(position)).ok()) std::abort();
      position += step;
      state.ResumeTiming();
    }
    auto snapshot = cache.Get(projections::AsOf::AtPosition(position));
    if (!snapshot.ok()) {
      state.SkipWithError(snapshot.status().ToString().c_str());
      break;
    }
    auto page = projections::ListActions(*snapshot->model, query, time);
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(step));
}
BENCHMARK(BM_AsOfStepForward)->Unit(benchmark::kMillisecond);

void BM_SummarizeByUnitAtHead(benchmark::State& state) {
  auto store = OpenCorpusLog();
  auto views = projections::Projections::Open(ScratchDir("summary"), *store);
  if (!views.ok()) std::abort();
  projections::SummaryQuery query;
  query.time = {SystemClock().Now(), &Zone()};
  for (auto _ : state) {
    auto summaries = (*views)->SummarizeByUnit(query);
    if (!summaries.ok() || summaries->empty()) state.SkipWithError("no summaries");
    benchmark::DoNotOptimize(summaries);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(SharedCorpus().actions));
}
BENCHMARK(BM_SummarizeByUnitAtHead)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace mrtrack::bench
