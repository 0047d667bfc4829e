// The notifier's planning: from the views to the reminders due now, and a
// whole day rendered into messages (what `mrtrack reminders preview` and
// every notifier pass do), over every action of the corpus.
//
// Baseline in the same run: BM_FactsFromViews, the copy of the facts out of
// the views that every pass starts with.
#include <benchmark/benchmark.h>

#include <memory>

#include "bench/corpus.h"
#include "common/clock.h"
#include "common/time.h"
#include "events/store.h"
#include "notifier/facts_from_projections.h"
#include "notifier/planner.h"
#include "notifier/preview.h"
#include "notifier/send_schedule.h"
#include "projections/offline.h"
#include "projections/projections.h"

namespace mrtrack::bench {
namespace {

struct Views {
  std::unique_ptr<events::EventStore> store;
  std::unique_ptr<projections::Projections> projections;
};

const Views& TheViews() {
  static Views views = [] {
    Views v;
    auto store = projections::OpenStoreReadOnly(SharedCorpus().data_dir);
    if (!store.ok()) std::abort();
    v.store = std::move(*store);
    auto projections = projections::Projections::Open(ScratchDir("notifier-views"), *v.store);
    if (!projections.ok()) std::abort();
    v.projections = std::move(*projections);
    return v;
  }();
  return views;
}

std::vector<notifier::ActionFacts> Facts() {
  std::vector<notifier::ActionFacts> facts;
  TheViews().projections->Read([&](const projections::ViewModel& model) { facts = notifier::FactsFromModel(model); });
  return facts;
}

// 2025-03-24 10:00 Asia/Almaty: the corpus has deadlines a week away and overdue ones.
Timestamp PlanningInstant() { return *ParseTimestamp("2025-03-24T05:00:00Z"); }

void BM_FactsFromViews(benchmark::State& state) {
  TheViews();  // Built before the clock runs.
  for (auto _ : state) benchmark::DoNotOptimize(Facts());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(SharedCorpus().actions));
}
BENCHMARK(BM_FactsFromViews)->Unit(benchmark::kMillisecond);

// The reminders due at an instant: the latest of each chain, every action.
void BM_PlanDue(benchmark::State& state) {
  const auto facts = Facts();
  const config::Config& config = SharedCorpus().config;
  auto schedule = notifier::SendSchedule::Make(config.reminders, config.organisation.time_zone);
  if (!schedule.ok()) std::abort();
  std::size_t planned = 0;
  for (auto _ : state) {
    auto due = notifier::PlanDue(facts, config, *schedule, PlanningInstant());
    planned = due.size();
    benchmark::DoNotOptimize(due);
  }
  if (planned == 0) state.SkipWithError("nothing planned");
  state.counters["reminders"] = static_cast<double>(planned);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(facts.size()));
}
BENCHMARK(BM_PlanDue)->Unit(benchmark::kMillisecond);

// A whole day planned, grouped into digests and rendered with the templates.
void BM_PreviewDay(benchmark::State& state) {
  const config::Config& config = SharedCorpus().config;
  auto day = notifier::PreviewForDay(date::year_month_day(date::year(2025) / 3 / 24), config.organisation.time_zone);
  if (!day.ok()) std::abort();
  std::size_t messages = 0;
  TheViews();
  for (auto _ : state) {
    auto preview = notifier::PreviewRemindersJson(*TheViews().projections, config, *day);
    if (!preview.ok()) {
      state.SkipWithError(preview.status().ToString().c_str());
      break;
    }
    messages = (*preview)["messages"].size();
  }
  if (messages == 0) state.SkipWithError("nothing to preview");
  state.counters["messages"] = static_cast<double>(messages);
}
BENCHMARK(BM_PreviewDay)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mrtrack::bench
