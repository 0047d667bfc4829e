#include "events/import/key_action_fields.h"

#include <cctype>
#include <vector>

#include "events/import/text_normalise.h"

namespace mrtrack::events::import {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "1.1." / "1.1" / "2." / "3)" followed by a space: returns the label and its length incl. the space.
std::optional<std::pair<std::string, std::size_t>> LabelAt(std::string_view s) {
  std::size_t i = 0;
  bool punctuated = false;
  while (i < s.size() && IsDigit(s[i])) {
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i < s.size() && s[i] == '.' && i + 1 < s.size() && IsDigit(s[i + 1])) {
      punctuated = true;
      ++i;
    } else {
      break;
    }
  }
  if (i == 0) return std::nullopt;
  std::string label(s.substr(0, i));
  if (i < s.size() && (s[i] == '.' || s[i] == ')')) {
    punctuated = true;
    ++i;
  }
  if (!punctuated || i >= s.size() || s[i] != ' ') return std::nullopt;
  return std::make_pair(label, i + 1);
}

// "KAZ: " / "Global: ": returns the scope and its length incl. the space.
std::optional<std::pair<std::string, std::size_t>> ScopeAt(std::string_view s) {
  if (s.empty() || s[0] < 'A' || s[0] > 'Z') return std::nullopt;
  std::size_t i = 1;
  while (i < s.size() && i <= 16 && std::isalnum(static_cast<unsigned char>(s[i])) != 0) ++i;
  if (i < 2 || i > 16 || i + 1 >= s.size() || s[i] != ':' || s[i + 1] != ' ') return std::nullopt;
  return std::make_pair(std::string(s.substr(0, i)), i + 2);
}

}  // namespace

DescriptionPrefix SplitDescriptionPrefix(std::string_view description) {
  DescriptionPrefix p;
  std::string_view rest = Trim(description);
  for (int round = 0; round < 2; ++round) {
    if (p.label.empty()) {
      if (auto label = LabelAt(rest)) {
        p.label = label->first;
        rest = Trim(rest.substr(label->second));
      }
    }
    if (p.scope.empty()) {
      if (auto scope = ScopeAt(rest)) {
        p.scope = scope->first;
        rest = Trim(rest.substr(scope->second));
      }
    }
  }
  p.rest = std::string(rest);
  return p;
}

bool LooksLikeDeadline(std::string_view t) {
  auto digits = [&](std::size_t from, std::size_t n) {
    if (t.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i) {
      if (!IsDigit(t[i])) return false;
    }
    return true;
  };
  if (!digits(0, 4) || t.size() < 6) return false;
  if (t[4] == '/') return (t.size() == 6 && digits(5, 1)) || (t.size() == 7 && digits(5, 2));
  return t.size() == 10 && t[4] == '-' && t[7] == '-' && digits(5, 2) && digits(8, 2);
}

std::optional<StatusMatch> StatusAtStart(std::string_view text) {
  std::vector<std::size_t> word_ends;
  for (std::size_t i = 0; i < text.size() && word_ends.size() < 5;) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    while (i < text.size() && text[i] != ' ') ++i;
    word_ends.push_back(i);
  }
  for (std::size_t k = word_ends.size(); k-- > 0;) {
    if (auto status = ParseLegacyStatus(text.substr(0, word_ends[k]))) return StatusMatch{*status, word_ends[k]};
  }
  return std::nullopt;
}

}  // namespace mrtrack::events::import
