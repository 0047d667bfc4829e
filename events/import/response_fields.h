// The fields of a management response: its category and its tag lists.
//
// Category: "Accepted", "Partially accepted", "Rejected" or blank. GATE often
// leaves the field blank and says "Accepted partially." in the prose, so a
// blank category is inferred from the response text into category_inferred
// (the category itself stays blank, as published).
//
// Tags: comma-separated lists (commas inside parentheses do not split).
// "Not applicable" (and "N/A") is GATE's way of saying "no tag": it gives an
// empty list, so projections never count a tag called "Not applicable" and
// a blank line and "Not applicable" mean the same.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/import/parsed_evaluation.h"

namespace mrtrack::events::import {

// "accepted" -> "Accepted", "Accepted partially" -> "Partially accepted",
// "not accepted" -> "Rejected", "" -> ""; nullopt for anything else.
std::optional<std::string> NormaliseCategory(std::string_view raw);

// The category the prose states, and the sentence that states it. The first
// sentence that says any of these wins; within one, in this order:
//   Partially accepted  "accepted partially", "partially accepted", "partly accepted", "accepted in part", ...
//   Rejected            "not accepted", "rejected", "does not accept", "does not agree", "disagrees", ...
//   (none)              "takes note", "take note", "noted": the category stays blank
//   Accepted            "accepted", "accepts", "agrees with", "agree with", ...
// as whole words, any case. `category` is "" when no sentence says any.
struct CategoryInference {
  std::string category;
  std::string sentence;  // As published, "" when none.
  bool noted = false;    // The sentence only takes note.
};
CategoryInference InferCategoryFromProse(std::string_view response_text);
std::string InferCategory(std::string_view response_text);  // InferCategoryFromProse(...).category

// Once a recommendation is read: its category from the published value or
// the prose, and the warnings about it (unknown category, inferred category
// with its sentence, no response text, no key actions). `number` is 1-based;
// `category_line` the line the warnings name.
void FinishRecommendation(ParsedRecommendation& rec, int number, int category_line,
                          std::vector<ImportWarning>& warnings);

std::vector<std::string> SplitTags(std::string_view value);

}  // namespace mrtrack::events::import
