// What one event changed, as a list of fields with before and after (internal
// to projections/; history.h is the public face).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "events/domain/evaluation.h"
#include "events/event.h"
#include "projections/history.h"

namespace mrtrack::projections {

struct EventChanges {
  std::string subject;
  std::string reason;
  std::string summary;
  std::vector<FieldChange> changes;
};

// An event of an action stream; before/after come from the event itself.
EventChanges DescribeActionEvent(const events::RecordedEvent& event);
// An event of an evaluation stream; `before` is the stream's state before it
// (needed for ManagementResponseRecorded, which carries no "from").
EventChanges DescribeEvaluationEvent(const events::RecordedEvent& event, const events::EvaluationState& before);

}  // namespace mrtrack::projections
