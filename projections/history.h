// History: "who changed what, when, from what to what" for one key action or
// one evaluation, read from the log (the streams themselves, not a view).
//
// Each entry carries the event's envelope (position, stream, version, id,
// type, recorded_at, actor, correlation and causation ids), the reason or
// justification it gives, and its changes as a list of fields with the value
// before and after — taken from the event's own from/to fields. Where an
// event has none (KeyActionAdded, ManagementResponseRecorded, ...), "before"
// is what the stream held before that event (null for a new item).
// An evaluation's history is its own stream merged with all its actions'
// streams, in log order.
//
// Thread safety: free functions; the store may be appended to meanwhile.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "events/store.h"

namespace mrtrack::projections {

struct FieldChange {
  std::string field;         // "status", "deadline", "responsible", "description", "comment", "recommendation 3 text", ...
  nlohmann::json from, to;   // As in the event (null when absent).
  std::string from_text, to_text;  // For people: "Ongoing", "2025-03-31 (2025/03)", "(none)".
};

struct HistoryEntry {
  std::uint64_t position = 0;
  std::string stream;
  std::uint64_t version = 0;
  std::string event_id, type;
  Timestamp recorded_at{};
  std::string actor, correlation_id, causation_id;
  std::string subject;  // The action id, or the evaluation / recommendation id the event is about.
  std::string reason;   // The event's reason or justification; "" when it gives none.
  std::string summary;  // One line for people: "status: Ongoing -> Completed", "added with status Initiated".
  std::vector<FieldChange> changes;
  nlohmann::json data;  // The event's data as stored.
};

// kNotFound when the action's stream does not exist.
Result<std::vector<HistoryEntry>> ActionHistory(const events::EventStore& store, const std::string& action_id);
// The evaluation's stream plus the streams of `action_ids` (Projections::
// ActionIdsOfEvaluation), merged by position. kNotFound when the evaluation's
// stream does not exist.
Result<std::vector<HistoryEntry>> EvaluationHistory(const events::EventStore& store, const std::string& evaluation_id,
                                                    const std::vector<std::string>& action_ids);

// "status: Ongoing -> Completed".
std::string RenderChange(const FieldChange& change);
nlohmann::json HistoryEntryToJson(const HistoryEntry& entry);

}  // namespace mrtrack::projections
