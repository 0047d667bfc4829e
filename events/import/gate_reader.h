// Internal to the GATE parser (gate_parser.h): the document is read top to
// bottom, one block at a time, by these functions. Each takes the cleaned
// lines and an index it advances past what it consumed.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "events/import/parsed_evaluation.h"
#include "events/import/responsible_matcher.h"

namespace mrtrack::events::import::gate {

struct SourceLine {
  int number = 0;     // 1-based.
  std::string text;   // CleanLine'd; "" for a blank line.
};

std::string LineField(int number);  // "line N"

// The value after "Label:" when `line` starts with that label (any case,
// blanks before the colon allowed); with `numbered`, "Label 3:" too.
std::optional<std::string> LabelValue(std::string_view line, std::string_view label, bool numbered = false);
std::optional<std::string> RecommendationStart(std::string_view line);
// "Key Actions", "Key actions:", "Key Actions |".
bool IsKeyActionsHeading(std::string_view line);
// A field label of a recommendation block (response, category, tags), which
// must not appear before the first "Recommendation:".
std::optional<std::string> RecommendationFieldLabel(std::string_view line);

// The header, the overall response and the approval status: everything up to
// the first "Recommendation:" line, where `i` is left.
Status ReadHeader(const std::vector<SourceLine>& lines, std::size_t& i, ParsedEvaluation& out);

// Recommendation blocks from `i` to the end.
Status ReadRecommendations(const std::vector<SourceLine>& lines, std::size_t& i, const ResponsibleMatcher& matcher,
                           ParsedEvaluation& out);

// The key actions of recommendation `number`, from `i` up to the next
// "Recommendation:" line or the end.
Status ReadKeyActions(const std::vector<SourceLine>& lines, std::size_t& i, const ResponsibleMatcher& matcher,
                      int number, ParsedRecommendation& rec, std::vector<ImportWarning>& warnings);

}  // namespace mrtrack::events::import::gate
