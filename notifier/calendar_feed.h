// The calendar feed of a unit (GET /v1/units/{id}/calendar.ics, docs/API.md
// "Calendar feeds"): one all-day VEVENT per open key action of the unit that
// has a deadline, built exactly as the calendar attachment of the reminders
// (DeadlineCalendarEntry: the same UID for the action's whole life, SEQUENCE
// its stream version, so a moved deadline updates the one event a calendar
// already has). A completed action or one that lost its deadline leaves the
// feed; calendar clients drop events a subscribed feed no longer lists.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "config/config.h"
#include "notifier/action_facts.h"

namespace mrtrack::notifier {

// The VCALENDAR of `unit_id`'s open actions with a deadline, by deadline then
// action id; DTSTAMP is `now`.
std::string UnitCalendarFeed(const std::vector<ActionFacts>& actions, const std::string& unit_id,
                             const config::Config& config, Timestamp now);

}  // namespace mrtrack::notifier
