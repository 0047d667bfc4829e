#include "projections/summary.h"

#include <algorithm>
#include <map>

namespace mrtrack::projections {
namespace {

using events::ActionStatus;
using events::KeyActionState;

Status CheckQuery(const SummaryQuery& q) {
  if (q.time.zone == nullptr) return InvalidArgument("a summary needs the organisation's time zone", "zone");
  if (q.period_from.has_value() != q.period_to.has_value()) {
    return InvalidArgument("a closure period needs both its first and its last day", q.period_from ? "period_to" : "period_from");
  }
  if (q.period_from && *q.period_from > *q.period_to) {
    return InvalidArgument("the closure period ends before it starts", "period_from");
  }
  return Status::Ok();
}

void Add(Summary& s, const KeyActionState& a, const SummaryQuery& q) {
  ++s.total;
  ++s.by_status[static_cast<std::size_t>(a.status)];
  const bool overdue = IsOverdue(a, q.time);
  if (overdue) ++s.overdue;
  if (!events::IsTerminal(a.status)) {
    ++s.ageing[AgeingBucket(overdue ? events::DaysPastDeadline(*a.deadline, q.time.at, *q.time.zone) : 0)];
  }
  if (a.pending_request) ++s.completion_requests_waiting;
  if (a.pending_extension) ++s.extension_requests_waiting;
  const bool completed = a.status == ActionStatus::kCompleted;
  if (q.period_from && a.deadline && a.status != ActionStatus::kNoLongerApplicable &&
      a.deadline->date >= *q.period_from && a.deadline->date <= *q.period_to) {
    ++s.due_in_period;
    if (completed) ++s.closed_in_period;
  }
  if (completed && a.deadline && a.completed_at) {
    const long late = events::DaysPastDeadline(*a.deadline, *a.completed_at, *q.time.zone);
    if (late > 0) {
      ++s.late_completions;
      s.total_days_late += late;
    }
  }
}

void Finish(Summary& s) {
  const std::uint64_t applicable = s.total - s.by_status[static_cast<std::size_t>(ActionStatus::kNoLongerApplicable)];
  if (applicable > 0) {
    s.implementation_rate =
        static_cast<double>(s.by_status[static_cast<std::size_t>(ActionStatus::kCompleted)]) / static_cast<double>(applicable);
  }
  if (s.due_in_period > 0) {
    s.closure_rate = static_cast<double>(s.closed_in_period) / static_cast<double>(s.due_in_period);
  }
  if (s.late_completions > 0) {
    s.average_days_late = static_cast<double>(s.total_days_late) / static_cast<double>(s.late_completions);
  }
}

bool ListedUnit(const std::string& unit, const SummaryQuery& q) {
  return q.units.empty() || std::find(q.units.begin(), q.units.end(), unit) != q.units.end();
}

bool InScope(const KeyActionState& a, const SummaryQuery& q) {
  if (q.evaluation_id && a.evaluation_id != *q.evaluation_id) return false;
  return q.units.empty() || std::any_of(a.responsible.units.begin(), a.responsible.units.end(),
                                        [&](const std::string& unit) { return ListedUnit(unit, q); });
}

std::vector<Summary> Finished(std::map<std::string, Summary>& groups) {
  std::vector<Summary> out;
  out.reserve(groups.size());
  for (auto& [key, s] : groups) {
    s.key = key;
    Finish(s);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

const char* const kAgeingBucketNames[kAgeingBuckets] = {"not_due", "1-90", "91-180", "181-365", "over_365"};

std::size_t AgeingBucket(long days_overdue) {
  if (days_overdue <= 0) return 0;
  if (days_overdue <= 90) return 1;
  if (days_overdue <= 180) return 2;
  if (days_overdue <= 365) return 3;
  return 4;
}

Result<std::vector<Summary>> SummarizeByUnit(const ViewModel& model, const SummaryQuery& query) {
  MRTRACK_RETURN_IF_ERROR(CheckQuery(query));
  std::map<std::string, Summary> groups;
  for (const auto& [id, a] : model.actions()) {
    if (!InScope(a, query)) continue;
    if (a.responsible.units.empty()) Add(groups[""], a, query);
    for (const auto& unit : a.responsible.units) {
      if (ListedUnit(unit, query)) Add(groups[unit], a, query);
    }
  }
  return Finished(groups);
}

Result<std::vector<Summary>> SummarizeByEvaluation(const ViewModel& model, const SummaryQuery& query) {
  MRTRACK_RETURN_IF_ERROR(CheckQuery(query));
  std::map<std::string, Summary> groups;
  // Every evaluation gets a summary, even one without actions yet.
  for (const auto& [id, evaluation] : model.evaluations()) {
    if (!query.evaluation_id || id == *query.evaluation_id) groups[id].title = evaluation.title;
  }
  for (const auto& [evaluation_id, ids] : model.actions_by_evaluation()) {
    if (query.evaluation_id && evaluation_id != *query.evaluation_id) continue;
    Summary& s = groups[evaluation_id];
    for (const auto& id : ids) {
      const KeyActionState* a = model.FindAction(id);
      if (a != nullptr && InScope(*a, query)) Add(s, *a, query);
    }
  }
  return Finished(groups);
}

Result<Summary> SummarizeAll(const ViewModel& model, const SummaryQuery& query) {
  MRTRACK_RETURN_IF_ERROR(CheckQuery(query));
  Summary s;
  for (const auto& [id, a] : model.actions()) {
    if (InScope(a, query)) Add(s, a, query);
  }
  Finish(s);
  return s;
}

nlohmann::json SummaryToJson(const Summary& s) {
  using nlohmann::json;
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  json by_status = json::object();
  for (std::size_t i = 0; i < kStatusCount; ++i) {
    by_status[events::StatusLabel(static_cast<ActionStatus>(i))] = s.by_status[i];
  }
  json ageing = json::object();
  for (std::size_t i = 0; i < kAgeingBuckets; ++i) ageing[kAgeingBucketNames[i]] = s.ageing[i];
  return json{{"key", s.key},
              {"title", s.title},
              {"total", s.total},
              {"by_status", std::move(by_status)},
              {"overdue", s.overdue},
              {"implementation_rate", opt(s.implementation_rate)},
              {"due_in_period", s.due_in_period},
              {"closed_in_period", s.closed_in_period},
              {"closure_rate", opt(s.closure_rate)},
              {"late_completions", s.late_completions},
              {"average_days_late", opt(s.average_days_late)},
              {"implemented", s.by_status[static_cast<std::size_t>(ActionStatus::kCompleted)]},
              {"closed_not_implemented", s.by_status[static_cast<std::size_t>(ActionStatus::kNoLongerApplicable)]},
              {"ageing", std::move(ageing)},
              {"requests_waiting",
               {{"completion", s.completion_requests_waiting}, {"extension", s.extension_requests_waiting}}}};
}

}  // namespace mrtrack::projections
