// The spreadsheet form of a management response (docs/IMPORT.md
// "Spreadsheets"): one row per key action, as a focal point keeps it in
// Excel and saves it as CSV (csv_reader.h: RFC 4180, UTF-8 with or without a
// byte-order mark, ',' or ';').
//
// Columns are found by their header, case-, accent- and blank-insensitive,
// in a documented set of spellings (CsvFieldOfHeader); `column_map` names
// others ("Due by" -> deadline). Columns: evaluation (its title),
// recommendation, response, category, key_action, responsible, deadline,
// status, comment, and optionally office, period, region and the four tag
// lists. Rows with the same evaluation and recommendation text form one
// recommendation, in order of first appearance; a blank evaluation or
// recommendation cell repeats the row above (merged cells export so).
//
// Errors are kInvalidArgument with field "row R, column C": a required column
// missing from the header (row 1), a mapping to no known field, a second
// evaluation title, an impossible deadline, a key action without
// recommendation. Warnings carry the line where the row starts and the cell
// in `where`.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "config/config.h"
#include "events/import/parsed_evaluation.h"

namespace mrtrack::events::import {

// Column header as written (any case) -> field name ("key_action").
using CsvColumnMap = std::map<std::string, std::string>;

// The field a header names by default ("Due Date" -> "deadline"), or nullopt.
std::optional<std::string> CsvFieldOfHeader(std::string_view header);

Result<ParsedEvaluation> ParseEvaluationCsv(std::string_view text, const config::Config& config,
                                            const CsvColumnMap& column_map = {});

// The CSV form of `evaluation` (',' delimiter, CRLF, every field quoted when
// it needs it), e.g. to hand a published text to a spreadsheet.
std::string EvaluationToCsv(const ParsedEvaluation& evaluation);

}  // namespace mrtrack::events::import
