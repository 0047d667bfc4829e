#include "events/domain/workflow_state.h"

#include <algorithm>

#include "common/time.h"

namespace mrtrack::events {
namespace {

using nlohmann::json;

bool IsLowerHex64(const std::string& s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<std::string> StringAt(const json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end() || !it->is_string()) return InvalidArgument(std::string("\"") + field + "\" must be a string", field);
  return it->get<std::string>();
}

Result<Timestamp> TimeAt(const json& j, const char* field) {
  MRTRACK_ASSIGN_OR_RETURN(std::string text, StringAt(j, field));
  auto t = ParseTimestamp(text);
  if (!t.ok()) return InvalidArgument(t.status().message(), field);
  return *t;
}

}  // namespace

json EvidenceToJson(const EvidenceRef& e) {
  return {{"sha256", e.sha256}, {"name", e.name}, {"media_type", e.media_type}, {"size", e.size}};
}

json EvidenceListToJson(const std::vector<EvidenceRef>& list) {
  json out = json::array();
  for (const auto& e : list) out.push_back(EvidenceToJson(e));
  return out;
}

Result<EvidenceRef> ParseEvidenceJson(const json& j) {
  if (!j.is_object()) return InvalidArgument("evidence must be an object");
  EvidenceRef e;
  MRTRACK_ASSIGN_OR_RETURN(e.sha256, StringAt(j, "sha256"));
  if (!IsLowerHex64(e.sha256)) return InvalidArgument("\"sha256\" must be 64 lower-case hex digits", "sha256");
  MRTRACK_ASSIGN_OR_RETURN(e.name, StringAt(j, "name"));
  MRTRACK_ASSIGN_OR_RETURN(e.media_type, StringAt(j, "media_type"));
  auto size = j.find("size");
  if (size == j.end() || !size->is_number_unsigned()) return InvalidArgument("\"size\" must be a whole number", "size");
  e.size = size->get<std::uint64_t>();
  return e;
}

Result<std::vector<EvidenceRef>> ParseEvidenceListJson(const json& j) {
  std::vector<EvidenceRef> out;
  if (j.is_null()) return out;
  if (!j.is_array()) return InvalidArgument("evidence must be a list");
  for (std::size_t i = 0; i < j.size(); ++i) {
    auto e = ParseEvidenceJson(j[i]);
    if (!e.ok()) {
      return InvalidArgument(e.status().message(), "[" + std::to_string(i) + "]" +
                                                       (e.status().field().empty() ? "" : "." + e.status().field()));
    }
    out.push_back(std::move(*e));
  }
  return out;
}

json CompletionRequestToJson(const std::optional<CompletionRequest>& r) {
  if (!r) return nullptr;
  return {{"request_id", r->request_id}, {"outcome", StatusLabel(r->outcome)}, {"note", r->note},
          {"evidence", EvidenceListToJson(r->evidence)}, {"by", r->by}, {"at", FormatTimestamp(r->at)}};
}

json ExtensionRequestToJson(const std::optional<ExtensionRequest>& r) {
  if (!r) return nullptr;
  return {{"request_id", r->request_id}, {"deadline", DeadlineToJson(r->deadline)}, {"reason", r->reason},
          {"by", r->by}, {"at", FormatTimestamp(r->at)}};
}

Result<std::optional<CompletionRequest>> CompletionRequestFromJson(const json& j) {
  if (j.is_null()) return std::optional<CompletionRequest>();
  if (!j.is_object()) return InvalidArgument("a completion request must be an object");
  CompletionRequest r;
  MRTRACK_ASSIGN_OR_RETURN(r.request_id, StringAt(j, "request_id"));
  MRTRACK_ASSIGN_OR_RETURN(std::string outcome, StringAt(j, "outcome"));
  MRTRACK_ASSIGN_OR_RETURN(r.outcome, ParseStatus(outcome));
  MRTRACK_ASSIGN_OR_RETURN(r.note, StringAt(j, "note"));
  MRTRACK_ASSIGN_OR_RETURN(r.evidence, ParseEvidenceListJson(j.contains("evidence") ? j.at("evidence") : json()));
  MRTRACK_ASSIGN_OR_RETURN(r.by, StringAt(j, "by"));
  MRTRACK_ASSIGN_OR_RETURN(r.at, TimeAt(j, "at"));
  return std::optional<CompletionRequest>(std::move(r));
}

Result<std::optional<ExtensionRequest>> ExtensionRequestFromJson(const json& j) {
  if (j.is_null()) return std::optional<ExtensionRequest>();
  if (!j.is_object()) return InvalidArgument("an extension request must be an object");
  ExtensionRequest r;
  MRTRACK_ASSIGN_OR_RETURN(r.request_id, StringAt(j, "request_id"));
  auto deadline = DeadlineFromJson(j.contains("deadline") ? j.at("deadline") : json());
  if (!deadline.ok()) return deadline.status();
  if (!*deadline) return InvalidArgument("an extension request needs a deadline", "deadline");
  r.deadline = **deadline;
  MRTRACK_ASSIGN_OR_RETURN(r.reason, StringAt(j, "reason"));
  MRTRACK_ASSIGN_OR_RETURN(r.by, StringAt(j, "by"));
  MRTRACK_ASSIGN_OR_RETURN(r.at, TimeAt(j, "at"));
  return std::optional<ExtensionRequest>(std::move(r));
}

}  // namespace mrtrack::events
