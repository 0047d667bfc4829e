#include "notifier/facts_from_projections.h"

namespace mrtrack::notifier {

std::vector<ActionFacts> FactsFromModel(const projections::ViewModel& model) {
  std::vector<ActionFacts> out;
  out.reserve(model.actions().size());
  for (const auto& [id, a] : model.actions()) {
    if (!a.exists) continue;
    ActionFacts f;
    f.action_id = a.action_id;
    f.evaluation_id = a.evaluation_id;
    if (const auto* ev = model.FindEvaluation(a.evaluation_id)) f.evaluation_title = ev->title;
    if (const auto* rec = model.FindRecommendation(a)) f.recommendation_number = rec->number;
    f.action_number = a.number;
    f.created_at = a.created_at;
    f.updated_at = a.updated_at;
    f.version = static_cast<int>(a.version);
    f.label = a.label;
    f.description = a.description;
    f.units = a.responsible.units;
    if (a.deadline) f.deadline = a.deadline->date;
    f.status = a.status;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace mrtrack::notifier
