// Deadlines: "YYYY/MM" as published (the end of that month) or "YYYY-MM-DD".
// A deadline is a calendar date in the organisation's time zone; the action is
// overdue from the first instant of the following day there.
//
// Thread safety: values and pure functions (the time zone database of the
// date library is safe for concurrent reads).
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

  // Two deadlines are the same when they fall on the same day, whatever the
  // text ("2025/03" == "2025-03-31").
  bool operator==(const Deadline& o) const { return date == o.date; }
};

// Parses "YYYY/MM", "YYYY-MM" (end of month; the month may have one digit) or
// "YYYY-MM-DD" / "YYYY/MM/DD". Surrounding blanks are ignored; raw keeps the
// trimmed text. Errors are kInvalidArgument with field "deadline", e.g.
//   "'2025/13' is not a deadline: month 13 is not 1-12"
//   "'2025-04-31' is not a deadline: 2025-04 has no day 31"
//   "'soon' is not a deadline: expected YYYY/MM, YYYY-MM or YYYY-MM-DD"
Result<Deadline> ParseDeadline(std::string_view text);

// {"date": "2025-03-31", "raw": "2025/03"} / null.
nlohmann::json DeadlineToJson(const std::optional<Deadline>& d);
// The inverse: null -> nullopt. "date" is required and strict YYYY-MM-DD;
// "raw" defaults to the date. Errors are kInvalidArgument naming the field
// ("date", "raw"). Never throws.
Result<std::optional<Deadline>> DeadlineFromJson(const nlohmann::json& j);

// The first instant after the deadline day in `zone` (when it becomes overdue):
// local midnight of the next day, or, when a clock change skips that
// midnight, the first instant that exists after it.
Timestamp OverdueFrom(const Deadline& d, const date::time_zone& zone);

// Whether the action is late at `at` (deadline only; the caller excludes
// terminal actions).
inline bool IsPastDeadline(const Deadline& d, Timestamp at, const date::time_zone& zone) {
  return at >= OverdueFrom(d, zone);
}

// Whole days from the deadline day to the local date of `at` in `zone`
// (positive when late, 0 on the day, negative before).
long DaysPastDeadline(const Deadline& d, Timestamp at, const date::time_zone& zone);

}  // namespace mrtrack::events
