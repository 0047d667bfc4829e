// Text clean-up shared by every reader of published management responses.
//
// Three different strengths, for three jobs:
// - CleanLine: what is stored. Trims, collapses runs of blanks, and repairs
//   the `?` that a lossy code page left where a typographic apostrophe was
//   ("Women?s" -> "Women’s"). Nothing else is changed.
// - Fold: what is matched (aliases, labels). Lower case without diacritics
//   for Latin letters ("Côte" -> "cote", "ÉVALUATION" -> "evaluation",
//   latin_letters.h), curly quotes to straight ones, slips to ', one space per
//   run of blanks; keeps a map back to the source offsets so a match can cut
//   the original text.
// - NormaliseForId: what is hashed into an evaluation id. Fold, then drop
//   quotes and apostrophes and turn other punctuation into spaces, so the id
//   survives re-renderings (curly vs straight quotes, slips, spacing, commas).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtrack::events::import {

// Splits a document into lines: drops a UTF-8 byte-order mark, accepts \n,
// \r\n and lone \r; a missing final newline changes nothing.
std::vector<std::string> SplitLines(std::string_view text);

// The offset of the first byte that does not belong to a well-formed UTF-8
// sequence, or nullopt when all of `s` is UTF-8.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view s);

// Trims, collapses runs of spaces/tabs/no-break spaces to one space and
// repairs apostrophe slips. `repaired` (when given) is set if a slip was fixed.
std::string CleanLine(std::string_view line, bool* repaired = nullptr);

// A text of several lines (a JSON string, a spreadsheet cell): each line
// CleanLine'd, line breaks kept as "\n", trailing empty lines dropped.
std::string CleanText(std::string_view text);

// True when s[i] == '?' stands for an apostrophe: after a letter and before
// s, t, d, m, ll, re or ve that end the word ("Women?s", "don?t", "we?ll").
bool IsApostropheSlip(std::string_view s, std::size_t i);

struct FoldedText {
  std::string text;                  // Folded bytes.
  std::vector<std::size_t> origin;   // origin[i]: source offset of text[i]; origin[size] = source size.
};
// `fold_letters` false: only ASCII letters are lowered, other letters kept as
// they are (what evaluation ids were always derived from).
FoldedText Fold(std::string_view s, bool fold_letters = true);
// The folded text alone, trimmed.
std::string FoldKey(std::string_view s);

std::string NormaliseForId(std::string_view s);

// At most `max_bytes` of `s`, cut on a UTF-8 character boundary, with "..."
// when something was cut (for quoting input in messages).
std::string Excerpt(std::string_view s, std::size_t max_bytes);

// ASCII-only helpers (bytes >= 0x80 count as letters: they are UTF-8 text).
bool IsWordByte(char c);
std::string_view Trim(std::string_view s);
bool StartsWithFolded(std::string_view text, std::string_view prefix);  // case-insensitive ASCII

}  // namespace mrtrack::events::import
