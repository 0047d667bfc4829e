// Latin letters beyond ASCII, as names in published management responses
// write them: "Côte d'Ivoire", "Évaluation", "Oficina de País", "Đà Nẵng".
//
// Covers Latin-1 Supplement and Latin Extended-A (U+00C0-U+017F): case, and
// the base letter without its diacritic, so that matching can fold both
// ("ÉVALUATION" = "évaluation" = "evaluation"). Other scripts are left as
// they are (their bytes still count as letters of a word).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mrtrack::events::import {

// The code point starting at s[i] and its length in bytes (1-4); a byte that
// starts no well-formed sequence gives itself with length 1.
struct CodePoint {
  std::uint32_t value = 0;
  std::size_t length = 1;
};
CodePoint DecodeAt(std::string_view s, std::size_t i);

// True for A-Z and the capitals of U+00C0-U+017F ("É", "Ç", "Ł").
bool IsUpperLatin(std::uint32_t cp);
// True for a-z and the small letters of U+00C0-U+017F.
bool IsLowerLatin(std::uint32_t cp);

// The lower-case ASCII letters a Latin letter folds to without its
// diacritic: "É" -> "e", "ç" -> "c", "Æ" -> "ae", "ß" -> "ss"; "" when `cp`
// is no letter of the covered range (ASCII letters fold to themselves).
std::string_view BaseLetters(std::uint32_t cp);

// True when the word starting at s[i] begins with a capital letter, ASCII or not.
bool StartsWithCapital(std::string_view s, std::size_t i = 0);

}  // namespace mrtrack::events::import
