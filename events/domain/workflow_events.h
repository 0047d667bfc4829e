// The data of the follow-up workflow's events: one encoder per event type
// (shapes in event_types.h), used by the commands and by tests that write
// such events directly.
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

}  // namespace mrtrack::events
