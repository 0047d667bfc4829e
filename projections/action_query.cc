#include "projections/action_query.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <string_view>
#include <tuple>

namespace mrtrack::projections {
namespace {

using events::KeyActionState;

char AsciiLower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Case-insensitive (ASCII) substring search; `needle` is already lower-case.
bool ContainsFolded(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char h, char n) { return AsciiLower(h) == n; });
  return it != haystack.end();
}

Status CheckQueryTime(const QueryTime& time) {
  if (time.zone == nullptr) return InvalidArgument("a query needs the organisation's time zone", "zone");
  return Status::Ok();
}

struct Matcher {
  const ViewModel& model;
  const ActionFilter& filter;
  const QueryTime& time;
  std::string needle;  // filter.text, lower-cased

  bool operator()(const KeyActionState& a) const {
    if (!filter.units.empty() &&
        std::find_first_of(a.responsible.units.begin(), a.responsible.units.end(), filter.units.begin(),
                           filter.units.end()) == a.responsible.units.end()) {
      return false;
    }
    if (filter.unmatched_only && a.responsible.unmatched.empty()) return false;
    if (!filter.statuses.empty() &&
        std::find(filter.statuses.begin(), filter.statuses.end(), a.status) == filter.statuses.end()) {
      return false;
    }
    if (filter.open_only && events::IsTerminal(a.status)) return false;
    if (filter.evaluation_id && a.evaluation_id != *filter.evaluation_id) return false;
    if (filter.due_on_or_after || filter.due_on_or_before) {
      if (!a.deadline) return false;
      if (filter.due_on_or_after && a.deadline->date < *filter.due_on_or_after) return false;
      if (filter.due_on_or_before && a.deadline->date > *filter.due_on_or_before) return false;
    }
    if (filter.overdue && IsOverdue(a, time) != *filter.overdue) return false;
    if (filter.stale && IsStale(a, time) != *filter.stale) return false;
    if (filter.priority) {
      const events::Recommendation* rec = model.FindRecommendation(a);
      if ((rec != nullptr ? rec->priority : events::kPriorityNormal) != *filter.priority) return false;
    }
    if (!needle.empty()) {
      if (ContainsFolded(a.description, needle) || ContainsFolded(a.responsible.text, needle)) return true;
      const events::Recommendation* rec = model.FindRecommendation(a);
      if (rec != nullptr && ContainsFolded(rec->text, needle)) return true;
      return std::any_of(a.comments.begin(), a.comments.end(),
                         [&](const events::Comment& c) { return ContainsFolded(c.text, needle); });
    }
    return true;
  }
};

// A match with what sorting needs, computed once.
struct Candidate {
  const KeyActionState* action;
  int recommendation_number;
  long deadline_days;  // Days since the epoch; LONG_MAX without a deadline (sorts last).
};

auto NaturalKey(const Candidate& c) {
  return std::tie(c.action->evaluation_id, c.recommendation_number, c.action->number, c.action->action_id);
}

ActionRow MakeRow(const ViewModel& model, const KeyActionState& a, const QueryTime& time, bool with_comments) {
  ActionRow row;
  row.action_id = a.action_id;
  row.number = a.number;
  row.label = a.label;
  row.scope = a.scope;
  row.description = a.description;
  row.responsible = a.responsible;
  row.deadline = a.deadline;
  row.status = a.status;
  row.status_raw = a.status_raw;
  row.comment_count = a.comments.size();
  if (!a.comments.empty()) row.last_comment = a.comments.back();
  if (with_comments) row.comments = a.comments;
  row.created_at = a.created_at;
  row.updated_at = a.updated_at;
  row.completed_at = a.completed_at;
  row.version = a.version;
  row.last_position = a.last_position;
  row.evaluation_id = a.evaluation_id;
  row.recommendation_id = a.recommendation_id;
  if (const events::EvaluationState* evaluation = model.FindEvaluation(a.evaluation_id)) {
    row.evaluation_title = evaluation->title;
    row.office = evaluation->office;
    if (const events::Recommendation* rec = evaluation->FindRecommendation(a.recommendation_id)) {
      row.recommendation_number = rec->number;
      row.recommendation_text = rec->text;
      row.priority = rec->priority;
      row.response_category = rec->response.category;
      row.response_category_inferred = rec->response.category_inferred;
    }
  }
  row.original_deadline = a.original_deadline;
  row.extensions = a.extensions;
  row.pending_request = a.pending_request;
  row.pending_extension = a.pending_extension;
  row.evidence = a.evidence;
  row.closure_reason = a.closure_reason;
  row.overdue = IsOverdue(a, time);
  if (row.overdue) row.days_overdue = events::DaysPastDeadline(*a.deadline, time.at, *time.zone);
  if (a.original_deadline && !events::IsTerminal(a.status)) {
    row.days_late_original = std::max(0L, events::DaysPastDeadline(*a.original_deadline, time.at, *time.zone));
  }
  row.stale = IsStale(a, time);
  return row;
}

}  // namespace

