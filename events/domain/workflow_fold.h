// The fold of the follow-up workflow's events and the state changes they
// share with the older events (internal to events/domain; the rules are
// listed in key_action.h).
//
// Thread safety: pure functions over one state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "events/domain/event_data.h"
#include "events/domain/key_action.h"

namespace mrtrack::events::internal {

// Whether `type` is one of the workflow's action events.
bool IsWorkflowEvent(const std::string& type);
// Applies one of them (the action id is already checked). Every field is read
// before anything is set, so on error the state is unchanged.
Status ApplyWorkflowEvent(KeyActionState& state, const RecordedEvent& event, EventDataReader& r);

// A status change (direct or by an accepted request) at `at`.
void SetStatus(KeyActionState& state, ActionStatus to, std::string raw, std::string reason, Timestamp at);
// A deadline move; `extension` counts it as one.
void SetDeadline(KeyActionState& state, std::optional<Deadline> to, bool extension);
// Adds files not yet on state.evidence.
void NoteEvidence(KeyActionState& state, const std::vector<EvidenceRef>& evidence);

// Field readers; problems are recorded on the reader.
ActionStatus StatusField(EventDataReader& r, const char* field);
std::optional<Deadline> DeadlineField(EventDataReader& r, const char* field);
std::vector<EvidenceRef> EvidenceField(EventDataReader& r, const char* field);

}  // namespace mrtrack::events::internal
