// The data of the follow-up workflow's events: one encoder per event type
// (shapes in event_types.h), used by the commands and by tests that write
// such events directly, and the decoder of the rejections for the notifier,
// which tells the units named in them.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "events/domain/deadline.h"
#include "events/domain/status.h"
#include "events/domain/workflow_state.h"
#include "events/event.h"

namespace mrtrack::events {

nlohmann::json CompletionRequestedData(const std::string& action_id, const std::string& request_id,
                                       ActionStatus outcome, const std::string& note,
                                       const std::vector<EvidenceRef>& evidence, const std::string& supersedes);
nlohmann::json CompletionAcceptedData(const std::string& action_id, const std::string& request_id, ActionStatus from,
                                      ActionStatus to, const std::string& note);
nlohmann::json CompletionRejectedData(const std::string& action_id, const std::string& request_id,
                                      ActionStatus outcome, const std::string& reason,
                                      const std::vector<std::string>& units);
nlohmann::json ExtensionRequestedData(const std::string& action_id, const std::string& request_id,
                                      const std::optional<Deadline>& from, const Deadline& to,
                                      const std::string& reason, const std::string& supersedes);
nlohmann::json ExtensionAcceptedData(const std::string& action_id, const std::string& request_id,
                                     const std::optional<Deadline>& from, const Deadline& to, const std::string& note);
nlohmann::json ExtensionRejectedData(const std::string& action_id, const std::string& request_id, const Deadline& to,
                                     const std::string& reason, const std::vector<std::string>& units);

// A rejected completion or extension request, as the units told of it read it.
struct RejectionData {
  std::string event_id, action_id, request_id;
  std::string type;  // types::kKeyActionCompletionRejected or types::kKeyActionExtensionRejected.
  std::optional<ActionStatus> outcome;   // A completion request's outcome.
  std::optional<Deadline> proposed;      // An extension request's deadline.
  std::string reason;
  std::vector<std::string> units;        // The units told of it.
  std::string by;                        // The event's actor.
  Timestamp at{};                        // Its recorded_at.
};

// Whether `type` is one of the two rejection types.
bool IsRejection(const std::string& type);
// Decodes a rejection event. Errors: kCorruption naming the position, the
// type and the field. Never throws.
Result<RejectionData> DecodeRejection(const RecordedEvent& event);

}  // namespace mrtrack::events
