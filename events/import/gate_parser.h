// ParseGateText: reads a management response as published by GATE (the text
// rendering, its table rendering, and the variations docs/IMPORT.md lists)
// into a ParsedEvaluation. Nothing is stored; see import.h for that.
//
// Responsibles are matched against `config.units` (aliases and names).
// Errors are kInvalidArgument with field "line N" and a message saying what
// is wrong and what was expected. Things that were understood but deserve a
// look (unmatched responsibles, heuristic splits, inferred categories,
// missing deadlines or statuses, repaired encoding slips) are returned as
// warnings with their line numbers.
//
// Thread safety: pure function.
#pragma once

#include <string_view>

#include "common/status.h"
#include "config/config.h"
#include "events/import/parsed_evaluation.h"

namespace mrtrack::events::import {

Result<ParsedEvaluation> ParseGateText(std::string_view text, const config::Config& config);

}  // namespace mrtrack::events::import
