#include "common/time.h"

#include <sstream>

namespace mrtrack {

std::string FormatTimestamp(Timestamp t) {
  return date::format("%Y-%m-%dT%H:%M:%SZ", t);
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  std::string s(text);
  if (s.size() == 10) {
    MRTRACK_ASSIGN_OR_RETURN(auto day, ParseDate(s));
    return Timestamp(date::sys_days(day));
  }
  Timestamp t;
  std::istringstream in(s);
  if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) {
    in >> date::parse("%Y-%m-%dT%H:%M:%S", t);
    if (!in.fail()) {
      in.get();  // the Z
      if (in.peek() == std::char_traits<char>::eof()) return t;
    }
  } else {
    std::chrono::minutes offset{};
    in >> date::parse("%Y-%m-%dT%H:%M:%S%Ez", t, offset);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return t;
  }
  return InvalidArgument("'" + s + "' is not a time: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (RFC 3339)");
}

std::string FormatDate(date::year_month_day d) { return date::format("%F", d); }

Result<date::year_month_day> ParseDate(std::string_view text) {
  std::string s(text);
  date::year_month_day d{};
  std::istringstream in(s);
  in >> date::parse("%F", d);
  if (s.size() != 10 || in.fail() || !d.ok() || in.peek() != std::char_traits<char>::eof()) {
    return InvalidArgument("'" + s + "' is not a date: expected YYYY-MM-DD");
  }
  return d;
}

}  // namespace mrtrack
