#include "events/import/import.h"

#include <algorithm>
#include <tuple>

#include "common/crypto.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "events/domain/loading.h"
#include "events/import/csv_format.h"
#include "events/import/evaluation_identity.h"
#include "events/import/gate_parser.h"
#include "events/import/import_plan.h"
#include "events/import/json_format.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

Result<std::string> ChooseEvaluationId(const ParsedEvaluation& parsed, const ImportOptions& options) {
  std::string id = !options.evaluation_id.empty() ? options.evaluation_id
                   : !parsed.evaluation_id.empty() ? parsed.evaluation_id
                                                   : DeriveEvaluationId(parsed.title, parsed.office, parsed.plan_period);
  MRTRACK_RETURN_IF_ERROR(ValidateEvaluationId(id));
  return id;
}

// The parsers only produce configured unit ids; a ParsedEvaluation built elsewhere might not.
Status CheckUnits(const ParsedEvaluation& parsed, const config::Config& config) {
  if (parsed.recommendations.empty()) return InvalidArgument("the document has no recommendation", "recommendations");
  if (parsed.title.empty()) {
    return InvalidArgument("the evaluation has no title: the document states none; give one with --title", "title");
  }
  for (std::size_t r = 0; r < parsed.recommendations.size(); ++r) {
    const auto& actions = parsed.recommendations[r].actions;
    for (std::size_t a = 0; a < actions.size(); ++a) {
      for (const std::string& unit : actions[a].responsible.units) {
        if (config.FindUnit(unit) == nullptr) {
          return InvalidArgument("unknown unit '" + unit + "' (not in the unit directory)",
                                 "recommendations[" + std::to_string(r) + "].actions[" + std::to_string(a) +
                                     "].responsible.units");
        }
      }
    }
  }
  return Status::Ok();
}

// The evaluation's state, or nullopt when it does not exist yet.
Result<std::optional<EvaluationState>> LoadEvaluationIfAny(const EventStore& store, const std::string& id) {
  auto loaded = LoadEvaluation(store, id);
  if (loaded.ok()) return std::optional<EvaluationState>(std::move(*loaded));
  if (loaded.status().code() == StatusCode::kNotFound) return std::optional<EvaluationState>();
  return loaded.status();
}

Result<std::optional<LoadedAction>> LoadActionIfAny(const EventStore& store, const std::string& action_id) {
  auto loaded = LoadKeyActionWithEvents(store, action_id);
  if (!loaded.ok()) {
    if (loaded.status().code() == StatusCode::kNotFound) return std::optional<LoadedAction>();
    return loaded.status();
  }
  MRTRACK_ASSIGN_OR_RETURN(LoadedAction folded, FoldLoadedAction(loaded->events));
  return std::optional<LoadedAction>(std::move(folded));
}

void Collect(StreamPlan&& plan, std::vector<AppendPart>& parts, ImportReport& report) {
  for (auto& c : plan.changes) report.changes.push_back(std::move(c));
  for (auto& w : plan.warnings) report.warnings.push_back(std::move(w));
  if (plan.part.events.empty()) return;
  for (const NewEvent& e : plan.part.events) ++report.events_by_type[e.type];
  report.events_appended += plan.part.events.size();
  parts.push_back(std::move(plan.part));
}

void ReportResponsibles(const ParsedEvaluation& parsed, const std::string& evaluation_id, ImportReport& report) {
  for (std::size_t r = 0; r < parsed.recommendations.size(); ++r) {
    if (!parsed.recommendations[r].category_sentence.empty()) {
      report.category_sentences[static_cast<int>(r + 1)] = parsed.recommendations[r].category_sentence;
    }
    const auto& actions = parsed.recommendations[r].actions;
    for (std::size_t a = 0; a < actions.size(); ++a) {
      const ParsedKeyAction& action = actions[a];
      report.responsible_matches.push_back(
          {ActionId(evaluation_id, static_cast<int>(r + 1), static_cast<int>(a + 1)), action.line,
           std::max(action.line, action.last_line), action.responsible, action.label, action.scope,
           action.description, action.deadline ? action.deadline->raw : "", action.status_raw, action.comment,
           action.stamps, action.documents});
      for (const std::string& part : action.responsible.unmatched) {
        auto& list = report.unmatched_responsibles;
        if (std::find(list.begin(), list.end(), part) == list.end()) list.push_back(part);
      }
    }
  }
}

// A first import of an evaluation that is already in the store under another id: the same title and period
// published by another host with another office attribution. Found by one pass over the log (first imports
// only); says how to import into the existing one instead.
Status WarnAboutSameEvaluation(const EventStore& store, const ParsedEvaluation& parsed, const std::string& id,
                               std::vector<ImportWarning>& warnings) {
  const std::string title = NormaliseForId(parsed.title), period = NormaliseForId(parsed.plan_period);
  return store.Scan(1, [&](const RecordedEvent& e) {
    if (e.type != types::kEvaluationRegistered || !e.data.is_object()) return true;
    std::string other = e.data.value("evaluation_id", "");
    if (other == id || NormaliseForId(e.data.value("title", "")) != title ||
        NormaliseForId(e.data.value("plan_period", "")) != period) {
      return true;
    }
    warnings.push_back({0, "evaluation " + id,
                        "an evaluation with the same title and period exists: " + other + " (office \"" +
                            e.data.value("office", "") + "\"); to record this rendering into it instead of a new "
                            "evaluation, import with --evaluation-id " + other});
    return true;
  });
}

