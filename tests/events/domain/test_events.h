// Hand-built RecordedEvents for the fold tests, shaped as event_types.h says.
#pragma once

#include <cstdint>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "events/domain/event_types.h"
#include "events/event.h"

namespace mrtrack::events::testing {

inline Timestamp At(const std::string& text) {
  auto t = ParseTimestamp(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : Timestamp{};
}

inline RecordedEvent MakeEvent(const std::string& stream, std::uint64_t version, std::uint64_t position,
                               const std::string& type, nlohmann::json data, const std::string& at,
                               const std::string& actor = "import") {
  RecordedEvent e;
  e.stream = stream;
  e.version = version;
  e.position = position;
  e.type = type;
  e.event_id =
      "00000000-0000-4000-8000-" + std::string(12 - std::to_string(position).size(), '0') + std::to_string(position);
  e.recorded_at = At(at);
  e.actor = actor;
  e.data = std::move(data);
  return e;
}

inline nlohmann::json KeyActionAddedData(const std::string& action_id = "ev-1-r1-a1") {
  return {{"action_id", action_id},
          {"evaluation_id", "ev-1"},
          {"recommendation_id", "ev-1-r1"},
          {"number", 1},
          {"label", "1.1"},
          {"scope", "KAZ"},
          {"description", "Train partners on MEL systems."},
          {"responsible",
           {{"text", "Programme Team UN Women Kazakhstan CO"},
            {"units", {"kaz-programme"}},
            {"unmatched", nlohmann::json::array()},
            {"match", "alias"}}},
          {"deadline", {{"date", "2025-03-31"}, {"raw", "2025/03"}}},
          {"status", "Initiated"},
          {"status_raw", "initiated"}};
}

}  // namespace mrtrack::events::testing
