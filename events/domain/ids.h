// Stream names and entity ids (the contract is in events/domain/event_types.h).
//
//   evaluation_id      "ev-" + 12 hex, or user-given: [a-z0-9-]{1,64}
//   recommendation_id  "<evaluation_id>-r<N>"
//   action_id          "<evaluation_id>-r<N>-a<M>"
//   streams            "evaluation-<evaluation_id>", "action-<action_id>",
//                      "reminder-<reminder_id>"
//
// Ids are lower-case letters, digits and '-', starting with a letter or digit,
// so that they are safe in stream names, URLs, file names and e-mail headers.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace mrtrack::events {

inline constexpr std::size_t kMaxEvaluationIdLength = 64;
// An evaluation id plus "-r<N>-a<M>" with room to spare.
inline constexpr std::size_t kMaxActionIdLength = 128;

std::string EvaluationStream(std::string_view evaluation_id);  // "evaluation-" + id
std::string ActionStream(std::string_view action_id);          // "action-" + id
std::string ReminderStream(std::string_view reminder_id);      // "reminder-" + id
std::string ReportStream(std::string_view report_name);        // "report-" + name ([[reports]] name)

std::string RecommendationId(std::string_view evaluation_id, int number);            // "<ev>-r<N>"
std::string ActionId(std::string_view evaluation_id, int recommendation, int action);  // "<ev>-r<N>-a<M>"

// kInvalidArgument (field "evaluation_id") unless [a-z0-9][a-z0-9-]{0,63}.
Status ValidateEvaluationId(std::string_view id);
// kInvalidArgument (field "action_id") unless [a-z0-9][a-z0-9-]{0,127}.
Status ValidateActionId(std::string_view id);

}  // namespace mrtrack::events
