// The current state of one key action, folded from its stream's events.
// Used by command handlers (to validate) and by projections (to show).
//
// Fold rules (ApplyKeyActionEvent), per type of events/domain/event_types.h:
//   KeyActionAdded               sets every field; must be the stream's first event
//   KeyActionStatusChanged       status = to; status_raw = data.status_raw or the label;
//                                completed_at = recorded_at when to is Completed,
//                                cleared when it moves to anything else
//                                a terminal status also drops the open completion
//                                and extension requests (nothing is left to decide)
//   (KeyActionAdded and KeyActionStatusChanged with "completion_date_unknown":
//   true, written by imports of actions published as Completed, leave
//   completed_at unset: the completion date is unknown)
//   KeyActionDeadlineChanged     deadline = to (null clears it); extensions + 1
//                                when data.extension is true
//   KeyActionResponsibleChanged  responsible = to
//   KeyActionCommentAdded        appends {comment_id, author, text, evidence, at = recorded_at}
//   KeyActionDescriptionEdited   description = to
//   KeyActionCompletionRequested pending_request = the request (replacing any open one)
//   KeyActionCompletionAccepted  status = to (as a status change), pending_request cleared
//   KeyActionCompletionRejected  pending_request cleared, the status stays
//   KeyActionExtensionRequested  pending_extension = the request (replacing any open one)
//   KeyActionExtensionAccepted   deadline = to, extensions + 1, pending_extension cleared
//   KeyActionExtensionRejected   pending_extension cleared
// original_deadline is the first deadline the action had (KeyActionAdded's,
// or the first one set later); it never moves afterwards.
// evidence lists every evidence file the stream's events refer to, once each,
// in the order first referred to.
//   anything else (Reminder*, unknown future types): ignored
// Every event, known or not, advances version and last_position; known ones
// also set updated_at to their recorded_at.
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/domain/deadline.h"
#include "events/domain/status.h"
#include "events/domain/workflow_state.h"
#include "events/event.h"

namespace mrtrack::events {

struct Responsible {
  std::string text;                    // As published or as entered.
  std::vector<std::string> units;      // Unit ids.
  std::vector<std::string> unmatched;  // Parts that match no unit.
  std::string match;                   // alias | heuristic | column | manual | none
  bool operator==(const Responsible&) const = default;
};
// {"text", "units": [..], "unmatched": [..], "match"}.
nlohmann::json ResponsibleToJson(const Responsible& r);
// Lenient: missing or mistyped fields become empty. Never throws.
Responsible ResponsibleFromJson(const nlohmann::json& j);
// Strict: `j` must be an object, "text" a string, "units"/"unmatched" lists of
// strings (may be missing), "match" a string (may be missing). Errors are
// kInvalidArgument naming the field. Never throws.
Result<Responsible> ParseResponsibleJson(const nlohmann::json& j);

struct Comment {
  std::string comment_id;
  std::string author;
  std::string text;
  Timestamp at;  // The recorded_at of the event that added it.
  std::vector<EvidenceRef> evidence;  // Files attached to the comment.
  bool operator==(const Comment&) const = default;
};

struct KeyActionState {
  bool exists = false;
  std::uint64_t version = 0;           // Stream version folded so far.
  std::uint64_t last_position = 0;     // Global position of the last event folded.
  std::string action_id, evaluation_id, recommendation_id;
  int number = 0;
  std::string label, scope, description;
  Responsible responsible;
  std::optional<Deadline> deadline;
  ActionStatus status = ActionStatus::kNotInitiated;
  std::string status_raw;
  std::vector<Comment> comments;       // In the order they were added.
  Timestamp created_at, updated_at;
  // When it last became Completed (recorded_at of that event). Unset when it
  // is not Completed, and for an action published as Completed (an import
  // does not know when that happened).
  std::optional<Timestamp> completed_at;

  // The follow-up workflow (workflow_state.h).
  std::optional<Deadline> original_deadline;  // The first deadline; see the fold rules.
  int extensions = 0;                         // Approved extensions (and admins' direct moves).
  std::optional<CompletionRequest> pending_request;
  std::optional<ExtensionRequest> pending_extension;
  std::vector<EvidenceRef> evidence;          // Every evidence file referred to, once each.
  // The reason given when the action last became terminal (a status change's
  // reason, or an accepted request's note); cleared when it leaves a terminal status.
  std::string closure_reason;
};

// Applies one event of the action's stream. Unknown types are ignored (forward
// compatibility); malformed data of a known type is kCorruption naming the
// position and the field ("data.to"). Events must come in stream order
// (version = state.version + 1 once state.version > 0) and, after
// KeyActionAdded, carry the same action_id. On error `state` is left
// unchanged. Never throws.
Status ApplyKeyActionEvent(KeyActionState& state, const RecordedEvent& event);

}  // namespace mrtrack::events
