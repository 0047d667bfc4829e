// The languages mrtrack speaks (English, French, Spanish): their codes, the
// choice among them from a configured code or a browser's Accept-Language,
// and dates in words as each writes them ("31 March 2025", "31 mars 2025",
// "31 de marzo de 2025"). The texts themselves live in the catalogs of the
// web app (daemon/web/locales/) and of the notifier's templates.
//
// Thread safety: pure functions.
#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

namespace mrtrack {

enum class Language { kEnglish, kFrench, kSpanish };

inline constexpr Language kLanguages[] = {Language::kEnglish, Language::kFrench, Language::kSpanish};

// "en", "fr", "es".
const char* LanguageCode(Language language);
// A language code as configured or sent by a browser: "fr", "FR", "fr-CA" and
// "fr_FR" are French; nullopt for a language mrtrack does not speak.
std::optional<Language> ParseLanguage(std::string_view code);
// The first language of an Accept-Language header ("fr-CH, fr;q=0.9, en;q=0.8")
// that mrtrack speaks, by the header's weights; nullopt when there is none.
std::optional<Language> PreferredLanguage(std::string_view accept_language);

// A day as people write it: "31 March 2025", "31 mars 2025" ("1er mars
// 2025" on the first), "31 de marzo de 2025".
std::string DateInWords(const date::year_month_day& day, Language language);

}  // namespace mrtrack
