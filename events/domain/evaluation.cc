#include "events/domain/evaluation.h"

#include <algorithm>
#include <map>

#include "events/domain/event_data.h"
#include "events/domain/event_types.h"

namespace mrtrack::events {
namespace {

using internal::EventCorruption;
using internal::EventDataReader;
using internal::FoldInStreamOrder;

Recommendation* FindMutable(EvaluationState& state, const std::string& id) {
  for (auto& r : state.recommendations) {
    if (r.recommendation_id == id) return &r;
  }
  return nullptr;
}

void ReadSource(EventDataReader& r, const nlohmann::json& source, std::string& format, std::string& sha256) {
  if (source.is_null()) return;
  if (!source.is_object()) {
    r.Fail("source", "must be an object");
    return;
  }
  std::string new_format, new_sha256;
  for (const auto& item : source.items()) {
    std::string* target = item.key() == "format" ? &new_format : item.key() == "sha256" ? &new_sha256 : nullptr;
    if (target == nullptr) continue;
    if (!item.value().is_string()) {
      r.Fail("source." + item.key(), "must be a string");
      return;
    }
    *target = item.value().get<std::string>();
  }
  format = std::move(new_format);
  sha256 = std::move(new_sha256);
}

Status ApplyRegistered(EvaluationState& state, const RecordedEvent& event) {
  if (state.exists) return EventCorruption(event, "", "the evaluation was already registered at an earlier version");
  EventDataReader r(event);
  EvaluationState next;
  next.evaluation_id = r.String("evaluation_id");
  next.title = r.String("title");
  next.office = r.OptionalString("office");
  next.region = r.OptionalString("region");
  next.plan_period = r.OptionalString("plan_period");
  next.office_type = r.OptionalString("office_type");
  next.approval_status = r.OptionalString("approval_status");
  next.overall_response = r.OptionalString("overall_response");
  ReadSource(r, r.OptionalObject("source"), next.source_format, next.source_sha256);
  if (!r.ok()) return r.status();
  if (next.evaluation_id.empty()) return EventCorruption(event, "evaluation_id", "field 'evaluation_id' is empty");
  next.exists = true;
  next.created_at = next.updated_at = event.recorded_at;
  next.version = event.version;
  next.last_position = event.position;
  state = std::move(next);
  return Status::Ok();
}

Status ApplyUpdated(EvaluationState& state, EventDataReader& r) {
  const nlohmann::json& changes = r.OptionalObject("changes");
  if (!r.ok()) return r.status();
  const std::map<std::string, std::string EvaluationState::*> fields = {
      {"title", &EvaluationState::title},
      {"office", &EvaluationState::office},
      {"region", &EvaluationState::region},
      {"plan_period", &EvaluationState::plan_period},
      {"office_type", &EvaluationState::office_type},
      {"approval_status", &EvaluationState::approval_status},
      {"overall_response", &EvaluationState::overall_response},
  };
  // Validate everything first so that a bad change leaves the state untouched.
  std::vector<std::pair<std::string EvaluationState::*, std::string>> updates;
  std::string format = state.source_format, sha256 = state.source_sha256;
  for (const auto& [name, change] : changes.items()) {
    if (!change.is_object() || !change.contains("to")) {
      r.Fail("changes." + name, "must be an object with \"to\"");
      return r.status();
    }
    const nlohmann::json& to = change.at("to");
    if (name == "source") {
      ReadSource(r, to, format, sha256);
      if (!r.ok()) return r.status();
      continue;
    }
    auto field = fields.find(name);
    if (field == fields.end()) continue;  // A field this version does not know.
    if (!to.is_string() && !to.is_null()) {
      r.Fail("changes." + name + ".to", "must be a string");
      return r.status();
    }
    updates.emplace_back(field->second, to.is_string() ? to.get<std::string>() : "");
  }
  for (auto& [member, value] : updates) state.*member = std::move(value);
  state.source_format = std::move(format);
  state.source_sha256 = std::move(sha256);
  return Status::Ok();
}

Status ApplyRecommendationAdded(EvaluationState& state, const RecordedEvent& event, EventDataReader& r) {
  Recommendation rec;
  rec.recommendation_id = r.String("recommendation_id");
  rec.number = r.Int("number");
  rec.text = r.String("text");
  if (!r.ok()) return r.status();
  if (FindMutable(state, rec.recommendation_id) != nullptr) {
    return EventCorruption(event, "recommendation_id",
                           "recommendation '" + rec.recommendation_id + "' was already added");
  }
  auto at = std::upper_bound(state.recommendations.begin(), state.recommendations.end(), rec.number,
                             [](int n, const Recommendation& x) { return n < x.number; });
  state.recommendations.insert(at, std::move(rec));
  return Status::Ok();
}

Recommendation* ExistingRecommendation(EvaluationState& state, const RecordedEvent& event, EventDataReader& r,
                                       Status& error) {
  const std::string id = r.String("recommendation_id");
  if (!r.ok()) {
    error = r.status();
    return nullptr;
  }
  Recommendation* rec = FindMutable(state, id);
  if (rec == nullptr) {
    error = EventCorruption(event, "recommendation_id", "recommendation '" + id + "' was never added");
  }
  return rec;
}

Status ApplyRecommendationEdited(EvaluationState& state, const RecordedEvent& event, EventDataReader& r) {
  Status error;
  Recommendation* rec = ExistingRecommendation(state, event, r, error);
  if (rec == nullptr) return error;
  std::string to = r.String("to");
  if (!r.ok()) return r.status();
  rec->text = std::move(to);
  return Status::Ok();
}

Status ApplyPriorityChanged(EvaluationState& state, const RecordedEvent& event, EventDataReader& r) {
  Status error;
  Recommendation* rec = ExistingRecommendation(state, event, r, error);
  if (rec == nullptr) return error;
  std::string to = r.String("to");
  if (!r.ok()) return r.status();
  if (!IsPriority(to)) return EventCorruption(event, "to", "priority '" + to + "' is neither normal nor high");
  rec->priority = std::move(to);
  return Status::Ok();
}

Status ApplyResponseRecorded(EvaluationState& state, const RecordedEvent& event, EventDataReader& r) {
  Status error;
  Recommendation* rec = ExistingRecommendation(state, event, r, error);
  if (rec == nullptr) return error;
  ManagementResponse mr;
  mr.text = r.String("text");
  mr.category = r.OptionalString("category");
  mr.category_raw = r.OptionalString("category_raw");
  mr.category_inferred = r.OptionalString("category_inferred");
  mr.thematic_areas = r.OptionalStringList("thematic_areas");
  mr.operating_principles = r.OptionalStringList("operating_principles");
  mr.organizational_priorities = r.OptionalStringList("organizational_priorities");
  mr.uneg_criteria = r.OptionalStringList("uneg_criteria");
  if (!r.ok()) return r.status();
  rec->response = std::move(mr);
  return Status::Ok();
}

// Every change names the evaluation it belongs to; a mismatch means the event
// was written to the wrong stream.
Status CheckEvaluationId(const EvaluationState& state, const RecordedEvent& event, EventDataReader& r) {
  const std::string id = r.String("evaluation_id");
  if (!r.ok()) return r.status();
  if (id != state.evaluation_id) {
    return EventCorruption(event, "evaluation_id",
                           "field 'evaluation_id' is '" + id + "' in the stream of evaluation '" +
                               state.evaluation_id + "'");
  }
  return Status::Ok();
}

Status ApplyChange(EvaluationState& state, const RecordedEvent& event, bool& known) {
  EventDataReader r(event);
  const std::string& type = event.type;
  known = type == types::kEvaluationUpdated || type == types::kRecommendationAdded ||
          type == types::kRecommendationEdited || type == types::kManagementResponseRecorded ||
          type == types::kRecommendationPriorityChanged;
  if (!known) return Status::Ok();
  if (!state.exists) return EventCorruption(event, "", "a change before the evaluation was registered");
  MRTRACK_RETURN_IF_ERROR(CheckEvaluationId(state, event, r));
  if (type == types::kEvaluationUpdated) return ApplyUpdated(state, r);
  if (type == types::kRecommendationAdded) return ApplyRecommendationAdded(state, event, r);
  if (type == types::kRecommendationEdited) return ApplyRecommendationEdited(state, event, r);
  if (type == types::kRecommendationPriorityChanged) return ApplyPriorityChanged(state, event, r);
  return ApplyResponseRecorded(state, event, r);
}

}  // namespace

bool IsPriority(std::string_view text) { return text == kPriorityNormal || text == kPriorityHigh; }

nlohmann::json ManagementResponseToJson(const ManagementResponse& r) {
  return {{"text", r.text},
          {"category", r.category},
          {"category_raw", r.category_raw},
          {"category_inferred", r.category_inferred},
          {"thematic_areas", r.thematic_areas},
          {"operating_principles", r.operating_principles},
          {"organizational_priorities", r.organizational_priorities},
          {"uneg_criteria", r.uneg_criteria}};
}

const Recommendation* EvaluationState::FindRecommendation(const std::string& id) const {
  for (const auto& r : recommendations) {
    if (r.recommendation_id == id) return &r;
  }
  return nullptr;
}

Status ApplyEvaluationEvent(EvaluationState& state, const RecordedEvent& event) {
  return FoldInStreamOrder(state.version, event, [&]() -> Status {
    if (event.type == types::kEvaluationRegistered) return ApplyRegistered(state, event);
    bool known = false;
    MRTRACK_RETURN_IF_ERROR(ApplyChange(state, event, known));
    if (known) state.updated_at = event.recorded_at;
    state.version = event.version;
    state.last_position = event.position;
    return Status::Ok();
  });
}

}  // namespace mrtrack::events
