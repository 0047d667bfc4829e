// Helpers shared by the projection tests: temporary directories, a store on a
// ManualClock, and TestLog, which writes events with exactly the data shapes
// of events/domain/event_types.h straight through EventStore::Append.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "events/store.h"
#include "projections/view_model.h"
#include "tests/support/temp_dir.h"

#define ASSERT_OK(expr)                                                   \
  do {                                                                    \
    const auto& assert_ok_value = (expr);                                 \
    ASSERT_TRUE(assert_ok_value.ok()) << ::mrtrack::projections_test::StatusText(assert_ok_value); \
  } while (false)
#define EXPECT_OK(expr)                                                   \
  do {                                                                    \
    const auto& expect_ok_value = (expr);                                 \
    EXPECT_TRUE(expect_ok_value.ok()) << ::mrtrack::projections_test::StatusText(expect_ok_value); \
  } while (false)

namespace mrtrack::projections_test {

inline std::string StatusText(const Status& s) { return s.ToString(); }
template <typename T>
std::string StatusText(const Result<T>& r) {
  return r.status().ToString();
}

using TempDir = test_support::TempDir;

Timestamp At(const char* text);  // ParseTimestamp or abort.
const date::time_zone& Tokyo();  // UTC+9 all year: easy to reason about.

// Opens a store (sync off: tests can redo their work) on `clock`.
std::unique_ptr<events::EventStore> OpenStore(const std::string& dir, const Clock& clock);

// Writes events through EventStore::Append. Every call queues one event;
// Flush() appends all queued events in one atomic Append (one part per
// stream, in order of first appearance). TestLog remembers each action's
// current values so that the "from" fields are right.
class TestLog {
 public:
  TestLog(events::EventStore& store, ManualClock& clock) : store_(store), clock_(clock) {}

  void Evaluation(const std::string& evaluation_id, const std::string& title, const std::string& office);
  void UpdateEvaluation(const std::string& evaluation_id, const std::string& field, const std::string& from,
                        const std::string& to);
  // Recommendation ids are "<evaluation_id>-r<number>".
  void Recommendation(const std::string& evaluation_id, int number, const std::string& text);
  void EditRecommendation(const std::string& evaluation_id, int number, const std::string& from, const std::string& to);
  void Response(const std::string& evaluation_id, int number, const std::string& category, const std::string& text);
  // Returns the action id "<evaluation_id>-r<rec>-a<number>". `deadline` is
  // "YYYY/MM", "YYYY-MM-DD" or "" (none).
  std::string Action(const std::string& evaluation_id, int rec, int number, const std::string& description,
                     const std::vector<std::string>& units, const std::string& deadline,
                     const std::string& status = "Not Initiated", const std::vector<std::string>& unmatched = {});
  void Status(const std::string& action_id, const std::string& to, const std::string& reason = "");
  void Deadline(const std::string& action_id, const std::string& to, const std::string& justification = "moved");
  void Responsible(const std::string& action_id, const std::vector<std::string>& units, const std::string& reason = "");
  void Comment(const std::string& action_id, const std::string& author, const std::string& text);
  void Description(const std::string& action_id, const std::string& to);
  // A notifier event on "reminder-<id>" (projections must skip it).
  void Reminder(const std::string& reminder_id, const std::string& action_id);
  // Any event on any stream (e.g. malformed data).
  void Raw(const std::string& stream, const std::string& type, nlohmann::json data);

  // Appends what is queued; returns the last position written (0 when none).
  std::uint64_t Flush();
  // Queues nothing; flushes and moves the clock.
  void Advance(std::chrono::microseconds d);

  std::size_t queued() const { return queue_.size(); }
  const std::string& status_of(const std::string& action_id) { return actions_[action_id].status; }

 private:
  struct ActionValues {
    std::string status, description;
    nlohmann::json deadline, responsible;
  };
  void Queue(const std::string& stream, const std::string& type, nlohmann::json data);

  events::EventStore& store_;
  ManualClock& clock_;
  std::vector<std::pair<std::string, events::NewEvent>> queue_;
  std::map<std::string, ActionValues> actions_;
  std::uint64_t next_comment_ = 1;
};

// Every state of `model` encoded as the views DB would store it, by key
// (checkpoint and rejected list included): equal dumps = equal models.
std::map<std::string, std::string> DumpModel(const projections::ViewModel& model);

// Every key and value of the views DB in `dir`, in key order (opened and
// closed here: the projection using it must be closed).
std::vector<std::pair<std::string, std::string>> ReadViewsDb(const std::string& dir);

// {"date": ..., "raw": ...} for "YYYY/MM" / "YYYY-MM-DD", null for "".
nlohmann::json DeadlineJson(const std::string& text);
nlohmann::json ResponsibleJson(const std::vector<std::string>& units, const std::vector<std::string>& unmatched = {});

}  // namespace mrtrack::projections_test
