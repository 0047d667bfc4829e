#include "projections/view_model.h"

#include <string_view>

namespace mrtrack::projections {
namespace {

// The id after `prefix` in `stream`, or empty when the stream is not of that kind.
std::string_view StreamId(std::string_view stream, std::string_view prefix) {
  if (stream.size() <= prefix.size() || stream.substr(0, prefix.size()) != prefix) return {};
  return stream.substr(prefix.size());
}

// A refused event is skipped, yet it is a version of its stream: without
// this, the fold would refuse every later event of the stream as out of order.
template <typename State>
void KeepVersion(State& state, const events::RecordedEvent& event) {
  state.version = event.version;
  state.last_position = event.position;
}

void EraseFromIndex(ViewModel::IdIndex& index, const std::string& key, const std::string& id) {
  auto it = index.find(key);
  if (it == index.end()) return;
  it->second.erase(id);
  if (it->second.empty()) index.erase(it);
}

}  // namespace

ViewModel::ViewModel(Checkpoint checkpoint, EvaluationMap evaluations, ActionMap actions, ReminderMap reminders,
                     std::vector<RejectedEvent> rejected)
    : checkpoint_(checkpoint),
      evaluations_(std::move(evaluations)),
      actions_(std::move(actions)),
      reminders_(std::move(reminders)),
      rejected_(std::move(rejected)) {
  for (const auto& [id, state] : actions_) Index(id, state);
  for (const auto& [id, outcome] : reminders_) reminders_by_action_[outcome.action_id].insert(id);
}

Status ViewModel::Apply(const events::RecordedEvent& event) {
  if (event.position != checkpoint_.position + 1) {
    return Internal("projection at position " + std::to_string(checkpoint_.position) +
                    " was given position " + std::to_string(event.position) + "; events must come in log order");
  }
  Status status;
  if (auto id = StreamId(event.stream, kActionStreamPrefix); !id.empty()) {
    status = ApplyToAction(std::string(id), event);
  } else if (auto eid = StreamId(event.stream, kEvaluationStreamPrefix); !eid.empty()) {
    status = ApplyToEvaluation(std::string(eid), event);
  } else if (auto rid = StreamId(event.stream, kReminderStreamPrefix); !rid.empty()) {
    status = ApplyToReminder(std::string(rid), event);
  }
  if (status.code() == StatusCode::kCorruption) {
    // The folds leave the state unchanged on error, so skipping is exact.
    rejected_.push_back(RejectedEvent{event.position, event.stream, event.type, status.message()});
    if (record_changes_) changes_.rejected = true;
  } else if (!status.ok()) {
    return status.WithContext("applying position " + std::to_string(event.position) + " (" + event.stream + ", " +
                              event.type + ")");
  }
  checkpoint_ = Checkpoint{event.position, event.chain_hash, event.recorded_at};
  return Status::Ok();
}

Status ViewModel::ApplyToAction(const std::string& action_id, const events::RecordedEvent& event) {
  auto [it, inserted] = actions_.try_emplace(action_id);
  events::KeyActionState& state = it->second;
  const std::size_t comments_before = state.comments.size();
  const std::vector<std::string> units_before = state.responsible.units;
  const std::string evaluation_before = state.evaluation_id;

  Status status = events::ApplyKeyActionEvent(state, event);
  if (inserted && !state.exists) {
    // An event the fold ignores (an unknown type) on a stream that has no
    // KeyActionAdded yet: keep no empty row for it.
    actions_.erase(it);
    return status;
  }
  if (status.code() == StatusCode::kCorruption) {
    KeepVersion(state, event);
    if (record_changes_) changes_.actions.insert(action_id);
    return status;
  }
  if (!status.ok()) return status;
  if (state.responsible.units != units_before || state.evaluation_id != evaluation_before) {
    events::KeyActionState old;
    old.responsible.units = units_before;
    old.evaluation_id = evaluation_before;
    Unindex(action_id, old);
    Index(action_id, state);
  }
  if (record_changes_) {
    changes_.actions.insert(action_id);
    for (std::size_t i = comments_before; i < state.comments.size(); ++i) changes_.new_comments.emplace_back(action_id, i);
  }
  return Status::Ok();
}

Status ViewModel::ApplyToEvaluation(const std::string& evaluation_id, const events::RecordedEvent& event) {
  auto [it, inserted] = evaluations_.try_emplace(evaluation_id);
  Status status = events::ApplyEvaluationEvent(it->second, event);
  if (inserted && !it->second.exists) {
    evaluations_.erase(it);
    return status;
  }
  if (status.code() == StatusCode::kCorruption) {
    KeepVersion(it->second, event);
    if (record_changes_) changes_.evaluations.insert(evaluation_id);
    return status;
  }
  if (!status.ok()) return status;
  if (record_changes_) changes_.evaluations.insert(evaluation_id);
  return Status::Ok();
}

Status ViewModel::ApplyToReminder(const std::string& reminder_id, const events::RecordedEvent& event) {
  auto found = reminders_.find(reminder_id);
  ReminderOutcome outcome = found != reminders_.end() ? found->second : ReminderOutcome{};
  MRTRACK_RETURN_IF_ERROR(ApplyReminderEvent(outcome, event));
  if (outcome.action_id.empty()) return Status::Ok();  // A type the fold ignores, before any ReminderDue.
  outcome.reminder_id = reminder_id;  // The stream names it, whatever the data says.
  if (found != reminders_.end() && found->second.action_id != outcome.action_id) {
    EraseFromIndex(reminders_by_action_, found->second.action_id, reminder_id);
  }
  reminders_by_action_[outcome.action_id].insert(reminder_id);
  reminders_[reminder_id] = std::move(outcome);
  if (record_changes_) changes_.reminders.insert(reminder_id);
  return Status::Ok();
}

void ViewModel::Index(const std::string& action_id, const events::KeyActionState& state) {
  for (const auto& unit : state.responsible.units) by_unit_[unit].insert(action_id);
  if (!state.evaluation_id.empty()) by_evaluation_[state.evaluation_id].insert(action_id);
}

void ViewModel::Unindex(const std::string& action_id, const events::KeyActionState& state) {
  for (const auto& unit : state.responsible.units) EraseFromIndex(by_unit_, unit, action_id);
  if (!state.evaluation_id.empty()) EraseFromIndex(by_evaluation_, state.evaluation_id, action_id);
}

const events::EvaluationState* ViewModel::FindEvaluation(const std::string& evaluation_id) const {
  auto it = evaluations_.find(evaluation_id);
  return it == evaluations_.end() ? nullptr : &it->second;
}

const events::KeyActionState* ViewModel::FindAction(const std::string& action_id) const {
  auto it = actions_.find(action_id);
  return it == actions_.end() ? nullptr : &it->second;
}

const events::Recommendation* ViewModel::FindRecommendation(const events::KeyActionState& action) const {
  const events::EvaluationState* evaluation = FindEvaluation(action.evaluation_id);
  return evaluation == nullptr ? nullptr : evaluation->FindRecommendation(action.recommendation_id);
}

ModelChanges ViewModel::TakeChanges() {
  ModelChanges out = std::move(changes_);
  changes_ = ModelChanges{};
  return out;
}

}  // namespace mrtrack::projections
