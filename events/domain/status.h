// The status vocabulary of key actions and the rules for moving between them.
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

// Exact canonical labels only (the API and the stored events).
Result<ActionStatus> ParseStatus(std::string_view label);

// Labels as found in published texts: canonical ones in any case and spacing,
// and legacy ones ("Over due", "Overdue-Not Initiated", "In progress", ...),
// which map to the status they imply (overdue is derived, never stored).
// Returns nullopt for text that is not a status label.
std::optional<ActionStatus> ParseLegacyStatus(std::string_view label);

// Whether `from` may become `to`. Same status: kFailedPrecondition ("already").
// From a terminal status: allowed only with a non-empty reason (a reopening
// or a correction).
Status CheckTransition(ActionStatus from, ActionStatus to, std::string_view reason);

}  // namespace mrtrack::events
