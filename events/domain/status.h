// The status vocabulary of key actions and the rules for moving between them.
//
// Five statuses are stored: "Not Initiated", "Initiated", "Ongoing",
// "Completed", "No Longer Applicable". The last two are terminal. Overdue is
// derived from the deadline (see deadline.h) and never stored.
//
// Legacy labels (ParseLegacyStatus) are compared after dropping case and every
// character that is not a letter or digit ("Over due", "over-due" and
// "OVERDUE" are the same label). They map as follows:
//
//   label(s) in published texts                        stored status
//   -------------------------------------------------  --------------------
//   Not Initiated, Not started, Not yet started,       Not Initiated
//   Not yet initiated
//   Initiated, Started                                 Initiated
//   Ongoing, On going, In progress, Under way,         Ongoing
//   Underway, Partially completed, Partially implemented
//   Completed, Complete, Done, Closed, Implemented,    Completed
//   Fully implemented
//   No Longer Applicable, Not applicable,              No Longer Applicable
//   No longer relevant, Cancelled, Canceled
//   Over due, Overdue (alone)                          Not Initiated
//   Overdue-<label>, Overdue - <label>, <label> - Overdue,
//   <label> (overdue)                                  what <label> maps to
//
// "Overdue" alone only says the action was not finished by its deadline. It is
// mapped to Not Initiated because that claims no progress the source did not
// report; the deadline still makes it show as overdue, and the raw label is
// kept in status_raw so nothing of the source is lost.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace mrtrack::events {

enum class ActionStatus { kNotInitiated, kInitiated, kOngoing, kCompleted, kNoLongerApplicable };

// "Not Initiated", "Initiated", "Ongoing", "Completed", "No Longer Applicable".
const char* StatusLabel(ActionStatus s);
// Completed and No Longer Applicable end an action; reopening needs a reason.
bool IsTerminal(ActionStatus s);

// Exact canonical labels only (the API and the stored events). Anything else is
// kInvalidArgument with field "status" and the list of valid labels.
Result<ActionStatus> ParseStatus(std::string_view label);

// Labels as found in published texts: canonical ones in any case and spacing,
// and legacy ones (the table above), which map to the status they imply
// (overdue is derived, never stored). Returns nullopt for text that is not a
// status label.
std::optional<ActionStatus> ParseLegacyStatus(std::string_view label);

// Whether `from` may become `to`:
// - the same status again: kFailedPrecondition "already <label>" (field "status");
// - from a terminal status: allowed only with a reason that is not blank (a
//   reopening or a correction), else kFailedPrecondition (field "reason");
// - every other move is allowed (people report progress in any order).
Status CheckTransition(ActionStatus from, ActionStatus to, std::string_view reason);

}  // namespace mrtrack::events
