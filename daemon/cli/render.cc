#include "daemon/cli/render.h"

#include <cstdio>
#include <string>

#include "daemon/cli/text_table.h"

namespace mrtrack::cli {
namespace {

using nlohmann::json;

// A field as text: strings as they are, null/absent as "", numbers and others dumped.
std::string Text(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "";
  const json& v = j[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string Join(const json& arr, const char* sep = ", ") {
  std::string out;
  if (!arr.is_array()) return out;
  for (const auto& v : arr) {
    if (!out.empty()) out += sep;
    out += v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

std::string Units(const json& action) {
  const json& r = action.value("responsible", json::object());
  std::string units = Join(r.value("units", json::array()), ",");
  std::string unmatched = Join(r.value("unmatched", json::array()), ",");
  if (!unmatched.empty()) units += (units.empty() ? "" : ",") + std::string("?") + unmatched;
  return units;
}

std::string Deadline(const json& action) {
  const json& d = action.value("deadline", json());
  return d.is_object() ? Text(d, "date") : "-";
}

std::string Rate(const json& v) {
  if (!v.is_number()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", v.get<double>() * 100.0);
  return buf;
}

}  // namespace

// The actions as read, one row each, with the source lines and how the responsible was matched: what a focal
// point checks against the published page before writing (printed for a dry run).
void RenderImportActions(const json& r, std::ostream& out) {
  TextTable t({"ACTION", "LINES", "LABEL", "DESCRIPTION", "RESPONSIBLE", "UNITS", "MATCH", "DEADLINE", "STATUS"},
              {0, 0, 0, 40, 30, 24, 0, 0, 20});
  for (const auto& a : r.value("actions", json::array())) {
    std::string id = Text(a, "action_id");
    std::size_t cut = id.rfind("-r");
    std::string lines = "-";
    if (a.value("lines", json()).is_array() && a["lines"].size() == 2) {
      int first = a["lines"][0].get<int>(), last = a["lines"][1].get<int>();
      lines = first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
    }
    std::string label = Text(a, "label");
    if (!Text(a, "scope").empty()) label += (label.empty() ? "" : " ") + Text(a, "scope") + ":";
    t.AddRow({cut == std::string::npos ? id : id.substr(cut + 1), lines, label, Text(a, "description"),
              Text(a, "responsible"), Join(a.value("units", json::array()), ","), Text(a, "match"),
              Text(a, "deadline").empty() ? "-" : Text(a, "deadline"),
              Text(a, "status").empty() ? "-" : Text(a, "status")});
  }
  t.Print(out);
}

void RenderImportReport(const json& r, std::ostream& out) {
  bool dry_run = r.value("dry_run", false);
  out << (dry_run ? "dry run: " : "") << "evaluation " << Text(r, "evaluation_id") << ": "
      << Text(r, "recommendations") << " recommendations, " << Text(r, "key_actions") << " key actions, "
      << Text(r, "events_appended") << (dry_run ? " events to append" : " events appended");
  if (r.value("events_appended", 0) > 0 && r.contains("first_position")) {
    out << " (positions " << Text(r, "first_position") << "-" << Text(r, "last_position") << ")";
  }
  out << "\n";
  if (dry_run) RenderImportActions(r, out);
  for (const auto& c : r.value("changes", json::array())) out << "  " << c.get<std::string>() << "\n";
  for (const auto& u : r.value("unmatched_responsibles", json::array())) {
    out << "  unmatched responsible: " << u.get<std::string>() << "\n";
  }
  for (const auto& c : r.value("categories_inferred", json::array())) {
    out << "  category of recommendation " << Text(c, "recommendation") << " inferred from: \"" << Text(c, "sentence")
        << "\"\n";
  }
  for (const auto& w : r.value("warnings", json::array())) {
    std::string line = Text(w, "line");
    out << "  warning" << (line.empty() ? "" : " (line " + line + ")") << " " << Text(w, "where") << ": "
        << Text(w, "message") << "\n";
  }
}

void RenderActionPage(const json& page, std::ostream& out) {
  TextTable t({"ACTION", "UNITS", "DEADLINE", "STATUS", "OVERDUE", "DESCRIPTION"}, {0, 32, 0, 0, 0, 60});
  for (const auto& a : page.value("items", json::array())) {
    std::string overdue = a.value("overdue", false) ? std::to_string(a.value("days_overdue", 0)) + "d" : "";
    t.AddRow({Text(a, "action_id"), Units(a), Deadline(a), Text(a, "status"), overdue, Text(a, "description")});
  }
  t.Print(out);
  out << page.value("items", json::array()).size() << " of " << Text(page, "total") << " actions";
  if (page.contains("position")) out << " (log position " << Text(page, "position") << ")";
  out << "\n";
}

void RenderAction(const json& a, std::ostream& out) {
  out << "action       " << Text(a, "action_id") << "  (version " << Text(a, "version") << ")\n";
  out << "evaluation   " << Text(a, "evaluation_id") << "  " << Text(a, "evaluation_title") << "\n";
  out << "recommend.   " << Text(a, "recommendation_number") << ". " << Text(a, "recommendation_text") << "\n";
  if (!Text(a, "label").empty() || !Text(a, "scope").empty()) {
    out << "label/scope  " << Text(a, "label") << " " << Text(a, "scope") << "\n";
  }
  out << "description  " << Text(a, "description") << "\n";
  const json& r = a.value("responsible", json::object());
  out << "responsible  " << Text(r, "text") << "  [" << Units(a) << "; " << Text(r, "match") << "]\n";
  out << "deadline     " << Deadline(a);
  if (a.value("deadline", json()).is_object()) out << " (" << Text(a["deadline"], "raw") << ")";
  out << "\n";
  out << "status       " << Text(a, "status");
  if (Text(a, "status_raw") != Text(a, "status") && !Text(a, "status_raw").empty()) out << " (published as \"" << Text(a, "status_raw") << "\")";
  if (a.value("overdue", false)) out << "  OVERDUE by " << Text(a, "days_overdue") << " days";
  out << "\n";
  out << "updated      " << Text(a, "updated_at") << "\n";
  const json comments = a.value("comments", json::array());
  for (const auto& c : comments) {
    out << "comment      " << Text(c, "at") << " " << Text(c, "author") << ": " << Text(c, "text") << "\n";
  }
  const std::size_t count = a.value("comment_count", std::size_t{0});
  if (count > comments.size()) {
    out << "comments     the last " << comments.size() << " of " << count << " shown; all: mrtrack comments "
        << Text(a, "action_id") << "\n";
  }
}

void RenderComments(const json& page, std::ostream& out) {
  for (const auto& c : page.value("items", json::array())) {
    out << Text(c, "at") << " " << Text(c, "author") << ": " << Text(c, "text") << "\n";
  }
  const std::size_t shown = page.value("items", json::array()).size();
  const std::size_t offset = page.value("offset", std::size_t{0});
  out << "comments " << (shown == 0 ? offset : offset + 1) << "-" << offset + shown << " of "
      << Text(page, "total") << " (log position " << Text(page, "position") << ")\n";
}

void RenderCommandResult(const json& r, std::ostream& out) {
  const json& e = r.value("event", json::object());
  if (r.value("deduplicated", false)) out << "already recorded: ";
  out << Text(e, "type") << " at position " << Text(e, "position") << ", action version " << Text(e, "version") << "\n";
  if (r.contains("action")) RenderAction(r["action"], out);
}

void RenderHistory(const json& h, std::ostream& out) {
  TextTable t({"POS", "RECORDED", "ACTOR", "TYPE", "CHANGE"}, {0, 0, 20, 0, 80});
  for (const auto& item : h.value("items", json::array())) {
    std::string change = Text(item, "summary");
    json changes = item.value("changes", json::object());  // a local: items() must not outlive it
    if (!changes.is_object()) changes = json::object();
    for (const auto& [field, ft] : changes.items()) {
      auto show = [](const json& v) { return v.is_null() ? std::string("-") : v.is_string() ? v.get<std::string>() : v.dump(); };
      change += (change.empty() ? "" : "; ") + field + ": " + show(ft.value("from", json())) + " -> " + show(ft.value("to", json()));
    }
    t.AddRow({Text(item, "position"), Text(item, "recorded_at"), Text(item, "actor"), Text(item, "type"), change});
  }
  t.Print(out);
}

void RenderSummaries(const json& s, std::ostream& out) {
  TextTable t({"UNIT/EVALUATION", "TOTAL", "NOT INIT", "INIT", "ONGOING", "DONE", "N/A", "OVERDUE", "IMPL", "CLOSURE", "AVG LATE"},
              {40});
  for (const auto& i : s.value("items", json::array())) {
    std::string who = i.contains("unit") ? Text(i, "unit") : Text(i, "evaluation_id");
    if (who.empty()) who = "(no unit)";
    const json& b = i.value("by_status", json::object());
    std::string late = i.value("average_days_late", json()).is_number() ? Text(i, "average_days_late") : "-";
    t.AddRow({who, Text(i, "total"), Text(b, "Not Initiated"), Text(b, "Initiated"), Text(b, "Ongoing"), Text(b, "Completed"),
              Text(b, "No Longer Applicable"), Text(i, "overdue"), Rate(i.value("implementation_rate", json())),
              Rate(i.value("closure_rate", json())), late});
  }
  t.Print(out);
  if (s.contains("period_from")) out << "closure period " << Text(s, "period_from") << " to " << Text(s, "period_to") << "\n";
}

void RenderVerify(const json& r, std::ostream& out) {
  if (r.value("ok", false)) {
    out << "ok: " << Text(r, "events_checked") << " events, chain head " << Text(r, "head") << ", "
        << Text(r, "evidence_checked") << " evidence citations\n";
    return;
  }
  if (r.value("first_bad_position", 0) != 0) {
    out << "FAILED at position " << Text(r, "first_bad_position") << ": " << Text(r, "problem") << "\n";
  }
  for (const auto& p : r.value("evidence_problems", json::array())) {
    out << "FAILED evidence cited at position " << Text(p, "position") << " (" << Text(p, "type") << ", event "
        << Text(p, "event_id") << "): " << Text(p, "problem") << "\n";
  }
}

void RenderReminderPreview(const json& p, std::ostream& out) {
  const json& messages = p.value("messages", json::array());
  out << messages.size() << (messages.size() == 1 ? " message" : " messages")
      << (p.value("whole_day", true) ? " scheduled on " + Text(p, "day") : " due at " + Text(p, "at")) << " ("
      << Text(p, "time_zone") << "); nothing is sent\n";
  for (const auto& m : messages) {
    out << "\n== " << Text(m, "kind") << " " << Text(m, "message_id") << " to " << Text(m, "unit") << " via "
        << Text(m, "channel") << " (" << Text(m, "recipient") << "), due " << Text(m, "due_at") << "\n";
    if (!Text(m, "subject").empty()) out << "Subject: " << Text(m, "subject") << "\n";
    out << "Reminders: " << Join(m.value("reminder_ids", json::array())) << "\n\n";
    std::string text = Text(m, "text");
    out << text << (text.empty() || text.back() == '\n' ? "" : "\n");
  }
}

void RenderActionReminders(const json& r, std::ostream& out) {
  TextTable t({"DUE", "UNIT", "RULE", "CHANNEL", "RECIPIENT", "STATE", "TRIES", "DELIVERED", "MESSAGE", "NOTE"},
              {0, 0, 0, 0, 32, 0, 0, 0, 0, 40});
  for (const auto& item : r.value("items", json::array())) {
    const std::string s = Text(item, "state");
    const bool sent_late = item.value("late", false) && (s == "delivered" || s == "pending");
    std::string state = s + (sent_late ? " (late)" : "");
    t.AddRow({Text(item, "due_at"), Text(item, "unit"), Text(item, "rule"), Text(item, "channel"), Text(item, "recipient"),
              state, Text(item, "attempts"), Text(item, "delivered_at"), Text(item, "message_id"), Text(item, "note")});
  }
  t.Print(out);
  out << r.value("items", json::array()).size() << " reminders of " << Text(r, "action_id") << " (log position "
      << Text(r, "position") << ")\n";
}

void RenderRetry(const json& r, std::ostream& out) {
  for (const auto& id : r.value("reminder_ids", json::array())) out << id.get<std::string>() << "\n";
  const std::size_t n = r.value("requeued", std::size_t{0});
  out << n << " parked reminder" << (n == 1 ? "" : "s") << " queued again";
  if (r.contains("channel")) out << " (channel " << Text(r, "channel") << ")";
  if (r.contains("since")) out << " (parked since " << Text(r, "since") << ")";
  if (n > 0) out << "; delivered " << Text(r, "delivery");
  out << "\n";
}

}  // namespace mrtrack::cli