// The options' title, office and period where the document is silent.
void SupplyMissingFields(const ImportOptions& options, ParsedEvaluation& parsed) {
  for (auto [given, field, name] : {std::tuple{&options.title, &parsed.title, "title"},
                                    std::tuple{&options.office, &parsed.office, "office"},
                                    std::tuple{&options.plan_period, &parsed.plan_period, "period"}}) {
    if (given->empty()) continue;
    if (field->empty()) {
      *field = *given;
    } else if (*field != *given) {
      parsed.warnings.push_back({0, "header", std::string("the document gives the ") + name + " \"" + *field +
                                                  "\"; --" + name + " \"" + *given + "\" is not used"});
    }
  }
}

}  // namespace

Result<ImportReport> ImportEvaluation(EventStore& store, const config::Config& config, const ParsedEvaluation& parsed,
                                      const std::string& actor, const ImportOptions& options) {
  if (actor.empty()) return InvalidArgument("an import needs an actor", "actor");
  MRTRACK_RETURN_IF_ERROR(CheckUnits(parsed, config));
  MRTRACK_ASSIGN_OR_RETURN(std::string evaluation_id, ChooseEvaluationId(parsed, options));

  ImportReport report;
  report.evaluation_id = evaluation_id;
  report.dry_run = options.dry_run;
  report.recommendations = parsed.recommendations.size();
  report.key_actions = parsed.ActionCount();
  report.correlation_id = options.correlation_id.empty() ? RandomUuid() : options.correlation_id;
  report.warnings = parsed.warnings;
  ReportResponsibles(parsed, evaluation_id, report);

  MRTRACK_ASSIGN_OR_RETURN(std::optional<EvaluationState> evaluation, LoadEvaluationIfAny(store, evaluation_id));
  report.created = !evaluation.has_value();
  if (report.created) MRTRACK_RETURN_IF_ERROR(WarnAboutSameEvaluation(store, parsed, evaluation_id, report.warnings));
  std::vector<AppendPart> parts;
  Collect(PlanEvaluation(evaluation_id, parsed, evaluation ? &*evaluation : nullptr), parts, report);

  for (std::size_t r = 0; r < parsed.recommendations.size(); ++r) {
    const auto& actions = parsed.recommendations[r].actions;
    const int rec_number = static_cast<int>(r + 1);
    for (std::size_t a = 0; a < actions.size(); ++a) {
      ActionAddress address{evaluation_id, RecommendationId(evaluation_id, rec_number),
                            ActionId(evaluation_id, rec_number, static_cast<int>(a + 1)), static_cast<int>(a + 1)};
      MRTRACK_ASSIGN_OR_RETURN(std::optional<LoadedAction> loaded, LoadActionIfAny(store, address.action_id));
      Collect(PlanAction(address, actions[a], loaded ? &*loaded : nullptr), parts, report);
    }
    // Actions are numbered by position: one more in the store means the document has fewer.
    std::string next = ActionId(evaluation_id, rec_number, static_cast<int>(actions.size() + 1));
    if (store.StreamVersion(ActionStream(next)) > 0) {
      report.warnings.push_back({0, next, "key action is in the store but not in this document; left unchanged"});
    }
  }

  if (parts.empty() || options.dry_run) return report;
  for (AppendPart& part : parts) {
    for (NewEvent& e : part.events) {
      e.actor = actor;
      e.correlation_id = report.correlation_id;
    }
  }
  auto appended = store.Append(std::move(parts));
  if (!appended.ok()) {
    return appended.status().WithContext("import of evaluation " + evaluation_id + " wrote nothing");
  }
  if (!appended->positions.empty()) {
    report.first_position = *std::min_element(appended->positions.begin(), appended->positions.end());
    report.last_position = *std::max_element(appended->positions.begin(), appended->positions.end());
  }
  return report;
}

Result<ImportReport> ImportDocument(EventStore& store, const config::Config& config, std::string_view body,
                                    ImportFormat format, const std::string& actor, const ImportOptions& options) {
  Result<ParsedEvaluation> parsed = format == ImportFormat::kJson  ? ParseEvaluationJson(body, config)
                                    : format == ImportFormat::kCsv ? ParseEvaluationCsv(body, config, options.csv_columns)
                                                                   : ParseGateText(body, config);
  if (!parsed.ok()) return parsed.status();
  SupplyMissingFields(options, *parsed);
  return ImportEvaluation(store, config, *parsed, actor, options);
}

}  // namespace mrtrack::events::import
