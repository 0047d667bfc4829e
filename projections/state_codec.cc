#include "projections/state_codec.h"

#include <exception>

#include "common/time.h"

namespace mrtrack::projections {
namespace {

using nlohmann::json;

json EncodeTime(Timestamp t) { return FormatTimestamp(t); }

Timestamp DecodeTime(const json& j) {
  auto parsed = ParseTimestamp(j.get<std::string>());
  if (!parsed.ok()) throw std::runtime_error(parsed.status().message());
  return *parsed;
}

events::ManagementResponse DecodeResponse(const json& j) {
  events::ManagementResponse r;
  j.at("text").get_to(r.text);
  j.at("category").get_to(r.category);
  j.at("category_raw").get_to(r.category_raw);
  j.at("category_inferred").get_to(r.category_inferred);
  j.at("thematic_areas").get_to(r.thematic_areas);
  j.at("operating_principles").get_to(r.operating_principles);
  j.at("organizational_priorities").get_to(r.organizational_priorities);
  j.at("uneg_criteria").get_to(r.uneg_criteria);
  return r;
}

// Runs `decode`, turning nlohmann's (and our) exceptions into kCorruption.
template <typename T, typename F>
Result<T> Guarded(const char* what, F&& decode) {
  try {
    return decode();
  } catch (const std::exception& e) {
    return Corruption(std::string("views DB: malformed ") + what + ": " + e.what());
  }
}

// The inverse of events::EvidenceListToJson, throwing like the rest of a decode.
std::vector<events::EvidenceRef> DecodeEvidence(const json& j) {
  auto list = events::ParseEvidenceListJson(j);
  if (!list.ok()) throw std::runtime_error(list.status().message());
  return *list;
}

template <typename T>
T Unwrap(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.status().message());
  return std::move(r).value();
}

}  // namespace

json EncodeComment(const events::Comment& c) {
  return json{{"comment_id", c.comment_id},
              {"author", c.author},
              {"text", c.text},
              {"at", EncodeTime(c.at)},
              {"evidence", events::EvidenceListToJson(c.evidence)}};
}

Result<events::Comment> DecodeComment(const json& j) {
  return Guarded<events::Comment>("comment", [&] {
    events::Comment c;
    j.at("comment_id").get_to(c.comment_id);
    j.at("author").get_to(c.author);
    j.at("text").get_to(c.text);
    c.at = DecodeTime(j.at("at"));
    c.evidence = DecodeEvidence(j.at("evidence"));
    return c;
  });
}

json EncodeActionState(const events::KeyActionState& s) {
  return json{{"exists", s.exists},
              {"version", s.version},
              {"last_position", s.last_position},
              {"action_id", s.action_id},
              {"evaluation_id", s.evaluation_id},
              {"recommendation_id", s.recommendation_id},
              {"number", s.number},
              {"label", s.label},
              {"scope", s.scope},
              {"description", s.description},
              {"responsible", events::ResponsibleToJson(s.responsible)},
              {"deadline", events::DeadlineToJson(s.deadline)},
              {"status", events::StatusLabel(s.status)},
              {"status_raw", s.status_raw},
              {"comment_count", s.comments.size()},
              {"created_at", EncodeTime(s.created_at)},
              {"updated_at", EncodeTime(s.updated_at)},
              {"completed_at", s.completed_at ? EncodeTime(*s.completed_at) : json(nullptr)},
              {"original_deadline", events::DeadlineToJson(s.original_deadline)},
              {"extensions", s.extensions},
              {"pending_request", events::CompletionRequestToJson(s.pending_request)},
              {"pending_extension", events::ExtensionRequestToJson(s.pending_extension)},
              {"evidence", events::EvidenceListToJson(s.evidence)},
              {"closure_reason", s.closure_reason}};
}

Result<events::KeyActionState> DecodeActionState(const json& j) {
  return Guarded<events::KeyActionState>("key action row", [&]() -> Result<events::KeyActionState> {
    events::KeyActionState s;
    j.at("exists").get_to(s.exists);
    j.at("version").get_to(s.version);
    j.at("last_position").get_to(s.last_position);
    j.at("action_id").get_to(s.action_id);
    j.at("evaluation_id").get_to(s.evaluation_id);
    j.at("recommendation_id").get_to(s.recommendation_id);
    j.at("number").get_to(s.number);
    j.at("label").get_to(s.label);
    j.at("scope").get_to(s.scope);
    j.at("description").get_to(s.description);
    s.responsible = events::ResponsibleFromJson(j.at("responsible"));
    MRTRACK_ASSIGN_OR_RETURN(s.deadline, events::DeadlineFromJson(j.at("deadline")));
    MRTRACK_ASSIGN_OR_RETURN(s.status, events::ParseStatus(j.at("status").get<std::string>()));
    j.at("status_raw").get_to(s.status_raw);
    s.created_at = DecodeTime(j.at("created_at"));
    s.updated_at = DecodeTime(j.at("updated_at"));
    if (!j.at("completed_at").is_null()) s.completed_at = DecodeTime(j.at("completed_at"));
    s.original_deadline = Unwrap(events::DeadlineFromJson(j.at("original_deadline")));
    j.at("extensions").get_to(s.extensions);
    s.pending_request = Unwrap(events::CompletionRequestFromJson(j.at("pending_request")));
    s.pending_extension = Unwrap(events::ExtensionRequestFromJson(j.at("pending_extension")));
    s.evidence = DecodeEvidence(j.at("evidence"));
    j.at("closure_reason").get_to(s.closure_reason);
    return s;
  });
}

