// Helpers shared by the notifier tests: temporary directories, a store with
// a ManualClock, key actions appended as the importer would, configs, and a
// Maildir reader.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/time.h"
#include "config/load.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "events/store.h"
#include "projections/offline.h"
#include "projections/projections.h"
#include "tests/support/temp_dir.h"

#define ASSERT_OK(expr)                                                      \
  do {                                                                       \
    const auto& assert_ok_value = (expr);                                    \
    ASSERT_TRUE(assert_ok_value.ok()) << ::mrtrack::notifier_test::Text(assert_ok_value); \
  } while (false)
#define EXPECT_OK(expr)                                                      \
  do {                                                                       \
    const auto& expect_ok_value = (expr);                                    \
    EXPECT_TRUE(expect_ok_value.ok()) << ::mrtrack::notifier_test::Text(expect_ok_value); \
  } while (false)

namespace mrtrack::notifier_test {

inline std::string Text(const Status& s) { return s.ToString(); }
template <typename T>
std::string Text(const Result<T>& r) {
  return r.status().ToString();
}

inline Timestamp At(const std::string& text) {
  auto t = ParseTimestamp(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : Timestamp{};
}

using TempDir = test_support::TempDir;

// The TOML of a test configuration: one unit "kaz-co" (with an escalation to
// "ecaro") and `extra` appended (webhooks, reminder rules...).
// `kaz_webhooks` is the TOML list of kaz-co's webhook names ("[\"co-chat\"]").
inline std::string BaseToml(const std::string& data_dir, const std::string& kaz_webhooks = "[]",
                            const std::string& time_zone = "Europe/Berlin") {
  return "[storage]\ndata_dir = \"" + data_dir + "\"\n"
         "[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"" + time_zone + "\"\n"
         "[[units]]\nid = \"kaz-co\"\nname = \"Kazakhstan CO\"\nemails = [\"co@example.org\"]\nescalation = \"ecaro\"\n"
         "webhooks = " + kaz_webhooks + "\n"
         "[[units]]\nid = \"ecaro\"\nname = \"ECARO\"\nemails = [\"ecaro@example.org\"]\n"
         "[smtp]\nfrom = \"mrtrack@example.org\"\n";
}

inline std::shared_ptr<const config::Config> MakeConfig(const std::string& toml) {
  auto c = config::LoadConfigString(toml, "test.toml");
  EXPECT_TRUE(c.ok()) << c.status().ToString() << "\n" << toml;
  return std::make_shared<const config::Config>(c.ok() ? *c : config::Config{});
}

inline Status AppendOne(events::EventStore& store, const std::string& stream, const std::string& type,
                        nlohmann::json data) {
  events::NewEvent e;
  e.type = type;
  e.actor = "import";
  e.data = std::move(data);
  events::AppendPart part;
  part.stream = stream;
  part.events.push_back(std::move(e));
  std::vector<events::AppendPart> parts;
  parts.push_back(std::move(part));
  auto r = store.Append(std::move(parts));
  return r.ok() ? Status::Ok() : r.status();
}

inline void AddEvaluation(events::EventStore& store, const std::string& evaluation_id, const std::string& title) {
  namespace t = events::types;
  ASSERT_OK(AppendOne(store, events::EvaluationStream(evaluation_id), t::kEvaluationRegistered,
                      {{"evaluation_id", evaluation_id}, {"title", title}}));
  ASSERT_OK(AppendOne(store, events::EvaluationStream(evaluation_id), t::kRecommendationAdded,
                      {{"evaluation_id", evaluation_id},
                       {"recommendation_id", events::RecommendationId(evaluation_id, 1)},
                       {"number", 1},
                       {"text", "Strengthen the programme"}}));
}

// Adds key action <evaluation>-r1-a<number> responsible `units`, due `deadline`.
inline std::string AddAction(events::EventStore& store, const std::string& evaluation_id, int number,
                             const std::string& description, const std::vector<std::string>& units,
                             const std::string& deadline, const std::string& status = "Not Initiated") {
  const std::string id = events::ActionId(evaluation_id, 1, number);
  nlohmann::json data = {{"action_id", id},
                         {"evaluation_id", evaluation_id},
                         {"recommendation_id", events::RecommendationId(evaluation_id, 1)},
                         {"number", number},
                         {"label", "1." + std::to_string(number)},
                         {"scope", ""},
                         {"description", description},
                         {"responsible", {{"text", "x"}, {"units", units}, {"unmatched", nlohmann::json::array()}, {"match", "alias"}}},
                         {"deadline", {{"date", deadline}, {"raw", deadline}}},
                         {"status", status},
                         {"status_raw", status}};
  Status s = AppendOne(store, events::ActionStream(id), events::types::kKeyActionAdded, data);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return id;
}

// Evaluation ev-1 with overdue actions (due 2025-01-31), written into a data
// directory before a daemon opens it: `units[i]` is responsible for action i + 1.
inline std::vector<std::string> AddOverdueActions(const std::string& data_dir, const std::vector<std::string>& units) {
  auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), SystemClock::Instance());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  std::vector<std::string> ids;
  if (!store.ok()) return ids;
  AddEvaluation(**store, "ev-1", "Evaluation of the umbrella programme");
  for (std::size_t i = 0; i < units.size(); ++i) {
    ids.push_back(AddAction(**store, "ev-1", static_cast<int>(i) + 1, "Action " + std::to_string(i + 1), {units[i]},
                            "2025-01-31"));
  }
  return ids;
}

