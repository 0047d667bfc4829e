// Rebuild == incremental: a generated log of 100,000+ events of every type,
// applied in many small catch-ups (with restarts), then rebuilt from position
// 0 into another views DB; every key and value must be the same.
//
// The seed is random unless MRTRACK_TEST_SEED is set; it is printed and
// recorded as a test property so a failure can be replayed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>

#include "projections/as_of.h"
#include "projections/projections.h"
#include "tests/projections/log_generator.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using projections_test::At;
using projections_test::DumpModel;
using projections_test::LogGenerator;
using projections_test::OpenStore;
using projections_test::ReadViewsDb;
using projections_test::TempDir;
using KeyValues = std::vector<std::pair<std::string, std::string>>;

constexpr std::uint64_t kTargetEvents = 100000;

std::uint64_t TestSeed() {
  if (const char* env = std::getenv("MRTRACK_TEST_SEED")) return std::strtoull(env, nullptr, 10);
  return std::random_device()();
}

// The first difference, for a readable failure.
std::string FirstDifference(const KeyValues& a, const KeyValues& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i].first != b[i].first) return "key #" + std::to_string(i) + ": '" + a[i].first + "' vs '" + b[i].first + "'";
    if (a[i].second != b[i].second) {
      return "value of '" + a[i].first + "':\n  " + a[i].second + "\n  " + b[i].second;
    }
  }
  return "sizes " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
}

TEST(RebuildEquivalenceTest, RebuildFromZeroEqualsIncrementalCatchUps) {
  const std::uint64_t seed = TestSeed();
  std::cout << "seed: " << seed << " (set MRTRACK_TEST_SEED to replay)" << std::endl;
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  SCOPED_TRACE("seed " + std::to_string(seed));

  TempDir dir;
  ManualClock clock(At("2023-01-01T00:00:00Z"));
  auto store = OpenStore(dir.Sub("events"), clock);
  LogGenerator generator(*store, clock, seed);
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);

  // Small batches so that catch-ups also split inside themselves.
  ProjectionOptions incremental_options;
  incremental_options.batch_events = 7;
  const std::string incremental_dir = dir.Sub("views-incremental");
  auto views = Projections::Open(incremental_dir, *store, incremental_options);
  ASSERT_OK(views);
  std::unique_ptr<Projections> live = std::move(views).value();
  std::uint64_t catch_ups = 0, reopens = 0;
  while (store->HeadPosition() < kTargetEvents) {
    const int steps = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int i = 0; i < steps; ++i) generator.Step();
    if (std::uniform_int_distribution<int>(0, 299)(rng) == 0) {
      // A restart: load the stored views and catch up from their checkpoint.
      const std::uint64_t before = live->Position();
      live.reset();
      auto reopened = Projections::Open(incremental_dir, *store, incremental_options);
      ASSERT_OK(reopened);
      live = std::move(reopened).value();
      ASSERT_EQ(live->open_info().loaded_position, before);
      ASSERT_EQ(live->open_info().rebuilt_because, "");
      ++reopens;
    } else {
      ASSERT_OK(live->CatchUp());
    }
    ++catch_ups;
  }
  const std::uint64_t head = store->HeadPosition();
  ASSERT_EQ(live->Position(), head);
  std::cout << head << " events, " << catch_ups << " catch-ups, " << reopens << " restarts" << std::endl;
  for (const auto& [type, n] : generator.counts()) {
    std::cout << "  " << type << ": " << n << std::endl;
    EXPECT_GT(n, 0u) << type;
  }
  EXPECT_EQ(generator.counts().size(), 15u);  // Every type the generator knows, malformed included.

  // The live in-memory model is what a reload of its own DB gives.
  std::map<std::string, std::string> live_dump;
  live->Read([&](const ViewModel& m) { live_dump = DumpModel(m); });
  live.reset();

  const auto started = std::chrono::steady_clock::now();
  ProjectionOptions rebuild_options;
  rebuild_options.batch_events = 16384;
  auto rebuilt = Projections::Open(dir.Sub("views-rebuilt"), *store, rebuild_options);
  ASSERT_OK(rebuilt);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::cout << "rebuild of " << (*rebuilt)->open_info().events_applied << " events: " << took.count() << " ms"
            << std::endl;
  EXPECT_EQ((*rebuilt)->open_info().events_applied, head);
  EXPECT_GT((*rebuilt)->Stats().rejected_events, 0u);
  rebuilt->reset();

  const KeyValues incremental = ReadViewsDb(incremental_dir);
  const KeyValues from_zero = ReadViewsDb(dir.Sub("views-rebuilt"));
  ASSERT_EQ(incremental.size(), from_zero.size()) << FirstDifference(incremental, from_zero);
  EXPECT_TRUE(incremental == from_zero) << FirstDifference(incremental, from_zero);

  // And as-of of the head replays to the same states, through the same Apply.
  auto snapshot = BuildSnapshot(*store, AsOf::Head());
  ASSERT_OK(snapshot);
  EXPECT_TRUE(DumpModel(snapshot->model) == live_dump);
}

}  // namespace
}  // namespace mrtrack::projections
