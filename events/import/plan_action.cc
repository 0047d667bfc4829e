// The stream of one key action in an import. New actions get KeyActionAdded
// (and their published comment). Existing ones are compared field by field,
// three ways: the published value (P), the value the last import recorded (B)
// and the current value (C). P == B: the text did not change, nothing is
// written, and a different C (changed in mrtrack since) is kept. P != B: the
// text changed; unless C already equals P, one event moves C to P.
#include "events/import/import_plan.h"

#include "common/crypto.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "events/import/import.h"

namespace mrtrack::events::import {
namespace {

NewEvent Event(const char* type, nlohmann::json data) {
  NewEvent e;
  e.type = type;
  e.data = std::move(data);
  return e;
}

bool MarkedAsImport(const nlohmann::json& data, const char* field) {
  auto it = data.find(field);
  return it != data.end() && it->is_string() && it->get<std::string>() == kImportReason;
}

// Which units and free text, not how they were found: a table rendering
// ("column") of the same text is the same responsible.
bool SameResponsible(const Responsible& a, const Responsible& b) {
  return a.text == b.text && a.units == b.units && a.unmatched == b.unmatched;
}

std::string DeadlineText(const std::optional<Deadline>& d) { return d ? d->raw : "none"; }

class ActionPlanner {
 public:
  ActionPlanner(const ActionAddress& address, int line, StreamPlan& plan) : a_(address), line_(line), plan_(plan) {}

  void Add(const char* type, nlohmann::json data, const std::string& detail) {
    data["action_id"] = a_.action_id;
    plan_.part.events.push_back(Event(type, std::move(data)));
    plan_.changes.push_back(std::string(type) + " " + a_.action_id + (detail.empty() ? "" : ": " + detail));
  }
  void AddComment(const std::string& text) {
    NewEvent e = Event(types::kKeyActionCommentAdded, {});
    e.event_id = RandomUuid();
    e.data = {{"action_id", a_.action_id}, {"comment_id", e.event_id}, {"author", kImportAuthor}, {"text", text}};
    plan_.part.events.push_back(std::move(e));
    plan_.changes.push_back(std::string(types::kKeyActionCommentAdded) + " " + a_.action_id);
  }
  void KeptLocal(const std::string& field, const std::string& current, const std::string& published) {
    plan_.warnings.push_back({line_, a_.action_id,
                              field + " is \"" + current + "\" in mrtrack (changed since the last import); the "
                                  "published text still says \"" + published + "\": kept"});
  }

