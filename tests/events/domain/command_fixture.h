// The fixture of the command tests: a real RocksDB store in a temporary
// directory holding one imported key action, and a ManualClock.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/config.h"
#include "events/domain/commands.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "events/store.h"
#include "test_events.h"

namespace mrtrack::events::testing {

using nlohmann::json;

inline const std::string kAction = "ev-1-r1-a1";

inline config::Unit MakeUnit(const std::string& id, const std::string& name) {
  config::Unit u;
  u.id = id;
  u.name = name;
  return u;
}

inline config::Config UnitDirectory() {
  config::Config c;
  c.units.push_back(MakeUnit("kaz-co", "UN Women Kazakhstan Country Office"));
  c.units.push_back(MakeUnit("government", "Government institutions of Kazakhstan"));
  return c;
}

inline NewEvent Event(const std::string& type, json data, const std::string& event_id = {}) {
  NewEvent e;
  e.event_id = event_id;
  e.type = type;
  e.actor = "import";
  e.data = std::move(data);
  return e;
}

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = ::testing::TempDir() + "mrtrack-domain-XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    auto store = EventStore::Open(dir_ + "/store", clock_, StoreOptions{.sync = false});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    AppendDirect(kAction, types::kKeyActionAdded, KeyActionAddedData(kAction), "import");
    clock_.Set(At("2025-02-03T10:15:00Z"));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Appends one event to an action's stream as another writer would.
  void AppendDirect(const std::string& action_id, const std::string& type, json data, const std::string& actor) {
    NewEvent e;
    e.type = type;
    e.actor = actor;
    e.data = std::move(data);
    auto r = store_->Append({AppendPart{ActionStream(action_id), ExpectedVersion::Any(), {e}}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  CommandContext Context(const std::string& actor = "kaz-co-editor") {
    CommandContext ctx(*store_, actor);
    ctx.correlation_id = "req-1";
    return ctx;
  }

  std::vector<RecordedEvent> Stream() {
    auto events = store_->ReadStream(ActionStream(kAction), 1, Direction::kForward, 100);
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<RecordedEvent>{};
  }

  ManualClock clock_{At("2025-01-10T09:00:00Z")};
  std::string dir_;
  std::unique_ptr<EventStore> store_;
};

}  // namespace mrtrack::events::testing
