#include "common/language.h"

#include <array>
#include <cctype>
#include <cstdlib>

namespace mrtrack {
namespace {

using Months = std::array<const char*, 12>;
constexpr Months kEnglishMonths = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr Months kFrenchMonths = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                  "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
constexpr Months kSpanishMonths = {"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                                   "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The weight of one Accept-Language entry's parameters (";q=0.8"): 1 when absent.
double Weight(std::string_view params) {
  auto q = params.find("q=");
  if (q == std::string_view::npos) return 1.0;
  std::string value(Trimmed(params.substr(q + 2)));
  char* end = nullptr;
  double w = std::strtod(value.c_str(), &end);
  return end == value.c_str() ? 0.0 : w;
}

}  // namespace

const char* LanguageCode(Language language) {
  switch (language) {
    case Language::kFrench:
      return "fr";
    case Language::kSpanish:
      return "es";
    case Language::kEnglish:
      break;
  }
  return "en";
}

std::optional<Language> ParseLanguage(std::string_view code) {
  code = Trimmed(code);
  // The primary subtag: "fr" of "fr-CA" or "fr_FR".
  code = code.substr(0, code.find_first_of("-_"));
  if (code.size() != 2) return std::nullopt;
  std::string lower{static_cast<char>(std::tolower(static_cast<unsigned char>(code[0]))),
                    static_cast<char>(std::tolower(static_cast<unsigned char>(code[1])))};
  for (Language l : kLanguages) {
    if (lower == LanguageCode(l)) return l;
  }
  return std::nullopt;
}

std::optional<Language> PreferredLanguage(std::string_view accept_language) {
  std::optional<Language> best;
  double best_weight = 0.0;
  while (!accept_language.empty()) {
    auto comma = accept_language.find(',');
    std::string_view entry = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    auto semicolon = entry.find(';');
    double weight = semicolon == std::string_view::npos ? 1.0 : Weight(entry.substr(semicolon + 1));
    auto language = ParseLanguage(entry.substr(0, semicolon));
    // Equal weights keep the header's order: the first listed wins.
    if (language && weight > best_weight) {
      best = language;
      best_weight = weight;
    }
  }
  return best;
}

std::string DateInWords(const date::year_month_day& day, Language language) {
  const unsigned month = static_cast<unsigned>(day.month());
  const std::size_t m = (month + 11) % 12;  // A month out of range reads as December, never out of bounds.
  const std::string d = std::to_string(static_cast<unsigned>(day.day()));
  const std::string y = std::to_string(static_cast<int>(day.year()));
  switch (language) {
    case Language::kFrench:
      return (d == "1" ? "1er" : d) + " " + kFrenchMonths[m] + " " + y;
    case Language::kSpanish:
      return d + " de " + kSpanishMonths[m] + " de " + y;
    case Language::kEnglish:
      break;
  }
  return d + " " + kEnglishMonths[m] + " " + y;
}

}  // namespace mrtrack
