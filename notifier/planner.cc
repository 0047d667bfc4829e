#include "notifier/planner.h"

#include <algorithm>
#include <map>

namespace mrtrack::notifier {

ReminderItem ItemOf(const ActionFacts& a) {
  ReminderItem item;
  item.evaluation_id = a.evaluation_id;
  item.evaluation_title = a.evaluation_title;
  item.recommendation_number = a.recommendation_number;
  item.action_number = a.action_number;
  item.label = a.label;
  item.description = a.description;
  item.status = events::StatusLabel(a.status);
  item.calendar_sequence = a.version;
  return item;
}

namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Adds one reminder per channel of `unit`.
void AddForUnit(const ActionFacts& a, const Occurrence& o, const config::Unit& unit,
                const std::vector<std::string>& escalated_from, std::map<std::string, Reminder>& out) {
  for (const auto& channel : UnitChannels(unit)) {
    Reminder r;
    r.action_id = a.action_id;
    r.unit = unit.id;
    r.rule = o.rule;
    r.channel = channel;
    r.chain = o.chain;
    r.deadline = *a.deadline;
    r.days_from_deadline = o.days_from_deadline;
    r.due_at = o.due_at;
    r.item = ItemOf(a);
    r.id = ReminderId(r.action_id, r.rule, r.deadline, r.unit, r.channel);
    auto [it, inserted] = out.try_emplace(r.id, std::move(r));
    for (const auto& from : escalated_from) {
      if (!Contains(it->second.escalated_from, from)) it->second.escalated_from.push_back(from);
    }
  }
}

// The reminders of occurrence `o` of action `a`.
void Expand(const ActionFacts& a, const Occurrence& o, const config::Config& config,
            std::map<std::string, Reminder>& out) {
  for (const auto& unit_id : a.units) {
    const config::Unit* unit = config.FindUnit(unit_id);
    if (unit == nullptr) continue;
    if (o.chain == Chain::kMain) {
      AddForUnit(a, o, *unit, {}, out);
    } else if (!unit->escalation.empty()) {
      const config::Unit* target = config.FindUnit(unit->escalation);
      if (target != nullptr) AddForUnit(a, o, *target, {unit->id}, out);
    }
  }
}

bool Plannable(const ActionFacts& a) { return a.deadline.has_value() && !events::IsTerminal(a.status); }

std::vector<Reminder> Sorted(std::map<std::string, Reminder> by_id) {
  std::vector<Reminder> out;
  out.reserve(by_id.size());
  for (auto& [id, r] : by_id) out.push_back(std::move(r));
  std::stable_sort(out.begin(), out.end(), [](const Reminder& x, const Reminder& y) { return x.due_at < y.due_at; });
  return out;
}

}  // namespace

std::vector<std::string> UnitChannels(const config::Unit& unit) {
  std::vector<std::string> out;
  if (!unit.emails.empty()) out.emplace_back(kEmailChannel);
  for (const auto& w : unit.webhooks) out.push_back(kWebhookChannelPrefix + w);
  return out;
}

std::vector<Reminder> PlanDue(const std::vector<ActionFacts>& actions, const config::Config& config,
                              const SendSchedule& schedule, Timestamp now) {
  std::map<std::string, Reminder> by_id;
  for (const auto& a : actions) {
    if (!Plannable(a)) continue;
    for (Chain chain : {Chain::kMain, Chain::kEscalation}) {
      auto o = LatestDue(*a.deadline, config.reminders, schedule, chain, now);
      if (o) Expand(a, *o, config, by_id);
    }
  }
  return Sorted(std::move(by_id));
}

std::vector<Reminder> PlanBetween(const std::vector<ActionFacts>& actions, const config::Config& config,
                                  const SendSchedule& schedule, Timestamp from, Timestamp to) {
  std::map<std::string, Reminder> by_id;
  for (const auto& a : actions) {
    if (!Plannable(a)) continue;
    for (const auto& o : OccurrencesBetween(*a.deadline, config.reminders, schedule, from, to)) {
      Expand(a, o, config, by_id);
    }
  }
  return Sorted(std::move(by_id));
}

std::string WhyNoLongerDue(const Reminder& pending, const ActionFacts* facts, const config::Config& config) {
  if (pending.rule == kCancelRule) {  // Due because the action is gone, terminal or without a deadline.
    return facts != nullptr && !events::IsTerminal(facts->status) && facts->deadline ? "action reopened" : "";
  }
  if (facts == nullptr) return "action " + pending.action_id + " no longer exists";
  if (events::IsTerminal(facts->status)) {
    return std::string("action is ") + events::StatusLabel(facts->status);
  }
  if (!facts->deadline) return "deadline removed";
  if (*facts->deadline != pending.deadline) {
    return "deadline moved from " + DateText(pending.deadline) + " to " + DateText(*facts->deadline);
  }
  const config::Unit* unit = config.FindUnit(pending.unit);
  if (unit == nullptr) return "unit " + pending.unit + " is no longer in the unit directory";
  if (pending.chain == Chain::kMain) {
    if (!Contains(facts->units, pending.unit)) return "unit " + pending.unit + " is no longer responsible";
  } else {
    bool still_target = false;
    for (const auto& u : facts->units) {
      const config::Unit* responsible = config.FindUnit(u);
      if (responsible != nullptr && responsible->escalation == pending.unit) still_target = true;
    }
    if (!still_target) return "escalation to unit " + pending.unit + " no longer applies";
  }
  if (!Contains(UnitChannels(*unit), pending.channel)) {
    return "channel " + pending.channel + " is no longer configured for unit " + pending.unit;
  }
  return {};
}

}  // namespace mrtrack::notifier
