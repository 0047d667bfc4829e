// The iCalendar attachment (RFC 5545): one all-day VEVENT per deadline, with
// the stable UID of CalendarUid (message_builder.h), so a calendar that
// imports two reminders about the same deadline keeps one event.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "notifier/channel.h"

namespace mrtrack::notifier::email {

// A VCALENDAR (METHOD:PUBLISH) with CRLF line ends, lines folded at 75
// octets (between UTF-8 characters), TEXT values escaped; DTSTART is a DATE
// (the deadline day) and DTEND the next day; DTSTAMP is `stamp` in UTC.
std::string BuildCalendar(const std::vector<CalendarEntry>& entries, Timestamp stamp);

}  // namespace mrtrack::notifier::email