 private:
  const ActionAddress& a_;
  int line_;  // Of the action in the document, for warnings.
  StreamPlan& plan_;
};

// Published as Completed: when is not published, so the event's time must not be taken for it (events/domain/
// key_action.h).
void MarkCompletionDateUnknown(StreamPlan& plan) {
  plan.part.events.back().data["completion_date_unknown"] = true;
}

void PlanNew(const ActionAddress& a, const ParsedKeyAction& p, StreamPlan& plan) {
  ActionPlanner planner(a, p.line, plan);
  plan.part.expected = ExpectedVersion::NoStream();
  ActionStatus status = p.status.value_or(ActionStatus::kNotInitiated);
  planner.Add(types::kKeyActionAdded,
              {{"evaluation_id", a.evaluation_id},
               {"recommendation_id", a.recommendation_id},
               {"number", a.number},
               {"label", p.label},
               {"scope", p.scope},
               {"description", p.description},
               {"responsible", ResponsibleToJson(p.responsible)},
               {"deadline", DeadlineToJson(p.deadline)},
               {"status", StatusLabel(status)},
               {"status_raw", p.status_raw}},
              "");
  if (status == ActionStatus::kCompleted) MarkCompletionDateUnknown(plan);
  if (!p.documents.empty()) plan.part.events.back().data["source_documents"] = p.documents;  // ERC: names only
  if (!p.comment.empty()) planner.AddComment(p.comment);
}

// ERC pages: the dates the source stamped on the action, as published, on every event this rendering causes (a
// re-import whose stamps alone differ causes none).
void AddSourceDates(const ParsedKeyAction& p, StreamPlan& plan) {
  if (p.stamps.empty()) return;
  for (NewEvent& e : plan.part.events) {
    e.data["source_dates"] = SourceStampsToJson(p.stamps);
  }
}

}  // namespace

Result<LoadedAction> FoldLoadedAction(const std::vector<RecordedEvent>& events) {
  LoadedAction out;
  KeyActionState& s = out.current;
  for (const RecordedEvent& e : events) {
    MRTRACK_RETURN_IF_ERROR(ApplyKeyActionEvent(s, e));
    if (e.type == types::kKeyActionAdded) {
      out.imported_description = s.description;
      out.imported_responsible = s.responsible;
      out.imported_deadline = s.deadline;
      out.imported_status = s.status;
    } else if (e.type == types::kKeyActionStatusChanged && MarkedAsImport(e.data, "reason")) {
      out.imported_status = s.status;
    } else if (e.type == types::kKeyActionDeadlineChanged && MarkedAsImport(e.data, "justification")) {
      out.imported_deadline = s.deadline;
    } else if (e.type == types::kKeyActionResponsibleChanged && MarkedAsImport(e.data, "reason")) {
      out.imported_responsible = s.responsible;
    } else if (e.type == types::kKeyActionDescriptionEdited && MarkedAsImport(e.data, "reason")) {
      out.imported_description = s.description;
    } else if (e.type == types::kKeyActionCommentAdded && !s.comments.empty() &&
               s.comments.back().author == kImportAuthor) {
      out.imported_comment = s.comments.back().text;
    }
  }
  return out;
}

StreamPlan PlanAction(const ActionAddress& a, const ParsedKeyAction& p, const LoadedAction* loaded) {
  StreamPlan plan;
  plan.part.stream = ActionStream(a.action_id);
  if (loaded == nullptr) {
    PlanNew(a, p, plan);
    AddSourceDates(p, plan);
    return plan;
  }
  const KeyActionState& c = loaded->current;
  plan.part.expected = ExpectedVersion::Exact(c.version);
  ActionPlanner planner(a, p.line, plan);

  if (!p.description.empty() && p.description != loaded->imported_description) {
    if (p.description != c.description) {
      planner.Add(types::kKeyActionDescriptionEdited,
                  {{"from", c.description}, {"to", p.description}, {"reason", kImportReason}}, "");
    }
  } else if (!p.description.empty() && c.description != p.description) {
    planner.KeptLocal("description", c.description, p.description);
  }

  if (p.responsible.match != "none" && !SameResponsible(p.responsible, loaded->imported_responsible)) {
    if (!SameResponsible(p.responsible, c.responsible)) {
      planner.Add(types::kKeyActionResponsibleChanged,
                  {{"from", ResponsibleToJson(c.responsible)},
                   {"to", ResponsibleToJson(p.responsible)},
                   {"reason", kImportReason}},
                  c.responsible.text + " -> " + p.responsible.text);
    }
  } else if (p.responsible.match != "none" && !SameResponsible(c.responsible, p.responsible)) {
    planner.KeptLocal("responsible", c.responsible.text, p.responsible.text);
  }

  if (p.deadline && !(p.deadline == loaded->imported_deadline)) {
    if (!(p.deadline == c.deadline)) {
      planner.Add(types::kKeyActionDeadlineChanged,
                  {{"from", DeadlineToJson(c.deadline)}, {"to", DeadlineToJson(p.deadline)},
                   {"justification", kImportReason}},
                  DeadlineText(c.deadline) + " -> " + p.deadline->raw);
    }
  } else if (p.deadline && !(c.deadline == p.deadline)) {
    planner.KeptLocal("deadline", DeadlineText(c.deadline), p.deadline->raw);
  }

  if (p.status && *p.status != loaded->imported_status) {
    // A move out of a terminal status needs a reason; the import always gives one.
    if (*p.status != c.status && CheckTransition(c.status, *p.status, kImportReason).ok()) {
      planner.Add(types::kKeyActionStatusChanged,
                  {{"from", StatusLabel(c.status)},
                   {"to", StatusLabel(*p.status)},
                   {"reason", kImportReason},
                   {"status_raw", p.status_raw}},
                  std::string(StatusLabel(c.status)) + " -> " + StatusLabel(*p.status));
      if (*p.status == ActionStatus::kCompleted) MarkCompletionDateUnknown(plan);
    }
  } else if (p.status && c.status != *p.status) {
    planner.KeptLocal("status", StatusLabel(c.status), StatusLabel(*p.status));
  }

  if (!p.comment.empty() && p.comment != loaded->imported_comment) planner.AddComment(p.comment);
  AddSourceDates(p, plan);

  if (p.label != c.label || p.scope != c.scope) {
    plan.warnings.push_back({p.line, a.action_id,
                             "label/scope \"" + p.label + "\"/\"" + p.scope + "\" differ from the stored \"" + c.label +
                                 "\"/\"" + c.scope + "\"; not changed (they are fixed when the action is added)"});
  }
  return plan;
}

}  // namespace mrtrack::events::import
