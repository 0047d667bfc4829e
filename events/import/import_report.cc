// ImportReportToJson: the report in the shape of docs/API.md "Imports".
#include "events/import/import.h"

namespace mrtrack::events::import {

nlohmann::json ImportReportToJson(const ImportReport& r) {
  nlohmann::json matches = nlohmann::json::array();
  nlohmann::json actions = nlohmann::json::array();
  for (const auto& m : r.responsible_matches) {
    nlohmann::json j = ResponsibleToJson(m.responsible);
    j["action_id"] = m.action_id;
    if (m.line > 0) j["line"] = m.line;
    matches.push_back(std::move(j));
    nlohmann::json a = {{"action_id", m.action_id},      {"label", m.label},       {"scope", m.scope},
                        {"description", m.description},  {"responsible", m.responsible.text},
                        {"units", m.responsible.units},  {"match", m.responsible.match},
                        {"deadline", m.deadline},        {"status", m.status},     {"comment", m.comment}};
    a["lines"] = m.line > 0 ? nlohmann::json({m.line, m.last_line}) : nlohmann::json(nullptr);
    if (!m.stamps.empty()) a["source_dates"] = SourceStampsToJson(m.stamps);
    if (!m.documents.empty()) a["documents"] = m.documents;
    actions.push_back(std::move(a));
  }
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& [number, sentence] : r.category_sentences) {
    categories.push_back({{"recommendation", number}, {"sentence", sentence}});
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : r.warnings) {
    nlohmann::json j = {{"message", w.message}, {"where", w.where}};
    j["line"] = w.line > 0 ? nlohmann::json(w.line) : nlohmann::json(nullptr);
    warnings.push_back(std::move(j));
  }
  nlohmann::json out = {{"evaluation_id", r.evaluation_id},
                        {"dry_run", r.dry_run},
                        {"created", r.created},
                        {"recommendations", r.recommendations},
                        {"key_actions", r.key_actions},
                        {"events_appended", r.events_appended},
                        {"events_by_type", r.events_by_type},
                        {"correlation_id", r.correlation_id},
                        {"changes", r.changes},
                        {"responsible_matches", std::move(matches)},
                        {"actions", std::move(actions)},
                        {"categories_inferred", std::move(categories)},
                        {"unmatched_responsibles", r.unmatched_responsibles},
                        {"warnings", std::move(warnings)}};
  if (r.last_position > 0) {
    out["first_position"] = r.first_position;
    out["last_position"] = r.last_position;
  }
  return out;
}

}  // namespace mrtrack::events::import
