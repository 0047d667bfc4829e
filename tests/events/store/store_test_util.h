// Helpers shared by the event store tests: temporary directories, event
// builders, status assertions.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/time.h"
#include "events/store.h"
#include "tests/support/temp_dir.h"

#define ASSERT_OK(expr)                                        \
  do {                                                         \
    const auto& assert_ok_value = (expr);                      \
    ASSERT_TRUE(assert_ok_value.ok()) << ::mrtrack::events::store_test::StatusText(assert_ok_value); \
  } while (false)
#define EXPECT_OK(expr)                                        \
  do {                                                         \
    const auto& expect_ok_value = (expr);                      \
    EXPECT_TRUE(expect_ok_value.ok()) << ::mrtrack::events::store_test::StatusText(expect_ok_value); \
  } while (false)

namespace mrtrack::events::store_test {

inline std::string StatusText(const Status& s) { return s.ToString(); }
template <typename T>
std::string StatusText(const Result<T>& r) {
  return r.status().ToString();
}

using TempDir = test_support::TempDir;

inline Timestamp At(const char* text) { return ParseTimestamp(text).value(); }

inline NewEvent Ev(std::string type, nlohmann::json data = nlohmann::json::object(), std::string id = {},
                   std::string actor = "tester") {
  NewEvent e;
  e.event_id = std::move(id);
  e.type = std::move(type);
  e.actor = std::move(actor);
  e.data = std::move(data);
  return e;
}

inline AppendPart Part(std::string stream, ExpectedVersion expected, std::vector<NewEvent> events) {
  return AppendPart{std::move(stream), expected, std::move(events)};
}

inline std::vector<AppendPart> One(std::string stream, ExpectedVersion expected, std::vector<NewEvent> events) {
  std::vector<AppendPart> parts;
  parts.push_back(Part(std::move(stream), expected, std::move(events)));
  return parts;
}

// A fixed, recognisable UUID per small number (…-000000000001, …).
inline std::string Uuid(int n) {
  std::string tail = std::to_string(n);
  return "00000000-0000-4000-8000-" + std::string(12 - tail.size(), '0') + tail;
}

inline std::unique_ptr<EventStore> OpenStore(const std::string& dir, const Clock& clock, StoreOptions options = {}) {
  auto store = EventStore::Open(dir, clock, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

}  // namespace mrtrack::events::store_test
