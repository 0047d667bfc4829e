// The JSON form of a management response (docs/IMPORT.md "JSON form"): the
// same data as a GATE text, for systems that can export structured data.
//
//   {"format": "mrtrack.management-response", "version": 1,        (both optional)
//    "evaluation_id": "kaz-umbrella",                               (optional)
//    "evaluation": {"title", "office", "plan_period", "office_type", "region",
//                   "approval_status", "overall_response"},         (title, office required)
//    "recommendations": [{"text",
//        "response": {"text", "category", "thematic_areas", "operating_principles",
//                     "organizational_priorities", "uneg_criteria"},
//        "key_actions": [{"label", "scope", "description",
//                         "responsible": "text" | {"units": [ids], "text"} | null,
//                         "deadline": "2025/03" | "2025-03-31" | null,
//                         "status": "Initiated" | legacy label | null,
//                         "comment": "..." | null}]}]}
//
// Text is cleaned as in GATE texts, so the JSON and the text rendering of
// the same data give equal ParsedEvaluations (and an import of one after the
// other records nothing). Unknown fields are errors. Errors are
// kInvalidArgument whose field is the JSON pointer ("/recommendations/2/
// key_actions/0/deadline"), or "line N" when the JSON itself is malformed.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "config/config.h"
#include "events/import/parsed_evaluation.h"

namespace mrtrack::events::import {

inline constexpr char kJsonFormatName[] = "mrtrack.management-response";

Result<ParsedEvaluation> ParseEvaluationJson(std::string_view text, const config::Config& config);

// The JSON form of `evaluation` (responsibles as their text, statuses and
// deadlines as published), e.g. to convert a GATE text.
nlohmann::json EvaluationToJson(const ParsedEvaluation& evaluation);

}  // namespace mrtrack::events::import
