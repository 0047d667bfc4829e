#include "events/import/json_format.h"

#include <algorithm>

#include "common/crypto.h"
#include "common/json_depth.h"
#include "common/message_text.h"
#include "events/import/key_action_fields.h"
#include "events/import/key_action_line.h"
#include "events/import/json_reader.h"
#include "events/import/response_fields.h"
#include "events/import/responsible_matcher.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

using json_internal::ExpectObject;
using json_internal::JsonObjectReader;

// "line N" of a byte offset, for malformed JSON.
std::string LineOf(std::string_view text, std::size_t byte) {
  byte = std::min(byte, text.size());
  return "line " + std::to_string(1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
}

Responsible ReadResponsible(const nlohmann::json* value, const std::string& pointer, const ResponsibleMatcher& matcher,
                            const config::Config& config, Status& status) {
  if (value == nullptr) return matcher.MatchText("", "none");
  if (value->is_string()) return matcher.MatchText(CleanLine(value->get<std::string>()), "column");
  if (!ExpectObject(*value, pointer, status)) return {};
  JsonObjectReader r(*value, pointer, status);
  Responsible out;
  out.match = "manual";
  out.text = CleanLine(r.String("text"));
  std::vector<std::string> names;
  const nlohmann::json* units = r.Child("units");
  if (units == nullptr || !units->is_array() || units->empty()) {
    r.Fail("units", "expected a non-empty list of unit ids");
  } else {
    for (std::size_t i = 0; i < units->size() && status.ok(); ++i) {
      const nlohmann::json& id = (*units)[i];
      const config::Unit* unit = id.is_string() ? config.FindUnit(id.get<std::string>()) : nullptr;
      if (unit == nullptr) {
        r.Fail("units/" + std::to_string(i),
               id.is_string() ? "unknown unit " + MessageValue(id.get<std::string>()) + " (not in the unit directory)"
                              : std::string("expected a unit id (a string), got ") + id.type_name());
      } else if (std::find(out.units.begin(), out.units.end(), unit->id) == out.units.end()) {
        out.units.push_back(unit->id);
        names.push_back(unit->name.empty() ? unit->id : unit->name);
      }
    }
  }
  r.Finish();
  if (out.text.empty()) {
    for (const auto& name : names) out.text += (out.text.empty() ? "" : ", ") + name;
  }
  return out;
}

ParsedKeyAction ReadAction(const nlohmann::json& value, const std::string& pointer, const ResponsibleMatcher& matcher,
                           const config::Config& config, Status& status) {
  ParsedKeyAction a;
  if (!ExpectObject(value, pointer, status)) return a;
  JsonObjectReader r(value, pointer, status);
  a.label = CleanLine(r.String("label"));
  a.scope = CleanLine(r.String("scope"));
  a.description = CleanText(r.String("description", /*required=*/true));
  if (a.label.empty() && a.scope.empty()) {  // "1.1. KAZ: ..." written into the description
    DescriptionPrefix prefix = SplitDescriptionPrefix(a.description);
    a.label = prefix.label;
    a.scope = prefix.scope;
    a.description = prefix.rest;
  }
  a.responsible = ReadResponsible(r.Child("responsible"), r.PointerTo("responsible"), matcher, config, status);
  if (auto deadline = r.OptionalString("deadline"); deadline && !Trim(*deadline).empty()) {
    auto parsed = ParseDeadline(*deadline);
    if (parsed.ok()) {
      a.deadline = *parsed;
    } else {
      r.Fail("deadline", "impossible deadline: " + parsed.status().message());
    }
  }
  if (auto label = r.OptionalString("status"); label && !Trim(*label).empty()) {
    a.status_raw = CleanLine(*label);
    a.status = ParseLegacyStatus(a.status_raw);
    if (!a.status) {
      r.Fail("status", "unknown status label " + MessageValue(a.status_raw) +
                           " (expected Not Initiated, Initiated, Ongoing, Completed, No Longer Applicable"
                           " or a legacy label such as \"Over due\")");
    }
  }
  a.comment = CleanText(r.OptionalString("comment").value_or(""));
  r.Finish();
  return a;
}

ParsedRecommendation ReadRecommendation(const nlohmann::json& value, const std::string& pointer,
                                        const ResponsibleMatcher& matcher, const config::Config& config,
                                        Status& status, std::vector<ImportWarning>& warnings) {
  ParsedRecommendation rec;
  if (!ExpectObject(value, pointer, status)) return rec;
  JsonObjectReader r(value, pointer, status);
  rec.text = CleanText(r.String("text", /*required=*/true));
  if (const nlohmann::json* response = r.Child("response"); response != nullptr) {
    std::string rp = r.PointerTo("response");
    if (ExpectObject(*response, rp, status)) {
      JsonObjectReader rr(*response, rp, status);
      ManagementResponse& m = rec.response;
      m.text = CleanText(rr.String("text"));
      m.category_raw = CleanLine(rr.String("category"));
      if (auto category = NormaliseCategory(m.category_raw)) {
        m.category = *category;
      } else {  // as in GATE texts: kept as published, reported
        warnings.push_back({0, rp + "/category",
                            "unknown management response category " + MessageValue(m.category_raw) +
                                "; kept as published, category left blank"});
      }
      m.thematic_areas = rr.Tags("thematic_areas");
      m.operating_principles = rr.Tags("operating_principles");
      m.organizational_priorities = rr.Tags("organizational_priorities");
      m.uneg_criteria = rr.Tags("uneg_criteria");
      rr.Finish();
      if (m.category.empty()) {
        m.category_inferred = InferCategory(m.text);
        warnings.push_back({0, rp, m.category_inferred.empty()
                                       ? "category blank and not stated in the response text"
                                       : "category blank; \"" + m.category_inferred + "\" inferred from the response text"});
      }
    }
  }
  if (const nlohmann::json* actions = r.Child("key_actions"); actions != nullptr) {
    std::string ap = r.PointerTo("key_actions");
    if (!actions->is_array()) {
      r.Fail("key_actions", std::string("expected a list, got ") + actions->type_name());
    } else {
      for (std::size_t i = 0; i < actions->size() && status.ok(); ++i) {
        std::string where = ap + "/" + std::to_string(i);
        rec.actions.push_back(ReadAction((*actions)[i], where, matcher, config, status));
        if (status.ok()) WarnAboutAction(rec.actions.back(), where, warnings);
      }
    }
  }
  r.Finish();
  return rec;
}

}  // namespace

