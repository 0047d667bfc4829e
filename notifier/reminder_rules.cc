#include "notifier/reminder_rules.h"

#include <algorithm>

#include "events/domain/reminder_stream.h"

namespace mrtrack::notifier {
namespace {

Occurrence Make(std::string rule, Chain chain, long days, date::local_days deadline_day,
                const SendSchedule& schedule) {
  Occurrence o;
  o.rule = std::move(rule);
  o.chain = chain;
  o.days_from_deadline = days;
  o.day = deadline_day + date::days(days);
  o.due_at = schedule.SendInstant(o.day);
  return o;
}

std::string DaysName(long days) { return std::to_string(days) + "d"; }

// Occurrences of `chain` whose day lies in [first, last].
std::vector<Occurrence> OnDays(const date::year_month_day& deadline, const config::ReminderRules& rules,
                               const SendSchedule& schedule, Chain chain, date::local_days first,
                               date::local_days last) {
  std::vector<Occurrence> out;
  const date::local_days d{deadline};
  auto in_range = [&](long days) {
    const auto day = d + date::days(days);
    return day >= first && day <= last;
  };
  if (chain == Chain::kEscalation) {
    const long m = rules.escalate_after.count();
    if (m > 0 && in_range(m)) out.push_back(Make("escalate-" + DaysName(m), chain, m, d, schedule));
    return out;
  }
  for (const auto& before : rules.before) {
    const long n = before.count();
    if (n > 0 && in_range(-n)) out.push_back(Make("before-" + DaysName(n), chain, -n, d, schedule));
  }
  if (rules.on_deadline && in_range(0)) out.push_back(Make("deadline", chain, 0, d, schedule));
  const long every = rules.overdue_every.count();
  if (every > 0 && last > d) {
    const long lo_days = std::max<long>(1, (first - d).count());
    const long hi_days = (last - d).count();
    for (long k = (lo_days + every - 1) / every; k * every <= hi_days; ++k) {
      if (k >= 1) out.push_back(Make("overdue-" + DaysName(k * every), chain, k * every, d, schedule));
    }
  }
  return out;
}

}  // namespace

std::optional<Occurrence> LatestDue(const date::year_month_day& deadline, const config::ReminderRules& rules,
                                    const SendSchedule& schedule, Chain chain, Timestamp now) {
  const date::local_days d{deadline};
  const date::local_days today = schedule.LocalDay(now);
  std::vector<Occurrence> candidates;
  if (chain == Chain::kEscalation) {
    candidates = OnDays(deadline, rules, schedule, chain, d, today);
  } else {
    // Before-offsets and the deadline day: few, look at all of them. Overdue
    // repeats: only the last two whose day is not after today can be the
    // latest due (the last one may not have reached its send time yet).
    candidates = OnDays(deadline, rules, schedule, chain, d - date::days(100000), std::min(today, d));
    const long every = rules.overdue_every.count();
    if (every > 0 && today > d) {
      const long k = (today - d).count() / every;
      const auto first = d + date::days(std::max<long>(1, (k - 1) * every));
      auto repeats = OnDays(deadline, rules, schedule, chain, first, today);
      candidates.insert(candidates.end(), repeats.begin(), repeats.end());
    }
  }
  std::optional<Occurrence> best;
  for (auto& c : candidates) {
    if (c.due_at > now) continue;
    if (!best || c.due_at > best->due_at ||
        (c.due_at == best->due_at && c.days_from_deadline > best->days_from_deadline)) {
      best = std::move(c);
    }
  }
  return best;
}

std::vector<Occurrence> OccurrencesBetween(const date::year_month_day& deadline, const config::ReminderRules& rules,
                                           const SendSchedule& schedule, Timestamp from, Timestamp to) {
  // Quiet hours can push a due time into the next day: look one day earlier.
  const auto first = schedule.LocalDay(from) - date::days(1);
  const auto last = schedule.LocalDay(to);
  std::vector<Occurrence> out;
  for (Chain chain : {Chain::kMain, Chain::kEscalation}) {
    for (auto& o : OnDays(deadline, rules, schedule, chain, first, last)) {
      if (o.due_at >= from && o.due_at < to) out.push_back(std::move(o));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) { return a.due_at < b.due_at; });
  return out;
}

const char* ChainName(Chain chain) {
  switch (chain) {
    case Chain::kMain: return events::kReminderChainMain;
    case Chain::kEscalation: return events::kReminderChainEscalation;
    case Chain::kUpdate: return events::kReminderChainUpdate;
    case Chain::kNotice: return events::kReminderChainNotice;
  }
  return events::kReminderChainMain;
}

Chain ChainFromName(const std::string& name) {
  for (Chain c : {Chain::kEscalation, Chain::kUpdate, Chain::kNotice}) {
    if (name == ChainName(c)) return c;
  }
  return Chain::kMain;
}

namespace {

// The update request N = k·every days after the local day of the update.
Occurrence UpdateRequest(date::local_days updated, long k, long every, const SendSchedule& schedule) {
  return Make("update-" + DaysName(k * every), Chain::kUpdate, k * every, updated, schedule);
}

}  // namespace

std::optional<Occurrence> LatestUpdateRequest(Timestamp updated_at, std::chrono::days every,
                                              const SendSchedule& schedule, Timestamp now) {
  const long n = every.count();
  if (n <= 0) return std::nullopt;
  const date::local_days updated = schedule.LocalDay(updated_at);
  // The one of today (or the last before it) may not have reached its send
  // time yet: then the one before is the latest due.
  for (long k = (schedule.LocalDay(now) - updated).count() / n; k >= 1; --k) {
    Occurrence o = UpdateRequest(updated, k, n, schedule);
    if (o.due_at <= now) return o;
  }
  return std::nullopt;
}

std::vector<Occurrence> UpdateRequestsBetween(Timestamp updated_at, std::chrono::days every,
                                              const SendSchedule& schedule, Timestamp from, Timestamp to) {
  std::vector<Occurrence> out;
  const long n = every.count();
  if (n <= 0) return out;
  const date::local_days updated = schedule.LocalDay(updated_at);
  // Quiet hours can push a due time into the next day: look one day earlier.
  const long first = std::max<long>(1, ((schedule.LocalDay(from) - date::days(1)) - updated).count() / n);
  const long last = (schedule.LocalDay(to) - updated).count() / n;
  for (long k = first; k <= last; ++k) {
    Occurrence o = UpdateRequest(updated, k, n, schedule);
    if (o.due_at >= from && o.due_at < to) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace mrtrack::notifier
