// The dates UNDP's Evaluation Resource Centre stamps on each item of a
// management response: "[Added: 2025/07/01] [Last Updated: 2025/09/15]",
// after a response's label and after each key action's text. They are the
// source's dates of the item, kept as published (source_dates on the events,
// events/FORMAT.md), never taken for mrtrack's own times.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mrtrack::events::import {

struct SourceStamps {
  std::string added;         // "2025/07/01" as published, "" when none.
  std::string last_updated;  // "2025/09/15", "" when none.
  bool empty() const { return added.empty() && last_updated.empty(); }
  bool operator==(const SourceStamps&) const = default;
};

// Removes the stamps from `text`, line by line (the blanks around a stamp
// collapse to one; a line left empty by its stamps is dropped), and returns
// them. Labels are matched without regard to case. Text without stamps is
// left alone.
SourceStamps TakeSourceStamps(std::string& text);

// {"added": "2025/07/01", "last_updated": "2025/09/15"}: source_dates on the events and in the import report.
nlohmann::json SourceStampsToJson(const SourceStamps& stamps);

}  // namespace mrtrack::events::import
