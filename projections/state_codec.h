// The JSON encodings of folded states in the views DB (internal to
// projections/). Encodings are deterministic: object keys sorted (nlohmann's
// default std::map), instants as FormatTimestamp text, no wall-clock values,
// so an incremental update and a rebuild write the same bytes. Decoding is
// the exact inverse; unknown keys are ignored.
//
// Thread safety: free functions over values.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "events/domain/evaluation.h"
#include "events/domain/key_action.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

// Without its comments (those are rows of their own); carries comment_count.
nlohmann::json EncodeActionState(const events::KeyActionState& state);
// `comments` is left empty; the caller attaches the comment rows.
Result<events::KeyActionState> DecodeActionState(const nlohmann::json& j);

nlohmann::json EncodeComment(const events::Comment& comment);
Result<events::Comment> DecodeComment(const nlohmann::json& j);

nlohmann::json EncodeEvaluationState(const events::EvaluationState& state);
Result<events::EvaluationState> DecodeEvaluationState(const nlohmann::json& j);

nlohmann::json EncodeRejected(const std::vector<RejectedEvent>& rejected);
Result<std::vector<RejectedEvent>> DecodeRejected(const nlohmann::json& j);

nlohmann::json EncodeReminderOutcome(const ReminderOutcome& outcome);
Result<ReminderOutcome> DecodeReminderOutcome(const nlohmann::json& j);

nlohmann::json EncodeCheckpoint(const Checkpoint& checkpoint);
Result<Checkpoint> DecodeCheckpoint(const nlohmann::json& j);

// Text of a JSON value for storage: compact, keys sorted, UTF-8 as is.
std::string DumpJson(const nlohmann::json& j);
// Parses stored text; kCorruption naming `what` when it is not JSON.
Result<nlohmann::json> ParseJson(const std::string& text, const std::string& what);

}  // namespace mrtrack::projections
