// ResponsibleMatcher: finds the responsible units of a key action in the
// unit directory (config [[units]] `aliases`, and each unit's `name`).
//
// Matching is blind to case and diacritics of Latin letters ("Cote d'Ivoire"
// = "CÔTE D’IVOIRE"), curly vs straight quotes, `?` slips and runs of blanks,
// and only on word boundaries; the longest alias wins.
// Several responsibles are joined by ", ", " and ", " & ", "; " or " / ".
//
// Two jobs:
// - MatchText: a text known to be the whole responsible (a table cell, a JSON
//   string). Parts are aliases or free text; consecutive free parts stay one
//   piece ("Ministry of Labour and Social Protection"), kept in `unmatched`.
// - SplitTrailing: a published key-action line has no delimiter between the
//   description and the responsible. Aliases are matched from the end of the
//   text, hopping over joiners ("... UN Women Kazakhstan CO, Government
//   institutions"). When the text ends with no alias, or a joiner is preceded
//   by free text, the heuristic takes the trailing run of capitalised words
//   (any Latin capital: "Évaluation") and the particles of English, French,
//   Spanish and Portuguese names (of, and, de, du, l', d', del, y, da, dos,
//   ...) after the last sentence end ("... the law. Ministry of Justice",
//   "... Bureau de l'évaluation"); the result is then marked
//   "heuristic". When neither finds anything the match is "none".
//
// Thread safety: immutable after construction; safe to share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "events/domain/key_action.h"

namespace mrtrack::events::import {

class ResponsibleMatcher {
 public:
  explicit ResponsibleMatcher(const std::vector<config::Unit>& units);

  // `match_kind` is recorded when the text is not empty ("column", "manual");
  // an empty text gives match "none".
  Responsible MatchText(std::string_view text, const std::string& match_kind) const;

  struct Split {
    std::string description;
    Responsible responsible;  // match: alias | heuristic | none
  };
  Split SplitTrailing(std::string_view text) const;

  // True when `text` ends (on a word boundary) with an alias of some unit.
  bool EndsWithAlias(std::string_view text) const;

 private:
  struct Alias {
    std::string folded;
    std::string unit_id;
  };
  // Longest alias ending exactly at folded[end] and starting on a word boundary; 0 if none.
  std::size_t AliasLengthEndingAt(const std::string& folded, std::size_t end) const;
  // Longest alias starting at folded[pos] and followed by the end or a joiner.
  const Alias* AliasStartingAt(const std::string& folded, std::size_t pos) const;

  std::vector<Alias> aliases_;  // Longest first.
};

// The start offset of the trailing run of capitalised words and connectors of
// `text` (see ResponsibleMatcher); nullopt when there is none or it would take
// the whole text.
std::optional<std::size_t> CapitalisedRunStart(std::string_view text);

// The number of words of `text` when all of it reads as a name by the rules
// above (capitalised words and particles, "Afrique de l'Ouest et du Centre",
// first and last word capitalised), else 0.
std::size_t NameWords(std::string_view text);

}  // namespace mrtrack::events::import
