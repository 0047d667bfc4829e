#include "events/import/responsible_matcher.h"

#include <algorithm>

#include "events/import/latin_letters.h"
#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

constexpr std::size_t kNone = std::string::npos;

std::size_t SkipSpacesBack(const std::string& s, std::size_t end) {
  while (end > 0 && s[end - 1] == ' ') --end;
  return end;
}

std::size_t SkipSpacesForward(const std::string& s, std::size_t pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  return pos;
}

bool IsJoinerChar(char c) { return c == ',' || c == ';' || c == '/' || c == '&'; }

// Length of the joiner starting at s[pos] (",", ";", "/", "&" or the word "and"), or 0.
std::size_t JoinerLengthAt(const std::string& s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  if (IsJoinerChar(s[pos])) return 1;
  bool word_and = s.compare(pos, 3, "and") == 0 && (pos == 0 || !IsWordByte(s[pos - 1])) &&
                  (pos + 3 == s.size() || !IsWordByte(s[pos + 3]));
  return word_and ? 3 : 0;
}

// Start of the joiner that ends exactly at s[end], or kNone.
std::size_t JoinerStartEndingAt(const std::string& s, std::size_t end) {
  if (end == 0) return kNone;
  if (IsJoinerChar(s[end - 1])) return end - 1;
  if (end >= 3 && s.compare(end - 3, 3, "and") == 0 && (end == 3 || !IsWordByte(s[end - 4]))) return end - 3;
  return kNone;
}

// Lowercase words inside names of units, in English, French, Spanish and Portuguese:
// "Ministry of Labour and Social Protection", "Bureau de l'évaluation", "Oficina de País en Bolivia".
bool IsConnector(std::string_view token) {
  static constexpr std::string_view kConnectors[] = {
      "of", "and", "for", "the", "on", "in", "to", "at", "&", "/", "-",                    // English
      "de", "du", "des", "la", "le", "les", "et", "en", "pour", "aux", "au",              // French
      "del", "y", "el", "los", "las", "para",                                             // Spanish
      "da", "do", "dos", "das", "e", "em"};                                               // Portuguese
  return std::find(std::begin(kConnectors), std::end(kConnectors), token) != std::end(kConnectors);
}

// "l'évaluation", "d'Ivoire", "L’Office": an elided article or preposition glued to the next word.
bool IsElided(std::string_view token) {
  if (token.size() < 3 || (token[0] != 'l' && token[0] != 'd' && token[0] != 'L' && token[0] != 'D')) return false;
  return token[1] == '\'' || token.substr(1, 3) == "\xE2\x80\x99";
}

bool IsCapitalised(std::string_view token) {
  if (!token.empty() && token[0] == '(') token.remove_prefix(1);
  return StartsWithCapital(token) || IsElided(token);
}

bool EndsSentence(std::string_view token) {
  char last = token.back();
  return last == '.' || last == '!' || last == '?' || last == ';' || last == ':';
}

std::string TrimJoiners(std::string_view s) {
  for (;;) {
    s = Trim(s);
    if (!s.empty() && IsJoinerChar(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= 4 && s.substr(s.size() - 4) == " and") {
      s.remove_suffix(4);
    } else {
      return std::string(s);
    }
  }
}

}  // namespace

std::size_t NameWords(std::string_view text) {
  std::size_t words = 0;
  std::string_view last;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t j = std::min(text.find(' ', i), text.size());
    std::string_view t = text.substr(i, j - i);
    if (EndsSentence(t) || !(IsCapitalised(t) || (words > 0 && IsConnector(t)))) return 0;
    last = t;
    ++words;
    i = j;
  }
  return words > 0 && IsCapitalised(last) ? words : 0;
}

std::optional<std::size_t> CapitalisedRunStart(std::string_view text) {
  struct Token {
    std::size_t offset;
    std::string_view text;
  };
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    tokens.push_back({i, text.substr(i, j - i)});
    i = j;
  }
  if (tokens.empty() || !IsCapitalised(tokens.back().text) || EndsSentence(tokens.back().text)) return std::nullopt;
  std::size_t start = kNone;
  for (std::size_t k = tokens.size(); k-- > 0;) {
    std::string_view t = tokens[k].text;
    if (EndsSentence(t)) break;
    if (IsCapitalised(t)) {
      start = tokens[k].offset;
    } else if (!IsConnector(t)) {
      break;
    }
  }
  if (start == kNone || start == tokens.front().offset) return std::nullopt;
  return start;
}

ResponsibleMatcher::ResponsibleMatcher(const std::vector<config::Unit>& units) {
  for (const auto& unit : units) {
    std::vector<std::string> spellings = unit.aliases;
    if (!unit.name.empty()) spellings.push_back(unit.name);
    for (const auto& spelling : spellings) {
      std::string folded = FoldKey(spelling);
      if (!folded.empty()) aliases_.push_back({std::move(folded), unit.id});
    }
  }
  // Longest first, so "Programme Team UN Women Kazakhstan CO" beats "UN Women Kazakhstan CO".
  std::stable_sort(aliases_.begin(), aliases_.end(),
                   [](const Alias& a, const Alias& b) { return a.folded.size() > b.folded.size(); });
}

