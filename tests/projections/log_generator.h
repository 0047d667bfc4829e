// LogGenerator: a seeded random log of every event type the read side folds —
// imports (evaluation, recommendations, responses, key actions), status
// changes with reopenings, deadline moves, reassignments, comments,
// description edits, evaluation and recommendation edits, re-recorded
// responses, reminders, and now and then a malformed event — written through
// EventStore::Append, many events per append, with the shapes of
// events/domain/event_types.h. The same seed gives the same log.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "tests/projections/test_log.h"

namespace mrtrack::projections_test {

class LogGenerator {
 public:
  LogGenerator(events::EventStore& store, ManualClock& clock, std::uint64_t seed);

  // Appends one random append (an import, or a burst of changes) and moves
  // the clock on; returns how many events it held.
  std::size_t Step();

  // Events generated so far, by type.
  const std::map<std::string, std::size_t>& counts() const { return counts_; }

 private:
  struct EvaluationInfo {
    std::string id;
    int recommendations = 0;
    std::vector<std::string> rec_texts;
    std::string title;
  };

  std::size_t Import();
  std::size_t Changes();
  void Change();
  std::string Words(int min, int max);
  std::string RandomDeadline();
  std::vector<std::string> RandomUnits();
  std::string StatusOtherThan(const std::string& status);
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng_)];
  }
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  void Count(const char* type, std::size_t n = 1) { counts_[type] += n; }

  TestLog log_;
  ManualClock& clock_;
  std::mt19937_64 rng_;
  std::vector<EvaluationInfo> evaluations_;
  std::vector<std::string> actions_;
  std::map<std::string, std::size_t> counts_;
  int next_evaluation_ = 1;
  int next_reminder_ = 1;
};

}  // namespace mrtrack::projections_test
