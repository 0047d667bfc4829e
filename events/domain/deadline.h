// Deadlines: "YYYY/MM" as published (the end of that month) or "YYYY-MM-DD".
// A deadline is a calendar date in the organisation's time zone; the action is
// overdue from the first instant of the following day there.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"

namespace date { class time_zone; }

namespace mrtrack::events {

struct Deadline {
  date::year_month_day date{};  // The last day the action is on time.
  std::string raw;              // The text it came from ("2025/03").

  bool operator==(const Deadline& o) const { return date == o.date; }
};

// Parses "YYYY/MM", "YYYY-MM" (end of month) or "YYYY-MM-DD".
Result<Deadline> ParseDeadline(std::string_view text);

// {"date": "...", "raw": "..."} / null.
nlohmann::json DeadlineToJson(const std::optional<Deadline>& d);
Result<std::optional<Deadline>> DeadlineFromJson(const nlohmann::json& j);

// The first instant after the deadline day in `zone` (when it becomes overdue).
Timestamp OverdueFrom(const Deadline& d, const date::time_zone& zone);

// Whole days from the deadline day to the local date of `at` in `zone`
// (positive when late, 0 on the day, negative before).
long DaysPastDeadline(const Deadline& d, Timestamp at, const date::time_zone& zone);

}  // namespace mrtrack::events
