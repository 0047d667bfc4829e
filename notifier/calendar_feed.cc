#include "notifier/calendar_feed.h"

#include <algorithm>
#include <tuple>

#include "notifier/channels/icalendar.h"
#include "notifier/message_builder.h"
#include "notifier/planner.h"
#include "notifier/texts.h"

namespace mrtrack::notifier {

std::string UnitCalendarFeed(const std::vector<ActionFacts>& actions, const std::string& unit_id,
                             const config::Config& config, Timestamp now) {
  std::vector<const ActionFacts*> open;
  for (const auto& a : actions) {
    if (!a.deadline || events::IsTerminal(a.status)) continue;
    if (std::find(a.units.begin(), a.units.end(), unit_id) == a.units.end()) continue;
    open.push_back(&a);
  }
  std::sort(open.begin(), open.end(), [](const ActionFacts* x, const ActionFacts* y) {
    return std::tie(*x->deadline, x->action_id) < std::tie(*y->deadline, y->action_id);
  });
  const Language language = UnitLanguage(unit_id, config);
  std::vector<CalendarEntry> entries;
  entries.reserve(open.size());
  for (const ActionFacts* a : open) {
    entries.push_back(DeadlineCalendarEntry(a->action_id, ItemOf(*a), *a->deadline, config, language));
  }
  return email::BuildCalendar(entries, now, "PUBLISH");
}

}  // namespace mrtrack::notifier
