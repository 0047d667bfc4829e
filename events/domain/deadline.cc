#include "events/domain/deadline.h"

#include <cctype>
#include <chrono>

#include <date/tz.h>

#include "common/message_text.h"
#include "common/time.h"

namespace mrtrack::events {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

// Reads between `min` and `max` digits from the front of `s`; nullopt if fewer.
std::optional<unsigned> TakeDigits(std::string_view& s, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  unsigned value = 0;
  while (n < s.size() && n < max && std::isdigit(static_cast<unsigned char>(s[n])) != 0) {
    value = value * 10 + static_cast<unsigned>(s[n] - '0');
    ++n;
  }
  if (n < min) return std::nullopt;
  s.remove_prefix(n);
  return value;
}

Status NotADeadline(std::string_view text, const std::string& why) {
  return InvalidArgument(MessageValue(text, '\'') + " is not a deadline: " + why, "deadline");
}

}  // namespace

Result<Deadline> ParseDeadline(std::string_view text) {
  const std::string_view trimmed = Trim(text);
  std::string_view rest = trimmed;
  const std::string expected = "expected YYYY/MM, YYYY-MM or YYYY-MM-DD";

  auto year = TakeDigits(rest, 4, 4);
  if (!year || rest.empty() || (rest.front() != '/' && rest.front() != '-')) {
    return NotADeadline(trimmed, expected);
  }
  const char separator = rest.front();
  rest.remove_prefix(1);
  auto month = TakeDigits(rest, 1, 2);
  if (!month) return NotADeadline(trimmed, expected);
  std::optional<unsigned> day;
  if (!rest.empty()) {
    if (rest.front() != separator) return NotADeadline(trimmed, expected);
    rest.remove_prefix(1);
    day = TakeDigits(rest, 1, 2);
    if (!day || !rest.empty()) return NotADeadline(trimmed, expected);
  }

  if (*month < 1 || *month > 12) {
    return NotADeadline(trimmed, "month " + std::to_string(*month) + " is not 1-12");
  }
  const date::year_month ym{date::year{static_cast<int>(*year)}, date::month{*month}};
  Deadline d;
  d.raw = std::string(trimmed);
  if (!day) {
    // A published "YYYY/MM" means the whole month: the last day is on time.
    d.date = date::year_month_day{ym / date::last};
    return d;
  }
  d.date = ym / date::day{*day};
  if (!d.date.ok()) {
    const std::string month_text = (*month < 10 ? "0" : "") + std::to_string(*month);
    return NotADeadline(trimmed, std::to_string(*year) + "-" + month_text + " has no day " + std::to_string(*day));
  }
  return d;
}

nlohmann::json DeadlineToJson(const std::optional<Deadline>& d) {
  if (!d) return nullptr;
  return {{"date", FormatDate(d->date)}, {"raw", d->raw}};
}

Result<std::optional<Deadline>> DeadlineFromJson(const nlohmann::json& j) {
  if (j.is_null()) return std::optional<Deadline>();
  if (!j.is_object()) return InvalidArgument("a deadline must be an object or null", "");
  auto date_it = j.find("date");
  if (date_it == j.end() || !date_it->is_string()) {
    return InvalidArgument("a deadline needs \"date\" as a YYYY-MM-DD string", "date");
  }
  auto day = ParseDate(date_it->get_ref<const std::string&>());
  if (!day.ok()) return Status(day.status().code(), day.status().message(), "date");
  Deadline d;
  d.date = *day;
  auto raw_it = j.find("raw");
  if (raw_it == j.end() || raw_it->is_null()) {
    d.raw = date_it->get<std::string>();
  } else if (raw_it->is_string()) {
    d.raw = raw_it->get<std::string>();
  } else {
    return InvalidArgument("a deadline's \"raw\" must be a string", "raw");
  }
  return std::optional<Deadline>(std::move(d));
}

Timestamp OverdueFrom(const Deadline& d, const date::time_zone& zone) {
  const date::local_seconds midnight{date::local_days{d.date} + date::days{1}};
  const date::local_info info = zone.get_info(midnight);
  std::chrono::sys_seconds start;
  switch (info.result) {
    case date::local_info::unique:
      start = std::chrono::sys_seconds{midnight.time_since_epoch() - info.first.offset};
      break;
    case date::local_info::ambiguous:
      // Midnight happens twice: the day is over at the first one.
      start = std::chrono::sys_seconds{midnight.time_since_epoch() - info.first.offset};
      break;
    case date::local_info::nonexistent:
      // The clocks jump over midnight: the next day starts at the jump.
      start = info.second.begin;
      break;
  }
  return std::chrono::time_point_cast<std::chrono::microseconds>(start);
}

long DaysPastDeadline(const Deadline& d, Timestamp at, const date::time_zone& zone) {
  const auto local = zone.to_local(at);
  const auto local_day = date::floor<date::days>(local);
  return static_cast<long>((local_day - date::local_days{d.date}).count());
}

}  // namespace mrtrack::events
