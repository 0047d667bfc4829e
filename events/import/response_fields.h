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

namespace mrtrack::events::import {

// "accepted" -> "Accepted", "Accepted partially" -> "Partially accepted",
// "not accepted" -> "Rejected", "" -> ""; nullopt for anything else.
std::optional<std::string> NormaliseCategory(std::string_view raw);

// The category the prose states ("accepted partially", "partly accepted",
// "not accepted", "rejected", "accepted", ...), or "" when it states none.
std::string InferCategory(std::string_view response_text);

std::vector<std::string> SplitTags(std::string_view value);

}  // namespace mrtrack::events::import