std::size_t ResponsibleMatcher::AliasLengthEndingAt(const std::string& s, std::size_t end) const {
  for (const auto& alias : aliases_) {
    std::size_t len = alias.folded.size();
    if (len > end || s.compare(end - len, len, alias.folded) != 0) continue;
    if (end - len == 0 || !IsWordByte(s[end - len - 1])) return len;
  }
  return 0;
}

const ResponsibleMatcher::Alias* ResponsibleMatcher::AliasStartingAt(const std::string& s, std::size_t pos) const {
  if (pos > 0 && IsWordByte(s[pos - 1])) return nullptr;
  for (const auto& alias : aliases_) {
    if (s.compare(pos, alias.folded.size(), alias.folded) != 0) continue;
    std::size_t after = SkipSpacesForward(s, pos + alias.folded.size());
    if (after == s.size() || JoinerLengthAt(s, after) > 0) return &alias;
  }
  return nullptr;
}

Responsible ResponsibleMatcher::MatchText(std::string_view text, const std::string& match_kind) const {
  Responsible r;
  r.text = std::string(Trim(text));
  FoldedText f = Fold(text);
  const std::string& s = f.text;
  std::size_t free_start = kNone, free_end = 0;
  auto flush_free = [&] {
    if (free_start == kNone) return;
    std::string piece = TrimJoiners(text.substr(f.origin[free_start], f.origin[free_end] - f.origin[free_start]));
    if (!piece.empty()) r.unmatched.push_back(std::move(piece));
    free_start = kNone;
  };
  std::size_t pos = 0;
  while ((pos = SkipSpacesForward(s, pos)) < s.size()) {
    if (free_start == kNone && JoinerLengthAt(s, pos) > 0) {  // a stray leading separator
      pos += JoinerLengthAt(s, pos);
      continue;
    }
    if (const Alias* alias = AliasStartingAt(s, pos)) {
      flush_free();
      if (std::find(r.units.begin(), r.units.end(), alias->unit_id) == r.units.end()) r.units.push_back(alias->unit_id);
      pos = SkipSpacesForward(s, pos + alias->folded.size());
      pos += JoinerLengthAt(s, pos);
      continue;
    }
    // Free text runs to the next joiner; consecutive free parts stay one piece.
    if (free_start == kNone) free_start = pos;
    std::size_t q = pos + 1;
    while (q < s.size() && JoinerLengthAt(s, q) == 0) ++q;
    free_end = q;
    pos = q + JoinerLengthAt(s, q);
  }
  flush_free();
  r.match = (r.units.empty() && r.unmatched.empty()) ? "none" : match_kind;
  return r;
}

ResponsibleMatcher::Split ResponsibleMatcher::SplitTrailing(std::string_view text) const {
  FoldedText f = Fold(text);
  const std::string& s = f.text;
  std::size_t end = SkipSpacesBack(s, s.size());
  std::optional<std::size_t> start;  // Source offset where the responsible begins.
  bool heuristic = false;
  if (std::size_t len = AliasLengthEndingAt(s, end); len > 0) {
    std::size_t alias_start = end - len;
    for (;;) {
      std::size_t joiner = JoinerStartEndingAt(s, SkipSpacesBack(s, alias_start));
      if (joiner == kNone) break;
      std::size_t before = SkipSpacesBack(s, joiner);
      if (std::size_t len2 = AliasLengthEndingAt(s, before); len2 > 0) {
        alias_start = before - len2;
        continue;
      }
      // Free text joined to the aliases ("Ministry of Labour and UN Women ..."): take its capitalised run.
      if (auto run = CapitalisedRunStart(text.substr(0, f.origin[before]))) {
        start = run;
        heuristic = true;
      }
      break;
    }
    if (!start) start = f.origin[alias_start];
  } else if (auto run = CapitalisedRunStart(text.substr(0, f.origin[end]))) {
    start = run;
    heuristic = true;
  }
  Split split;
  if (!start) {
    split.description = std::string(Trim(text));
    split.responsible.match = "none";
    return split;
  }
  split.description = std::string(Trim(text.substr(0, *start)));
  split.responsible = MatchText(text.substr(*start, f.origin[end] - *start), heuristic ? "heuristic" : "alias");
  return split;
}

bool ResponsibleMatcher::EndsWithAlias(std::string_view text) const {
  FoldedText f = Fold(text);
  return AliasLengthEndingAt(f.text, SkipSpacesBack(f.text, f.text.size())) > 0;
}

}  // namespace mrtrack::events::import
