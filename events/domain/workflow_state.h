// The follow-up workflow's part of a key action's state: evidence references,
// the open completion request and the open extension request (DESIGN.md
// "The follow-up workflow"). Folded by ApplyKeyActionEvent (key_action.h).
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"
#include "events/domain/deadline.h"
#include "events/domain/status.h"

namespace mrtrack::events {

// A file of the evidence store, as events carry it.
struct EvidenceRef {
  std::string sha256;      // 64 lower-case hex digits: the file's name in the store.
  std::string name;        // The file name it was uploaded under.
  std::string media_type;  // e.g. "application/pdf".
  std::uint64_t size = 0;  // Bytes.
  bool operator==(const EvidenceRef&) const = default;
};

// {"sha256", "name", "media_type", "size"}.
nlohmann::json EvidenceToJson(const EvidenceRef& e);
nlohmann::json EvidenceListToJson(const std::vector<EvidenceRef>& list);
// Strict: an object with the four fields, sha256 64 lower-case hex digits.
// kInvalidArgument naming the field. Never throws.
Result<EvidenceRef> ParseEvidenceJson(const nlohmann::json& j);
// A list of them; missing or null is empty. Errors name "[i].field".
Result<std::vector<EvidenceRef>> ParseEvidenceListJson(const nlohmann::json& j);

// A unit's request to end the action, waiting for a validator.
struct CompletionRequest {
  std::string request_id;  // The request event's id.
  ActionStatus outcome = ActionStatus::kCompleted;  // Completed or No Longer Applicable.
  std::string note;
  std::vector<EvidenceRef> evidence;
  std::string by;  // The request event's actor.
  Timestamp at;    // Its recorded_at.
  bool operator==(const CompletionRequest&) const = default;
};

// A unit's request for a new deadline, waiting for a validator.
struct ExtensionRequest {
  std::string request_id;
  Deadline deadline;  // The deadline asked for.
  std::string reason;
  std::string by;
  Timestamp at;
  bool operator==(const ExtensionRequest&) const = default;
};

// The API's and the views DB's shapes:
// {"request_id", "outcome", "note", "evidence": [..], "by", "at"} and
// {"request_id", "deadline": Deadline, "reason", "by", "at"}; null when absent.
nlohmann::json CompletionRequestToJson(const std::optional<CompletionRequest>& r);
nlohmann::json ExtensionRequestToJson(const std::optional<ExtensionRequest>& r);
// The inverses (null -> nullopt); kInvalidArgument naming the field.
Result<std::optional<CompletionRequest>> CompletionRequestFromJson(const nlohmann::json& j);
Result<std::optional<ExtensionRequest>> ExtensionRequestFromJson(const nlohmann::json& j);

}  // namespace mrtrack::events
