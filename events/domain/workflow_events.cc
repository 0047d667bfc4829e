#include "events/domain/workflow_events.h"

#include "events/domain/event_data.h"
#include "events/domain/event_types.h"
#include "events/domain/workflow_fold.h"

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

bool IsRejection(const std::string& type) {
  return type == types::kKeyActionCompletionRejected || type == types::kKeyActionExtensionRejected;
}

Result<RejectionData> DecodeRejection(const RecordedEvent& event) {
  if (!IsRejection(event.type)) return InvalidArgument(event.type + " is not a rejection");
  try {
    internal::EventDataReader r(event);
    RejectionData d;
    d.event_id = event.event_id;
    d.type = event.type;
    d.action_id = r.String("action_id");
    d.request_id = r.String("request_id");
    if (event.type == types::kKeyActionCompletionRejected) {
      d.outcome = internal::StatusField(r, "outcome");
    } else {
      d.proposed = internal::DeadlineField(r, "to");
    }
    d.reason = r.OptionalString("reason");
    d.units = r.OptionalStringList("units");
    if (!r.ok()) return r.status();
    d.by = event.actor;
    d.at = event.recorded_at;
    return d;
  } catch (const nlohmann::json::exception& e) {
    return internal::EventCorruption(event, "", std::string("unreadable data: ") + e.what());
  }
}

}  // namespace mrtrack::events
