#include "events/domain/workflow_events.h"

namespace mrtrack::events {

nlohmann::json CompletionRequestedData(const std::string& action_id, const std::string& request_id,
                                       ActionStatus outcome, const std::string& note,
                                       const std::vector<EvidenceRef>& evidence, const std::string& supersedes) {
  return {{"action_id", action_id},     {"request_id", request_id},
          {"outcome", StatusLabel(outcome)}, {"note", note},
          {"evidence", EvidenceListToJson(evidence)}, {"supersedes", supersedes}};
}

nlohmann::json CompletionAcceptedData(const std::string& action_id, const std::string& request_id, ActionStatus from,
                                      ActionStatus to, const std::string& note) {
  return {{"action_id", action_id},
          {"request_id", request_id},
          {"from", StatusLabel(from)},
          {"to", StatusLabel(to)},
          {"note", note}};
}

nlohmann::json CompletionRejectedData(const std::string& action_id, const std::string& request_id,
                                      ActionStatus outcome, const std::string& reason,
                                      const std::vector<std::string>& units) {
  return {{"action_id", action_id},
          {"request_id", request_id},
          {"outcome", StatusLabel(outcome)},
          {"reason", reason},
          {"units", units}};
}

nlohmann::json ExtensionRequestedData(const std::string& action_id, const std::string& request_id,
                                      const std::optional<Deadline>& from, const Deadline& to,
                                      const std::string& reason, const std::string& supersedes) {
  return {{"action_id", action_id},     {"request_id", request_id}, {"from", DeadlineToJson(from)},
          {"to", DeadlineToJson(to)}, {"reason", reason},         {"supersedes", supersedes}};
}

nlohmann::json ExtensionAcceptedData(const std::string& action_id, const std::string& request_id,
                                     const std::optional<Deadline>& from, const Deadline& to, const std::string& note) {
  return {{"action_id", action_id},
          {"request_id", request_id},
          {"from", DeadlineToJson(from)},
          {"to", DeadlineToJson(to)},
          {"note", note}};
}

nlohmann::json ExtensionRejectedData(const std::string& action_id, const std::string& request_id, const Deadline& to,
                                     const std::string& reason, const std::vector<std::string>& units) {
  return {{"action_id", action_id},
          {"request_id", request_id},
          {"to", DeadlineToJson(to)},
          {"reason", reason},
          {"units", units}};
}

}  // namespace mrtrack::events
