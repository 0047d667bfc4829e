#include "projections/history_changes.h"

#include "events/domain/event_types.h"
#include "projections/state_codec.h"

namespace mrtrack::projections {
namespace {

using nlohmann::json;
namespace types = events::types;

// data[key], or null when data is not an object or has no such key: history
// shows whatever an event holds and never fails on its shape.
const json& Field(const json& data, const char* key) {
  static const json kNull;
  if (!data.is_object()) return kNull;
  auto it = data.find(key);
  return it == data.end() ? kNull : *it;
}

std::string StringOf(const json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }

// Plain text of a value for people.
std::string Text(const json& j) {
  if (j.is_null()) return "(none)";
  if (j.is_string()) return j.get<std::string>().empty() ? "(blank)" : j.get<std::string>();
  if (j.is_array()) {
    std::string out;
    for (const auto& item : j) out += (out.empty() ? "" : ", ") + Text(item);
    return out.empty() ? "(none)" : out;
  }
  if (j.is_object()) {
    // A Deadline {date, raw}.
    if (j.contains("date")) {
      std::string date = StringOf(Field(j, "date")), raw = StringOf(Field(j, "raw"));
      return raw.empty() || raw == date ? date : date + " (" + raw + ")";
    }
    // A Responsible {text, units, ...}.
    if (j.contains("text")) {
      std::string units = Field(j, "units").is_array() && !Field(j, "units").empty() ? Text(Field(j, "units")) : "";
      return StringOf(Field(j, "text")) + (units.empty() ? "" : " [" + units + "]");
    }
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool IsBlank(const json& j) {
  return j.is_null() || (j.is_string() && j.get<std::string>().empty()) || (j.is_array() && j.empty());
}

FieldChange Change(std::string field, json from, json to) {
  FieldChange c{std::move(field), std::move(from), std::move(to), {}, {}};
  c.from_text = Text(c.from);
  c.to_text = Text(c.to);
  return c;
}

// New item: every non-empty field, from null.
void AddInitial(EventChanges& out, const json& data, std::initializer_list<const char*> fields) {
  for (const char* f : fields) {
    const json& v = Field(data, f);
    if (IsBlank(v)) continue;
    out.changes.push_back(Change(f, nullptr, v));
  }
}

void DescribeResponse(EventChanges& out, const json& data, const events::EvaluationState& before) {
  const events::Recommendation* rec = before.FindRecommendation(out.subject);
  const bool had_response = rec != nullptr && !(rec->response == events::ManagementResponse{});
  const json previous = had_response ? events::ManagementResponseToJson(rec->response) : json::object();
  // category_raw is left out: its spelling ("accepted") is not a change of
  // the response (the importer compares the same way).
  for (const char* f : {"text", "category", "category_inferred", "thematic_areas", "operating_principles",
                        "organizational_priorities", "uneg_criteria"}) {
    const json& now = Field(data, f);
    const json& was = Field(previous, f);
    if (had_response ? now == was : IsBlank(now)) continue;
    out.changes.push_back(Change(std::string("response ") + f, had_response ? was : json(nullptr), now));
  }
}

// "a: x -> y; b: ..." or, for an event without changes, its type.
std::string JoinChanges(const EventChanges& out, const std::string& type) {
  std::string text;
  for (const auto& c : out.changes) text += (text.empty() ? "" : "; ") + RenderChange(c);
  return text.empty() ? type : text;
}

const FieldChange* FindChange(const EventChanges& out, const std::string& field) {
  for (const auto& c : out.changes) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

// "report.pdf (sha256 ab12…)" per file.
json EvidenceNames(const json& evidence) {
  json names = json::array();
  if (!evidence.is_array()) return names;
  for (const auto& e : evidence) {
    names.push_back(StringOf(Field(e, "name")) + " (sha256 " + StringOf(Field(e, "sha256")).substr(0, 12) + ")");
  }
  return names;
}

// The request events: what was asked, and what the decision changed.
void DescribeWorkflowEvent(EventChanges& out, const events::RecordedEvent& e) {
  const json& d = e.data;
  const std::string& t = e.type;
  const std::string request = StringOf(Field(d, "request_id"));
  if (t == types::kKeyActionCompletionRequested) {
    out.reason = StringOf(Field(d, "note"));
    out.changes.push_back(Change("pending_request", nullptr, Field(d, "outcome")));
    if (!IsBlank(Field(d, "evidence"))) out.changes.push_back(Change("evidence", nullptr, EvidenceNames(Field(d, "evidence"))));
    out.summary = "completion requested (" + Text(Field(d, "outcome")) + ") by " + e.actor;
    if (!StringOf(Field(d, "supersedes")).empty()) out.summary += ", superseding " + StringOf(Field(d, "supersedes"));
  } else if (t == types::kKeyActionCompletionAccepted) {
    out.reason = StringOf(Field(d, "note"));
    out.changes.push_back(Change("status", Field(d, "from"), Field(d, "to")));
    out.summary = "completion request " + request + " accepted by " + e.actor + ": " + RenderChange(out.changes[0]);
  } else if (t == types::kKeyActionCompletionRejected) {
    out.reason = StringOf(Field(d, "reason"));
    out.changes.push_back(Change("pending_request", Field(d, "outcome"), nullptr));
    out.summary = "completion request " + request + " rejected by " + e.actor + ": " + out.reason;
  } else if (t == types::kKeyActionExtensionRequested) {
    out.reason = StringOf(Field(d, "reason"));
    out.changes.push_back(Change("pending_extension", nullptr, Field(d, "to")));
    out.summary = "extension to " + Text(Field(d, "to")) + " requested by " + e.actor;
  } else if (t == types::kKeyActionExtensionAccepted) {
    out.reason = StringOf(Field(d, "note"));
    out.changes.push_back(Change("deadline", Field(d, "from"), Field(d, "to")));
    out.summary = "extension request " + request + " accepted by " + e.actor + ": " + RenderChange(out.changes[0]);
  } else if (t == types::kKeyActionExtensionRejected) {
    out.reason = StringOf(Field(d, "reason"));
    out.changes.push_back(Change("pending_extension", Field(d, "to"), nullptr));
    out.summary = "extension request " + request + " rejected by " + e.actor + ": " + out.reason;
  }
}

}  // namespace

EventChanges DescribeActionEvent(const events::RecordedEvent& e) {
  EventChanges out;
  const json& d = e.data;
  out.subject = StringOf(Field(d, "action_id"));
  const std::string& t = e.type;
  if (t == types::kKeyActionAdded) {
    AddInitial(out, d, {"label", "scope", "description", "responsible", "deadline", "status"});
    const FieldChange* status = FindChange(out, "status");
    out.summary = "added" + (status != nullptr ? " with status " + status->to_text : std::string());
  } else if (t == types::kKeyActionStatusChanged) {
    out.reason = StringOf(Field(d, "reason"));
    out.changes.push_back(Change("status", Field(d, "from"), Field(d, "to")));
  } else if (t == types::kKeyActionDeadlineChanged) {
    out.reason = StringOf(Field(d, "justification"));
    out.changes.push_back(Change("deadline", Field(d, "from"), Field(d, "to")));
  } else if (t == types::kKeyActionResponsibleChanged) {
    out.reason = StringOf(Field(d, "reason"));
    out.changes.push_back(Change("responsible", Field(d, "from"), Field(d, "to")));
  } else if (t == types::kKeyActionCommentAdded) {
    FieldChange c = Change("comment", nullptr, Field(d, "text"));
    const std::string author = StringOf(Field(d, "author"));
    if (!author.empty()) c.to_text = author + ": " + c.to_text;
    out.summary = "comment by " + (author.empty() ? e.actor : author);
    out.changes.push_back(std::move(c));
    if (!IsBlank(Field(d, "evidence"))) out.changes.push_back(Change("evidence", nullptr, EvidenceNames(Field(d, "evidence"))));
  } else if (t == types::kKeyActionDescriptionEdited) {
    out.changes.push_back(Change("description", Field(d, "from"), Field(d, "to")));
  } else {
    DescribeWorkflowEvent(out, e);
  }
  if (out.summary.empty()) out.summary = JoinChanges(out, t);
  return out;
}

EventChanges DescribeEvaluationEvent(const events::RecordedEvent& e, const events::EvaluationState& before) {
  EventChanges out;
  const json& d = e.data;
  const std::string& t = e.type;
  out.subject = StringOf(Field(d, "recommendation_id"));
  if (out.subject.empty()) out.subject = StringOf(Field(d, "evaluation_id"));
  if (t == types::kEvaluationRegistered) {
    AddInitial(out, d, {"title", "office", "region", "plan_period", "office_type", "approval_status", "overall_response"});
    out.summary = "evaluation registered";
  } else if (t == types::kEvaluationUpdated) {
    const json& changes = Field(d, "changes");
    if (changes.is_object()) {
      for (const auto& [field, change] : changes.items()) {
        out.changes.push_back(Change(field, Field(change, "from"), Field(change, "to")));
      }
    }
  } else if (t == types::kRecommendationAdded) {
    out.changes.push_back(Change("recommendation text", nullptr, Field(d, "text")));
    out.summary = "recommendation " + Text(Field(d, "number")) + " added";
  } else if (t == types::kRecommendationEdited) {
    out.changes.push_back(Change("recommendation text", Field(d, "from"), Field(d, "to")));
  } else if (t == types::kRecommendationPriorityChanged) {
    out.changes.push_back(Change("priority", Field(d, "from"), Field(d, "to")));
    out.summary = "priority set to " + Text(Field(d, "to"));
  } else if (t == types::kManagementResponseRecorded) {
    DescribeResponse(out, d, before);
    out.summary = out.changes.empty() ? "management response recorded again, unchanged" : "management response recorded";
  }
  if (out.summary.empty()) out.summary = JoinChanges(out, t);
  return out;
}

}  // namespace mrtrack::projections
