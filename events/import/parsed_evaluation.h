// ParsedEvaluation: one management response as read from a published text
// (GATE) or its JSON form, before it touches the event store.
//
// The parsers (gate_parser.h, json_format.h) produce it; ImportEvaluation
// (import.h) turns it into events. Every text field is already cleaned the
// same way whatever the rendering (line endings, runs of spaces, `?` slips for
// apostrophes), so two renderings of the same data give equal values.
//
// Thread safety: plain values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "events/domain/deadline.h"
#include "events/domain/evaluation.h"
#include "events/domain/key_action.h"
#include "events/domain/status.h"
#include "events/import/source_stamps.h"

namespace mrtrack::events::import {

// Something the reader should look at, though the input was understood:
// a responsible that matches no unit, a split found by the heuristic, a
// category read from the prose, a missing field.
struct ImportWarning {
  int line = 0;          // 1-based source line; 0 when not tied to a line (JSON, sync).
  std::string where;     // What it is about: "recommendation 3", "action 3.2", a JSON pointer, an id.
  std::string message;
  bool operator==(const ImportWarning&) const = default;
};

struct ParsedKeyAction {
  int line = 0;                 // First source line of the action (0 for JSON).
  int last_line = 0;            // Last source line it was read from (0: the same as `line`).
  std::string label;            // "1.1" when the source numbered the action, else "".
  std::string scope;            // "KAZ" for "KAZ: ...", else "".
  std::string description;
  Responsible responsible;      // match: alias | heuristic | column | manual | none
  std::optional<Deadline> deadline;       // nullopt: the source gave none.
  std::optional<ActionStatus> status;     // nullopt: the source gave none.
  std::string status_raw;                 // The label as published ("Over due"), "" when none.
  std::string comment;                    // The published comment, "" when none.
  SourceStamps stamps;                    // ERC pages: "[Added: ...] [Last Updated: ...]" of the action.
  std::string documents;                  // ERC pages: the Documents cell as published, "" when none.
};

struct ParsedRecommendation {
  int line = 0;                 // Line of "Recommendation:" (0 for JSON).
  std::string text;
  ManagementResponse response;
  SourceStamps response_stamps;  // ERC pages: the stamps of the management response.
  // The sentence of the response text a blank category was inferred from
  // (response.category_inferred), "" when none.
  std::string category_sentence;
  std::vector<ParsedKeyAction> actions;
};

struct ParsedEvaluation {
  std::string title;
  std::string office;           // First header line, e.g. "Kazakhstan".
  std::string region;           // Country/region (fourth header line).
  std::string plan_period;      // "2022 - 2023".
  std::string office_type;      // "CO" from "Kazakhstan (CO)".
  std::string approval_status;  // "Approved" (any value the source gives).
  std::string overall_response;
  std::string evaluation_id;    // Given by the source (JSON) or "", then derived from the identity.
  // ERC header fields the model has no field for, as published: "evaluation_type", "completion_date",
  // "unit_responsible" (gate_header_fields.h). Kept in EvaluationRegistered's source_fields.
  std::map<std::string, std::string> source_fields;
  std::vector<ParsedRecommendation> recommendations;

  std::string source_format;    // "gate" | "json"
  std::string source_sha256;    // Hex SHA-256 of the input bytes as received.
  std::vector<ImportWarning> warnings;

  std::size_t ActionCount() const {
    std::size_t n = 0;
    for (const auto& r : recommendations) n += r.actions.size();
    return n;
  }
};

}  // namespace mrtrack::events::import