// A store and projections in a temporary directory, on a ManualClock.
struct World {
  explicit World(Timestamp start) : clock(start) { Open(); }
  void Open() {
    auto s = events::EventStore::Open(dir.Sub("events"), clock, {.sync = false});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store = std::move(*s);
    auto p = projections::Projections::Open(dir.Sub("views"), *store);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    projections = std::move(*p);
  }
  void Close() {
    projections.reset();
    store.reset();
  }
  // Every event of the stream of reminder `id`, as "Type" strings.
  std::vector<std::string> ReminderTypes(const std::string& id) const {
    std::vector<std::string> out;
    auto events = store->ReadStream(events::ReminderStream(id), 1, events::Direction::kForward, 1000);
    if (events.ok()) {
      for (const auto& e : *events) out.push_back(e.type);
    }
    return out;
  }
  // Every reminder event of the log, in order.
  std::vector<events::RecordedEvent> ReminderEvents() const {
    std::vector<events::RecordedEvent> out;
    auto s = store->Scan(1, [&](const events::RecordedEvent& e) {
      if (e.stream.rfind("reminder-", 0) == 0) out.push_back(e);
      return true;
    });
    EXPECT_TRUE(s.ok());
    return out;
  }

  TempDir dir;
  ManualClock clock;
  std::unique_ptr<events::EventStore> store;
  std::unique_ptr<projections::Projections> projections;
};

// The files of <maildir>/new, sorted, with their contents.
// The reminder ids the log holds a ReminderDue and a ReminderDelivered for.
struct ReminderOutcomes {
  std::set<std::string> due, delivered;
};
inline ReminderOutcomes ReadReminderOutcomes(const events::EventStore& store) {
  ReminderOutcomes out;
  Status scanned = store.Scan(1, [&](const events::RecordedEvent& e) {
    if (e.type == events::types::kReminderDue) out.due.insert(e.data["reminder_id"].get<std::string>());
    if (e.type == events::types::kReminderDelivered) out.delivered.insert(e.data["reminder_id"].get<std::string>());
    return true;
  });
  EXPECT_TRUE(scanned.ok()) << scanned.ToString();
  return out;
}

inline std::vector<std::string> ReadMaildir(const std::string& maildir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(maildir) / "new", ec)) {
    names.push_back(entry.path().string());
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> out;
  for (const auto& n : names) {
    std::ifstream in(n, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    out.push_back(s.str());
  }
  return out;
}

}  // namespace mrtrack::notifier_test