json EncodeEvaluationState(const events::EvaluationState& s) {
  json recommendations = json::array();
  for (const auto& r : s.recommendations) {
    recommendations.push_back(json{{"recommendation_id", r.recommendation_id},
                                   {"number", r.number},
                                   {"text", r.text},
                                   {"priority", r.priority},
                                   {"response", events::ManagementResponseToJson(r.response)}});
  }
  return json{{"exists", s.exists},
              {"version", s.version},
              {"last_position", s.last_position},
              {"evaluation_id", s.evaluation_id},
              {"title", s.title},
              {"office", s.office},
              {"region", s.region},
              {"plan_period", s.plan_period},
              {"office_type", s.office_type},
              {"approval_status", s.approval_status},
              {"overall_response", s.overall_response},
              {"recommendations", std::move(recommendations)},
              {"source_format", s.source_format},
              {"source_sha256", s.source_sha256},
              {"created_at", EncodeTime(s.created_at)},
              {"updated_at", EncodeTime(s.updated_at)}};
}

Result<events::EvaluationState> DecodeEvaluationState(const json& j) {
  return Guarded<events::EvaluationState>("evaluation row", [&] {
    events::EvaluationState s;
    j.at("exists").get_to(s.exists);
    j.at("version").get_to(s.version);
    j.at("last_position").get_to(s.last_position);
    j.at("evaluation_id").get_to(s.evaluation_id);
    j.at("title").get_to(s.title);
    j.at("office").get_to(s.office);
    j.at("region").get_to(s.region);
    j.at("plan_period").get_to(s.plan_period);
    j.at("office_type").get_to(s.office_type);
    j.at("approval_status").get_to(s.approval_status);
    j.at("overall_response").get_to(s.overall_response);
    for (const auto& r : j.at("recommendations")) {
      events::Recommendation rec;
      r.at("recommendation_id").get_to(rec.recommendation_id);
      r.at("number").get_to(rec.number);
      r.at("text").get_to(rec.text);
      r.at("priority").get_to(rec.priority);
      rec.response = DecodeResponse(r.at("response"));
      s.recommendations.push_back(std::move(rec));
    }
    j.at("source_format").get_to(s.source_format);
    j.at("source_sha256").get_to(s.source_sha256);
    s.created_at = DecodeTime(j.at("created_at"));
    s.updated_at = DecodeTime(j.at("updated_at"));
    return s;
  });
}

json EncodeRejected(const std::vector<RejectedEvent>& rejected) {
  json out = json::array();
  for (const auto& r : rejected) {
    out.push_back(json{{"position", r.position}, {"stream", r.stream}, {"type", r.type}, {"error", r.error}});
  }
  return out;
}

Result<std::vector<RejectedEvent>> DecodeRejected(const json& j) {
  return Guarded<std::vector<RejectedEvent>>("list of rejected events", [&] {
    std::vector<RejectedEvent> out;
    for (const auto& item : j) {
      RejectedEvent r;
      item.at("position").get_to(r.position);
      item.at("stream").get_to(r.stream);
      item.at("type").get_to(r.type);
      item.at("error").get_to(r.error);
      out.push_back(std::move(r));
    }
    return out;
  });
}

// The API's shape, with delivered_at always an instant and last_position.
json EncodeReminderOutcome(const ReminderOutcome& o) {
  json j = ReminderOutcomeToJson(o);
  j["delivered_at"] = EncodeTime(o.delivered_at);
  j["last_position"] = o.last_position;
  return j;
}

Result<ReminderOutcome> DecodeReminderOutcome(const json& j) {
  return Guarded<ReminderOutcome>("reminder", [&] {
    ReminderOutcome o;
    j.at("reminder_id").get_to(o.reminder_id);
    j.at("action_id").get_to(o.action_id);
    j.at("unit").get_to(o.unit);
    j.at("rule").get_to(o.rule);
    j.at("chain").get_to(o.chain);
    j.at("deadline").get_to(o.deadline);
    j.at("channel").get_to(o.channel);
    j.at("recipient").get_to(o.recipient);
    j.at("due_at").get_to(o.due_at);
    j.at("state").get_to(o.state);
    j.at("attempts").get_to(o.attempts);
    j.at("late").get_to(o.late);
    o.delivered_at = DecodeTime(j.at("delivered_at"));
    j.at("message_id").get_to(o.message_id);
    j.at("note").get_to(o.note);
    j.at("last_position").get_to(o.last_position);
    return o;
  });
}

json EncodeCheckpoint(const Checkpoint& c) {
  return json{{"position", c.position}, {"hash", HexEncode(c.hash)}, {"recorded_at", EncodeTime(c.recorded_at)}};
}

Result<Checkpoint> DecodeCheckpoint(const json& j) {
  return Guarded<Checkpoint>("checkpoint", [&]() -> Result<Checkpoint> {
    Checkpoint c;
    j.at("position").get_to(c.position);
    MRTRACK_ASSIGN_OR_RETURN(std::string hash, HexDecode(j.at("hash").get<std::string>()));
    if (hash.size() != c.hash.size()) return Corruption("views DB: checkpoint hash is not 32 bytes");
    for (std::size_t i = 0; i < hash.size(); ++i) c.hash[i] = static_cast<std::uint8_t>(hash[i]);
    c.recorded_at = DecodeTime(j.at("recorded_at"));
    return c;
  });
}

std::string DumpJson(const json& j) {
  // Invalid UTF-8 cannot come from the store (it holds JSON); replacing it
  // rather than failing keeps a projection from ever wedging on one string.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<json> ParseJson(const std::string& text, const std::string& what) {
  try {
    return json::parse(text);
  } catch (const std::exception& e) {
    return Corruption("views DB: " + what + " is not JSON: " + e.what());
  }
}

}  // namespace mrtrack::projections