bool IsOverdue(const KeyActionState& action, const QueryTime& time) {
  if (!action.deadline || events::IsTerminal(action.status) || time.zone == nullptr) return false;
  return time.at >= events::OverdueFrom(*action.deadline, *time.zone);
}

bool IsStale(const KeyActionState& action, const QueryTime& time) {
  if (time.stale_after.count() <= 0 || events::IsTerminal(action.status) || time.zone == nullptr) return false;
  auto local_day = [&](Timestamp t) { return date::floor<date::days>(time.zone->to_local(t)); };
  return local_day(time.at) - local_day(action.updated_at) >= time.stale_after;
}

Result<ActionPage> ListActions(const ViewModel& model, const ActionQuery& query, const QueryTime& time) {
  MRTRACK_RETURN_IF_ERROR(CheckQueryTime(time));
  const ActionFilter& filter = query.filter;
  if (filter.due_on_or_after && filter.due_on_or_before && *filter.due_on_or_after > *filter.due_on_or_before) {
    return InvalidArgument("due_on_or_after is later than due_on_or_before", "due_on_or_after");
  }
  Matcher matches{model, filter, time, {}};
  for (char c : filter.text) matches.needle.push_back(AsciiLower(c));

  std::vector<Candidate> found;
  auto consider = [&](const KeyActionState& a) {
    if (!matches(a)) return;
    const events::Recommendation* rec = model.FindRecommendation(a);
    long days = a.deadline ? static_cast<long>(date::sys_days(a.deadline->date).time_since_epoch().count()) : LONG_MAX;
    found.push_back(Candidate{&a, rec != nullptr ? rec->number : 0, days});
  };
  // Start from the narrowest index the filter allows.
  auto consider_ids = [&](const ViewModel::IdIndex& index, const std::string& key) {
    if (auto it = index.find(key); it != index.end()) {
      for (const auto& id : it->second) {
        if (const KeyActionState* a = model.FindAction(id)) consider(*a);
      }
    }
  };
  if (filter.evaluation_id) {
    consider_ids(model.actions_by_evaluation(), *filter.evaluation_id);
  } else if (filter.units.size() == 1) {
    consider_ids(model.actions_by_unit(), filter.units.front());
  } else {
    for (const auto& [id, a] : model.actions()) consider(a);
  }

  auto less = [&](const Candidate& x, const Candidate& y) {
    if (query.sort == ActionSort::kDeadline && x.deadline_days != y.deadline_days) {
      return x.deadline_days < y.deadline_days;
    }
    return NaturalKey(x) < NaturalKey(y);
  };
  // Only the rows up to the end of the page need their order: the natural key
  // ends with the action id, so the order is total and a partial sort gives
  // the same page as a full one.
  const std::size_t sorted = query.limit == 0 ? found.size() : std::min(found.size(), query.offset + query.limit);
  const auto middle = found.begin() + static_cast<std::ptrdiff_t>(sorted);
  if (query.descending) {
    std::partial_sort(found.begin(), middle, found.end(),
                      [&](const Candidate& x, const Candidate& y) { return less(y, x); });
  } else {
    std::partial_sort(found.begin(), middle, found.end(), less);
  }

  ActionPage page;
  page.total = found.size();
  page.position = model.position();
  const std::size_t begin = std::min(query.offset, found.size());
  const std::size_t end = query.limit == 0 ? found.size() : std::min(found.size(), begin + query.limit);
  page.rows.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) page.rows.push_back(MakeRow(model, *found[i].action, time, query.with_comments));
  return page;
}

Result<ActionRow> GetActionRow(const ViewModel& model, const std::string& action_id, const QueryTime& time) {
  MRTRACK_RETURN_IF_ERROR(CheckQueryTime(time));
  const KeyActionState* a = model.FindAction(action_id);
  if (a == nullptr) return NotFound("no key action '" + action_id + "'", "action_id");
  return MakeRow(model, *a, time, true);
}

Result<std::vector<ActionRow>> OpenActionsWithDeadline(const ViewModel& model, const QueryTime& time) {
  ActionQuery query;
  query.filter.open_only = true;
  query.sort = ActionSort::kDeadline;
  query.with_comments = false;
  MRTRACK_ASSIGN_OR_RETURN(ActionPage page, ListActions(model, query, time));
  // Deadline order puts the actions without one last.
  auto first_without = std::find_if(page.rows.begin(), page.rows.end(), [](const ActionRow& r) { return !r.deadline; });
  page.rows.erase(first_without, page.rows.end());
  return std::move(page.rows);
}

}  // namespace mrtrack::projections
