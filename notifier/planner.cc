#include "notifier/planner.h"

#include <algorithm>
#include <map>

#include "common/time.h"
#include "events/domain/event_types.h"

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
  // An update request counts from the day of the last update, which takes
  // the deadline's place in its id: an update gives new ids.
  const date::year_month_day counted_from = o.chain == Chain::kUpdate
                                                ? date::year_month_day(o.day - date::days(o.days_from_deadline))
                                                : *a.deadline;
  for (const auto& channel : UnitChannels(unit)) {
    Reminder r;
    r.action_id = a.action_id;
    r.unit = unit.id;
    r.rule = o.rule;
    r.channel = channel;
    r.chain = o.chain;
    r.deadline = a.deadline;
    r.days_from_deadline = o.days_from_deadline;
    r.due_at = o.due_at;
    r.item = ItemOf(a);
    if (o.chain == Chain::kUpdate) r.updated_at = a.updated_at;
    r.id = ReminderId(r.action_id, r.rule, counted_from, r.unit, r.channel);
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
    if (o.chain != Chain::kEscalation) {
      AddForUnit(a, o, *unit, {}, out);
    } else if (!unit->escalation.empty()) {
      const config::Unit* target = config.FindUnit(unit->escalation);
      if (target != nullptr) AddForUnit(a, o, *target, {unit->id}, out);
    }
  }
}

// Reminders on the deadline need one; update requests only an open action.
bool HasDeadlineReminders(const ActionFacts& a) { return a.deadline.has_value() && !events::IsTerminal(a.status); }

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
  const std::chrono::days every = config.workflow.update_request_every;
  for (const auto& a : actions) {
    if (events::IsTerminal(a.status)) continue;
    if (auto o = LatestUpdateRequest(a.updated_at, every, schedule, now)) Expand(a, *o, config, by_id);
    if (!HasDeadlineReminders(a)) continue;
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
  const std::chrono::days every = config.workflow.update_request_every;
  for (const auto& a : actions) {
    if (events::IsTerminal(a.status)) continue;
    for (const auto& o : UpdateRequestsBetween(a.updated_at, every, schedule, from, to)) Expand(a, o, config, by_id);
    if (!HasDeadlineReminders(a)) continue;
    for (const auto& o : OccurrencesBetween(*a.deadline, config.reminders, schedule, from, to)) {
      Expand(a, o, config, by_id);
    }
  }
  return Sorted(std::move(by_id));
}

std::vector<Reminder> NoticesOf(const events::RejectionData& rejection, const ActionFacts& facts,
                                const config::Config& config) {
  std::vector<Reminder> out;
  events::ReminderNoticeData notice;
  notice.event_id = rejection.event_id;
  notice.request_id = rejection.request_id;
  if (rejection.outcome) notice.outcome = events::StatusLabel(*rejection.outcome);
  if (rejection.proposed) notice.proposed_deadline = rejection.proposed->date;
  notice.reason = rejection.reason;
  notice.by = rejection.by;
  notice.at = rejection.at;
  const bool completion = rejection.type == events::types::kKeyActionCompletionRejected;
  for (const auto& unit_id : rejection.units) {
    const config::Unit* unit = config.FindUnit(unit_id);
    if (unit == nullptr) continue;
    for (const auto& channel : UnitChannels(*unit)) {
      Reminder r;
      r.id = NoticeId(rejection.event_id, unit->id, channel);
      r.action_id = rejection.action_id;
      r.unit = unit->id;
      r.rule = completion ? kCompletionRejectedRule : kExtensionRejectedRule;
      r.channel = channel;
      r.chain = Chain::kNotice;
      r.deadline = facts.deadline;
      r.due_at = rejection.at;
      r.item = ItemOf(facts);
      r.notice = notice;
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::string WhyNoLongerDue(const Reminder& pending, const ActionFacts* facts, const config::Config& config) {
  if (pending.rule == kCancelRule) {  // Due because the action is gone, terminal or without a deadline.
    return facts != nullptr && !events::IsTerminal(facts->status) && facts->deadline ? "action reopened" : "";
  }
  if (facts == nullptr) return "action " + pending.action_id + " no longer exists";
  // A notice tells of a decision taken: whatever became of the action since,
  // it still goes to the unit it was for.
  if (pending.chain != Chain::kNotice) {
    if (events::IsTerminal(facts->status)) {
      return std::string("action is ") + events::StatusLabel(facts->status);
    }
    if (pending.chain == Chain::kUpdate) {
      if (config.workflow.update_request_every.count() <= 0) return "update requests are off";
      if (facts->updated_at != pending.updated_at) return "action updated at " + FormatTimestamp(facts->updated_at);
    } else {
      if (!facts->deadline) return "deadline removed";
      if (facts->deadline != pending.deadline) {
        return "deadline moved from " + DateText(*pending.deadline) + " to " + DateText(*facts->deadline);
      }
    }
  }
  const config::Unit* unit = config.FindUnit(pending.unit);
  if (unit == nullptr) return "unit " + pending.unit + " is no longer in the unit directory";
  if (pending.chain == Chain::kMain || pending.chain == Chain::kUpdate) {
    if (!Contains(facts->units, pending.unit)) return "unit " + pending.unit + " is no longer responsible";
  } else if (pending.chain == Chain::kEscalation) {
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
