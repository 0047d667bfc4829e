// The evaluation stream of an import: EvaluationRegistered, RecommendationAdded
// and ManagementResponseRecorded the first time; EvaluationUpdated,
// RecommendationEdited and ManagementResponseRecorded for what changed later.
#include "events/import/import_plan.h"

#include "events/domain/event_types.h"
#include "events/domain/ids.h"

namespace mrtrack::events::import {
namespace {

// The dates the source stamped on the item (ERC pages), kept as published.
void AddSourceDates(NewEvent& e, const SourceStamps& stamps) {
  if (!stamps.empty()) e.data["source_dates"] = SourceStampsToJson(stamps);
}

NewEvent Event(const char* type, nlohmann::json data) {
  NewEvent e;
  e.type = type;
  e.data = std::move(data);
  return e;
}

nlohmann::json ResponseData(const std::string& evaluation_id, const std::string& recommendation_id,
                            const ManagementResponse& r) {
  nlohmann::json data = ManagementResponseToJson(r);
  data["evaluation_id"] = evaluation_id;
  data["recommendation_id"] = recommendation_id;
  return data;
}

// The spelling of the category ("accepted" vs "Accepted") is not a change of the response.
bool SameResponse(const ManagementResponse& a, const ManagementResponse& b) {
  return a.text == b.text && a.category == b.category && a.category_inferred == b.category_inferred &&
         a.thematic_areas == b.thematic_areas && a.operating_principles == b.operating_principles &&
         a.organizational_priorities == b.organizational_priorities && a.uneg_criteria == b.uneg_criteria;
}

void AddRecommendation(StreamPlan& plan, const std::string& evaluation_id, int number,
                       const ParsedRecommendation& rec) {
  std::string id = RecommendationId(evaluation_id, number);
  plan.part.events.push_back(Event(types::kRecommendationAdded, {{"evaluation_id", evaluation_id},
                                                                 {"recommendation_id", id},
                                                                 {"number", number},
                                                                 {"text", rec.text}}));
  plan.changes.push_back(std::string(types::kRecommendationAdded) + " " + id);
  plan.part.events.push_back(Event(types::kManagementResponseRecorded, ResponseData(evaluation_id, id, rec.response)));
  AddSourceDates(plan.part.events.back(), rec.response_stamps);
  plan.changes.push_back(std::string(types::kManagementResponseRecorded) + " " + id);
}

void Register(StreamPlan& plan, const std::string& evaluation_id, const ParsedEvaluation& p) {
  plan.part.expected = ExpectedVersion::NoStream();
  plan.part.events.push_back(Event(types::kEvaluationRegistered,
                                   {{"evaluation_id", evaluation_id},
                                    {"title", p.title},
                                    {"office", p.office},
                                    {"region", p.region},
                                    {"plan_period", p.plan_period},
                                    {"office_type", p.office_type},
                                    {"approval_status", p.approval_status},
                                    {"overall_response", p.overall_response},
                                    {"source", {{"format", p.source_format}, {"sha256", p.source_sha256}}}}));
  if (!p.source_fields.empty()) plan.part.events.back().data["source_fields"] = p.source_fields;  // ERC header
  plan.changes.push_back(std::string(types::kEvaluationRegistered) + " " + evaluation_id);
  for (std::size_t i = 0; i < p.recommendations.size(); ++i) {
    AddRecommendation(plan, evaluation_id, static_cast<int>(i + 1), p.recommendations[i]);
  }
}

// Header fields that differ; an empty published value is "not stated" and changes nothing.
nlohmann::json HeaderChanges(const ParsedEvaluation& p, const EvaluationState& s) {
  const std::pair<const char*, std::pair<const std::string*, const std::string*>> fields[] = {
      {"title", {&p.title, &s.title}},
      {"office", {&p.office, &s.office}},
      {"region", {&p.region, &s.region}},
      {"plan_period", {&p.plan_period, &s.plan_period}},
      {"office_type", {&p.office_type, &s.office_type}},
      {"approval_status", {&p.approval_status, &s.approval_status}},
      {"overall_response", {&p.overall_response, &s.overall_response}},
  };
  nlohmann::json changes = nlohmann::json::object();
  for (const auto& [name, values] : fields) {
    const auto& [published, stored] = values;
    if (!published->empty() && *published != *stored) changes[name] = {{"from", *stored}, {"to", *published}};
  }
  return changes;
}

}  // namespace

StreamPlan PlanEvaluation(const std::string& evaluation_id, const ParsedEvaluation& parsed,
                          const EvaluationState* current) {
  StreamPlan plan;
  plan.part.stream = EvaluationStream(evaluation_id);
  if (current == nullptr) {
    Register(plan, evaluation_id, parsed);
    return plan;
  }
  plan.part.expected = ExpectedVersion::Exact(current->version);
  nlohmann::json changes = HeaderChanges(parsed, *current);
  if (!changes.empty()) {
    std::string fields;
    for (const auto& item : changes.items()) fields += (fields.empty() ? "" : ", ") + item.key();
    changes["source"] = {{"from", {{"format", current->source_format}, {"sha256", current->source_sha256}}},
                         {"to", {{"format", parsed.source_format}, {"sha256", parsed.source_sha256}}}};
    plan.part.events.push_back(
        Event(types::kEvaluationUpdated, {{"evaluation_id", evaluation_id}, {"changes", std::move(changes)}}));
    plan.changes.push_back(std::string(types::kEvaluationUpdated) + " " + evaluation_id + ": " + fields);
  }
  for (std::size_t i = 0; i < parsed.recommendations.size(); ++i) {
    const int number = static_cast<int>(i + 1);
    const ParsedRecommendation& rec = parsed.recommendations[i];
    const std::string id = RecommendationId(evaluation_id, number);
    const Recommendation* stored = current->FindRecommendation(id);
    if (stored == nullptr) {
      AddRecommendation(plan, evaluation_id, number, rec);
      continue;
    }
    if (stored->text != rec.text) {
      plan.part.events.push_back(Event(types::kRecommendationEdited, {{"evaluation_id", evaluation_id},
                                                                      {"recommendation_id", id},
                                                                      {"from", stored->text},
                                                                      {"to", rec.text}}));
      plan.changes.push_back(std::string(types::kRecommendationEdited) + " " + id);
    }
    if (!SameResponse(stored->response, rec.response)) {
      plan.part.events.push_back(Event(types::kManagementResponseRecorded, ResponseData(evaluation_id, id, rec.response)));
      AddSourceDates(plan.part.events.back(), rec.response_stamps);
      plan.changes.push_back(std::string(types::kManagementResponseRecorded) + " " + id);
    }
  }
  for (const Recommendation& stored : current->recommendations) {
    if (stored.number > static_cast<int>(parsed.recommendations.size())) {
      plan.warnings.push_back({0, stored.recommendation_id,
                               "recommendation " + std::to_string(stored.number) +
                                   " is in the store but not in this document; left unchanged"});
    }
  }
  return plan;
}

}  // namespace mrtrack::events::import
