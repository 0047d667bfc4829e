// The iCalendar attachment (RFC 5545): one all-day VEVENT per action, with
// its UID for the action's whole life (events::ActionCalendarUid) and a
// SEQUENCE that grows with the action's revisions, so a calendar keeps one
// event per action, moves it when the deadline moves, and removes it on a
// METHOD:CANCEL (completion, or the deadline removed).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "notifier/channel.h"

namespace mrtrack::notifier::email {

// A VCALENDAR (METHOD:`method`, "PUBLISH" or "CANCEL"; cancelled events also
// carry STATUS:CANCELLED) with CRLF line ends, lines folded at 75
// octets (between UTF-8 characters), TEXT values escaped; DTSTART is a DATE
// (the deadline day) and DTEND the next day; DTSTAMP is `stamp` in UTC.
std::string BuildCalendar(const std::vector<CalendarEntry>& entries, Timestamp stamp,
                          const std::string& method = "PUBLISH");

}  // namespace mrtrack::notifier::email
