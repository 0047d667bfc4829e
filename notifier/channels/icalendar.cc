#include "notifier/channels/icalendar.h"

#include <cstdio>

namespace mrtrack::notifier::email {
namespace {

std::string EscapeText(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

// Folds a content line at 75 octets: CRLF + one space, never inside a
// UTF-8 character.
std::string Fold(const std::string& line) {
  std::string out;
  std::size_t i = 0, limit = 75;
  while (line.size() - i > limit) {
    std::size_t end = i + limit;
    while (end > i && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    out += line.substr(i, end - i) + "\r\n ";
    i = end;
    limit = 74;  // The leading space counts.
  }
  out += line.substr(i) + "\r\n";
  return out;
}

std::string Compact(const date::year_month_day& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::string UtcStamp(Timestamp t) {
  const auto day = date::floor<date::days>(t);
  const date::hh_mm_ss<std::chrono::seconds> hms(std::chrono::floor<std::chrono::seconds>(t - day));
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d%02d%02dZ", static_cast<int>(hms.hours().count() % 24),
                static_cast<int>(hms.minutes().count() % 60), static_cast<int>(hms.seconds().count() % 60));
  return Compact(date::year_month_day(day)) + buf;
}

}  // namespace

std::string BuildCalendar(const std::vector<CalendarEntry>& entries, Timestamp stamp, const std::string& method) {
  std::string out;
  out += "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mrtrack//notifier//EN\r\nCALSCALE:GREGORIAN\r\n";
  out += "METHOD:" + method + "\r\n";
  for (const auto& e : entries) {
    const date::year_month_day next{date::sys_days(e.date) + date::days(1)};
    out += "BEGIN:VEVENT\r\n";
    out += Fold("UID:" + e.uid);
    out += "SEQUENCE:" + std::to_string(e.sequence) + "\r\n";
    out += "DTSTAMP:" + UtcStamp(stamp) + "\r\n";
    out += "DTSTART;VALUE=DATE:" + Compact(e.date) + "\r\n";
    out += "DTEND;VALUE=DATE:" + Compact(next) + "\r\n";
    out += Fold("SUMMARY:" + EscapeText(e.summary));
    out += Fold("DESCRIPTION:" + EscapeText(e.description));
    if (method == "CANCEL") out += "STATUS:CANCELLED\r\n";
    out += "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n";
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

}  // namespace mrtrack::notifier::email
