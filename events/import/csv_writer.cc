// EvaluationToCsv (csv_format.h): the spreadsheet form of a parsed
// evaluation, which ParseEvaluationCsv reads back to the same values.
#include <string>

#include "events/import/csv_format.h"

namespace mrtrack::events::import {
namespace {

std::string Quoted(const std::string& field) {
  bool needs = field.find_first_of(",;\"\r\n") != std::string::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ", ") + t;
  return out;
}

std::string Row(std::initializer_list<std::string> fields) {
  std::string out;
  for (const std::string& f : fields) out += (out.empty() ? "" : ",") + Quoted(f);
  return out + "\r\n";
}

}  // namespace

std::string EvaluationToCsv(const ParsedEvaluation& e) {
  std::string out = Row({"Evaluation", "Office", "Period", "Region", "Recommendation", "Response", "Category",
                         "Thematic Area", "Operating Principles", "Organizational Priorities", "UNEG Criteria",
                         "Key Action", "Responsible", "Deadline", "Status", "Comment"});
  for (const ParsedRecommendation& r : e.recommendations) {
    const ManagementResponse& m = r.response;
    auto row = [&](const std::string& action, const std::string& responsible, const std::string& deadline,
                   const std::string& status, const std::string& comment) {
      out += Row({e.title, e.office, e.plan_period, e.region, r.text, m.text, m.category_raw, Tags(m.thematic_areas),
                  Tags(m.operating_principles), Tags(m.organizational_priorities), Tags(m.uneg_criteria), action,
                  responsible, deadline, status, comment});
    };
    if (r.actions.empty()) row("", "", "", "", "");
    for (const ParsedKeyAction& a : r.actions) {
      std::string action = a.description;
      if (!a.scope.empty()) action = a.scope + ": " + action;
      if (!a.label.empty()) action = a.label + ". " + action;
      row(action, a.responsible.text, a.deadline ? a.deadline->raw : "", a.status_raw, a.comment);
    }
  }
  return out;
}

}  // namespace mrtrack::events::import
