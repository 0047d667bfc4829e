#include "events/domain/key_action.h"

#include "events/domain/event_data.h"
#include "events/domain/event_types.h"
#include "events/domain/workflow_fold.h"

namespace mrtrack::events {
namespace {

using internal::EventCorruption;
using internal::EventDataReader;
using internal::FoldInStreamOrder;

Result<std::vector<std::string>> StringList(const nlohmann::json& j, const char* field) {
  std::vector<std::string> out;
  if (!j.is_object() || !j.contains(field)) return out;
  const nlohmann::json& list = j.at(field);
  if (list.is_null()) return out;
  if (!list.is_array()) return InvalidArgument(std::string("\"") + field + "\" must be a list of strings", field);
  for (const auto& item : list) {
    if (!item.is_string()) return InvalidArgument(std::string("\"") + field + "\" must hold only strings", field);
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

namespace internal {

// Reads a status label field; unknown labels are recorded on the reader.
ActionStatus StatusField(EventDataReader& r, const char* field) {
  const std::string label = r.String(field);
  if (!r.ok()) return ActionStatus::kNotInitiated;
  auto s = ParseStatus(label);
  if (!s.ok()) {
    r.Fail(field, "is not a status label: '" + label + "'");
    return ActionStatus::kNotInitiated;
  }
  return *s;
}

std::optional<Deadline> DeadlineField(EventDataReader& r, const char* field) {
  const nlohmann::json& j = r.Value(field);
  if (!r.ok()) return std::nullopt;
  auto d = DeadlineFromJson(j);
  if (!d.ok()) {
    r.Fail(field, "is not a deadline: " + d.status().message());
    return std::nullopt;
  }
  return *d;
}

}  // namespace internal

namespace {

using internal::DeadlineField;
using internal::StatusField;

Responsible ResponsibleField(EventDataReader& r, const char* field) {
  const nlohmann::json& j = r.Value(field);
  if (!r.ok()) return {};
  auto resp = ParseResponsibleJson(j);
  if (!resp.ok()) {
    r.Fail(field, "is not a responsible: " + resp.status().message());
    return {};
  }
  return *resp;
}

// An import of an action published as Completed does not know when it was completed: the event's time is the
// import's, not the completion's.
bool CompletionDateUnknown(const RecordedEvent& event) {
  auto it = event.data.find("completion_date_unknown");
  return it != event.data.end() && it->is_boolean() && it->get<bool>();
}

Status ApplyAdded(KeyActionState& state, const RecordedEvent& event) {
  if (state.exists) return EventCorruption(event, "", "the action was already added at an earlier version");
  EventDataReader r(event);
  KeyActionState next;
  next.action_id = r.String("action_id");
  next.evaluation_id = r.String("evaluation_id");
  next.recommendation_id = r.String("recommendation_id");
  next.number = r.Int("number");
  next.label = r.OptionalString("label");
  next.scope = r.OptionalString("scope");
  next.description = r.String("description");
  next.responsible = ResponsibleField(r, "responsible");
  next.deadline = DeadlineField(r, "deadline");
  next.status = StatusField(r, "status");
  next.status_raw = r.OptionalString("status_raw", StatusLabel(next.status));
  if (!r.ok()) return r.status();
  if (next.action_id.empty()) return EventCorruption(event, "action_id", "field 'action_id' is empty");
  next.exists = true;
  next.created_at = event.recorded_at;
  next.updated_at = event.recorded_at;
  if (next.status == ActionStatus::kCompleted && !CompletionDateUnknown(event)) next.completed_at = event.recorded_at;
  next.original_deadline = next.deadline;
  next.version = event.version;
  next.last_position = event.position;
  state = std::move(next);
  return Status::Ok();
}

// The fields every later event shares: it must name the action being folded.
Status CheckActionId(const KeyActionState& state, const RecordedEvent& event, EventDataReader& r) {
  const std::string id = r.String("action_id");
  if (!r.ok()) return r.status();
  if (id != state.action_id) {
    return EventCorruption(event, "action_id",
                           "field 'action_id' is '" + id + "' in the stream of action '" + state.action_id + "'");
  }
  return Status::Ok();
}

Status ApplyChange(KeyActionState& state, const RecordedEvent& event) {
  const std::string& type = event.type;
  EventDataReader r(event);
  MRTRACK_RETURN_IF_ERROR(CheckActionId(state, event, r));

  if (type == types::kKeyActionStatusChanged) {
    const ActionStatus to = StatusField(r, "to");
    std::string raw = r.OptionalString("status_raw");
    std::string reason = r.OptionalString("reason");
    if (!r.ok()) return r.status();
    internal::SetStatus(state, to, std::move(raw), std::move(reason), event.recorded_at);
    if (CompletionDateUnknown(event)) state.completed_at.reset();
  } else if (type == types::kKeyActionDeadlineChanged) {
    auto to = DeadlineField(r, "to");
    const bool extension = r.OptionalBool("extension");
    if (!r.ok()) return r.status();
    internal::SetDeadline(state, std::move(to), extension);
  } else if (type == types::kKeyActionResponsibleChanged) {
    Responsible to = ResponsibleField(r, "to");
    if (!r.ok()) return r.status();
    state.responsible = std::move(to);
  } else if (type == types::kKeyActionCommentAdded) {
    Comment c;
    c.comment_id = r.OptionalString("comment_id", event.event_id);
    c.author = r.OptionalString("author", event.actor);
    c.text = r.String("text");
    c.evidence = internal::EvidenceField(r, "evidence");
    if (!r.ok()) return r.status();
    c.at = event.recorded_at;
    internal::NoteEvidence(state, c.evidence);
    state.comments.push_back(std::move(c));
  } else if (type == types::kKeyActionDescriptionEdited) {
    std::string to = r.String("to");
    if (!r.ok()) return r.status();
    state.description = std::move(to);
  } else {
    MRTRACK_RETURN_IF_ERROR(internal::ApplyWorkflowEvent(state, event, r));
  }
  state.updated_at = event.recorded_at;
  return Status::Ok();
}

bool IsKnownChange(const std::string& type) {
  return type == types::kKeyActionStatusChanged || type == types::kKeyActionDeadlineChanged ||
         type == types::kKeyActionResponsibleChanged || type == types::kKeyActionCommentAdded ||
         type == types::kKeyActionDescriptionEdited || internal::IsWorkflowEvent(type);
}

}  // namespace

nlohmann::json ResponsibleToJson(const Responsible& r) {
  return {{"text", r.text}, {"units", r.units}, {"unmatched", r.unmatched}, {"match", r.match}};
}

Responsible ResponsibleFromJson(const nlohmann::json& j) {
  Responsible r;
  if (!j.is_object()) return r;
  auto text = j.find("text");
  if (text != j.end() && text->is_string()) r.text = text->get<std::string>();
  auto match = j.find("match");
  if (match != j.end() && match->is_string()) r.match = match->get<std::string>();
  auto units = StringList(j, "units");
  if (units.ok()) r.units = std::move(*units);
  auto unmatched = StringList(j, "unmatched");
  if (unmatched.ok()) r.unmatched = std::move(*unmatched);
  return r;
}

Result<Responsible> ParseResponsibleJson(const nlohmann::json& j) {
  if (!j.is_object()) return InvalidArgument("a responsible must be an object");
  Responsible r;
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) return InvalidArgument("\"text\" must be a string", "text");
  r.text = text->get<std::string>();
  auto match = j.find("match");
  if (match != j.end() && !match->is_null()) {
    if (!match->is_string()) return InvalidArgument("\"match\" must be a string", "match");
    r.match = match->get<std::string>();
  }
  MRTRACK_ASSIGN_OR_RETURN(r.units, StringList(j, "units"));
  MRTRACK_ASSIGN_OR_RETURN(r.unmatched, StringList(j, "unmatched"));
  return r;
}

Status ApplyKeyActionEvent(KeyActionState& state, const RecordedEvent& event) {
  return FoldInStreamOrder(state.version, event, [&]() -> Status {
    if (event.type == types::kKeyActionAdded) return ApplyAdded(state, event);
    if (IsKnownChange(event.type)) {
      if (!state.exists) return EventCorruption(event, "", "a change before the action was added");
      MRTRACK_RETURN_IF_ERROR(ApplyChange(state, event));
    }
    // Reminder events and types this version does not know change nothing
    // here, but they still count as versions of the stream.
    state.version = event.version;
    state.last_position = event.position;
    return Status::Ok();
  });
}

}  // namespace mrtrack::events
