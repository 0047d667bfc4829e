// The fold of the follow-up workflow's events (rules in key_action.h).
#include <algorithm>

#include "events/domain/event_types.h"
#include "events/domain/workflow_fold.h"

namespace mrtrack::events::internal {

std::vector<EvidenceRef> EvidenceField(EventDataReader& r, const char* field) {
  const nlohmann::json* it = r.Optional(field);
  if (it == nullptr || it->is_null()) return {};
  auto list = ParseEvidenceListJson(*it);
  if (!list.ok()) {
    r.Fail(std::string(field) + list.status().field(), "is not evidence: " + list.status().message());
    return {};
  }
  return *list;
}

void SetStatus(KeyActionState& state, ActionStatus to, std::string raw, std::string reason, Timestamp at) {
  state.status = to;
  state.status_raw = raw.empty() ? StatusLabel(to) : std::move(raw);
  if (to == ActionStatus::kCompleted) {
    state.completed_at = at;
  } else {
    state.completed_at.reset();
  }
  if (IsTerminal(to)) {
    state.closure_reason = std::move(reason);
    state.pending_request.reset();
    state.pending_extension.reset();
  } else {
    state.closure_reason.clear();
  }
}

void SetDeadline(KeyActionState& state, std::optional<Deadline> to, bool extension) {
  if (!state.original_deadline && to) state.original_deadline = to;
  state.deadline = std::move(to);
  if (extension) ++state.extensions;
}

void NoteEvidence(KeyActionState& state, const std::vector<EvidenceRef>& evidence) {
  for (const auto& e : evidence) {
    auto same = [&](const EvidenceRef& known) { return known.sha256 == e.sha256; };
    if (std::none_of(state.evidence.begin(), state.evidence.end(), same)) state.evidence.push_back(e);
  }
}

bool IsWorkflowEvent(const std::string& type) {
  return type == types::kKeyActionCompletionRequested || type == types::kKeyActionCompletionAccepted ||
         type == types::kKeyActionCompletionRejected || type == types::kKeyActionExtensionRequested ||
         type == types::kKeyActionExtensionAccepted || type == types::kKeyActionExtensionRejected;
}

Status ApplyWorkflowEvent(KeyActionState& state, const RecordedEvent& event, EventDataReader& r) {
  const std::string& type = event.type;
  const std::string request_id = r.String("request_id");
  if (type == types::kKeyActionCompletionRequested) {
    CompletionRequest request;
    request.request_id = request_id;
    request.outcome = StatusField(r, "outcome");
    request.note = r.OptionalString("note");
    request.evidence = EvidenceField(r, "evidence");
    if (!r.ok()) return r.status();
    if (!IsTerminal(request.outcome)) r.Fail("outcome", "is not Completed or No Longer Applicable");
    if (!r.ok()) return r.status();
    request.by = event.actor;
    request.at = event.recorded_at;
    NoteEvidence(state, request.evidence);
    state.pending_request = std::move(request);
  } else if (type == types::kKeyActionCompletionAccepted) {
    const ActionStatus to = StatusField(r, "to");
    std::string note = r.OptionalString("note");
    if (!r.ok()) return r.status();
    SetStatus(state, to, {}, std::move(note), event.recorded_at);
  } else if (type == types::kKeyActionCompletionRejected) {
    if (!r.ok()) return r.status();
    if (state.pending_request && state.pending_request->request_id == request_id) state.pending_request.reset();
  } else if (type == types::kKeyActionExtensionRequested) {
    auto to = DeadlineField(r, "to");
    std::string reason = r.OptionalString("reason");
    if (!r.ok()) return r.status();
    if (!to) r.Fail("to", "is null: an extension needs a deadline");
    if (!r.ok()) return r.status();
    state.pending_extension = ExtensionRequest{request_id, *to, std::move(reason), event.actor, event.recorded_at};
  } else if (type == types::kKeyActionExtensionAccepted) {
    auto to = DeadlineField(r, "to");
    if (!r.ok()) return r.status();
    if (!to) r.Fail("to", "is null: an extension needs a deadline");
    if (!r.ok()) return r.status();
    SetDeadline(state, std::move(to), /*extension=*/true);
    state.pending_extension.reset();
  } else if (type == types::kKeyActionExtensionRejected) {
    if (!r.ok()) return r.status();
    if (state.pending_extension && state.pending_extension->request_id == request_id) state.pending_extension.reset();
  }
  return Status::Ok();
}

}  // namespace mrtrack::events::internal