Result<ParsedEvaluation> ParseEvaluationJson(std::string_view text, const config::Config& config) {
  // Before parsing: a deeper document would make the value's copies, dumps
  // and destructor recurse past the stack.
  MRTRACK_RETURN_IF_ERROR(CheckJsonDepth(text, JsonPathStyle::kPointer));
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // what() quotes the token it stopped at, which may be a whole long string.
    return InvalidArgument("malformed JSON: " + MessageValue(e.what(), '\0', 200), LineOf(text, e.byte));
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument("malformed JSON: " + MessageValue(e.what(), '\0', 200), "line 1");
  }
  Status status;
  if (!ExpectObject(doc, "/", status)) return status;
  ParsedEvaluation out;
  out.source_format = "json";
  out.source_sha256 = HexEncode(Sha256(text));
  ResponsibleMatcher matcher(config.units);
  JsonObjectReader root(doc, "", status);
  if (auto format = root.OptionalString("format"); format && *format != kJsonFormatName) {
    root.Fail("format", "expected \"" + std::string(kJsonFormatName) + "\", got " + MessageValue(*format));
  }
  if (auto version = root.Int("version"); version && *version != 1) {
    root.Fail("version", "unsupported version " + std::to_string(*version) + " (this reader knows version 1)");
  }
  out.evaluation_id = root.String("evaluation_id");
  const nlohmann::json* evaluation = root.Child("evaluation");
  if (evaluation == nullptr) root.Fail("evaluation", "required");
  if (evaluation != nullptr && ExpectObject(*evaluation, "/evaluation", status)) {
    JsonObjectReader e(*evaluation, "/evaluation", status);
    out.title = CleanLine(e.String("title", /*required=*/true));
    out.office = CleanLine(e.String("office", /*required=*/true));
    out.plan_period = CleanLine(e.String("plan_period"));
    out.office_type = CleanLine(e.String("office_type"));
    out.region = CleanLine(e.String("region"));
    out.approval_status = CleanLine(e.String("approval_status"));
    out.overall_response = CleanText(e.String("overall_response"));
    e.Finish();
  }
  const nlohmann::json* recs = root.Child("recommendations");
  if (status.ok() && (recs == nullptr || !recs->is_array() || recs->empty())) {
    root.Fail("recommendations", "expected a non-empty list of recommendations");
  }
  for (std::size_t i = 0; status.ok() && i < recs->size(); ++i) {
    out.recommendations.push_back(
        ReadRecommendation((*recs)[i], "/recommendations/" + std::to_string(i), matcher, config, status, out.warnings));
  }
  root.Finish();
  if (!status.ok()) return status;
  return out;
}

nlohmann::json EvaluationToJson(const ParsedEvaluation& e) {
  nlohmann::json recs = nlohmann::json::array();
  for (const auto& rec : e.recommendations) {
    nlohmann::json actions = nlohmann::json::array();
    for (const auto& a : rec.actions) {
      nlohmann::json j = {{"description", a.description}};
      if (!a.label.empty()) j["label"] = a.label;
      if (!a.scope.empty()) j["scope"] = a.scope;
      j["responsible"] = a.responsible.text.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.responsible.text);
      j["deadline"] = a.deadline ? nlohmann::json(a.deadline->raw) : nlohmann::json(nullptr);
      j["status"] = a.status ? nlohmann::json(a.status_raw.empty() ? StatusLabel(*a.status) : a.status_raw)
                             : nlohmann::json(nullptr);
      j["comment"] = a.comment;
      actions.push_back(std::move(j));
    }
    const ManagementResponse& m = rec.response;
    recs.push_back({{"text", rec.text},
                    {"response",
                     {{"text", m.text},
                      {"category", m.category_raw.empty() ? m.category : m.category_raw},
                      {"thematic_areas", m.thematic_areas},
                      {"operating_principles", m.operating_principles},
                      {"organizational_priorities", m.organizational_priorities},
                      {"uneg_criteria", m.uneg_criteria}}},
                    {"key_actions", std::move(actions)}});
  }
  nlohmann::json doc = {{"format", kJsonFormatName},
                        {"version", 1},
                        {"evaluation",
                         {{"title", e.title},
                          {"office", e.office},
                          {"plan_period", e.plan_period},
                          {"office_type", e.office_type},
                          {"region", e.region},
                          {"approval_status", e.approval_status},
                          {"overall_response", e.overall_response}}},
                        {"recommendations", std::move(recs)}};
  if (!e.evaluation_id.empty()) doc["evaluation_id"] = e.evaluation_id;
  return doc;
}

}  // namespace mrtrack::events::import
