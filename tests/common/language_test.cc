#include "common/language.h"

#include <gtest/gtest.h>

namespace mrtrack {
namespace {

using date::day;
using date::month;
using date::year;

TEST(LanguageTest, CodesParseAsConfiguredOrAsBrowsersSendThem) {
  EXPECT_EQ(ParseLanguage("fr"), Language::kFrench);
  EXPECT_EQ(ParseLanguage("FR"), Language::kFrench);
  EXPECT_EQ(ParseLanguage("fr-CA"), Language::kFrench);
  EXPECT_EQ(ParseLanguage("es_ES"), Language::kSpanish);
  EXPECT_EQ(ParseLanguage(" en "), Language::kEnglish);
  EXPECT_EQ(ParseLanguage("de"), std::nullopt);
  EXPECT_EQ(ParseLanguage("fra"), std::nullopt);
  EXPECT_EQ(ParseLanguage(""), std::nullopt);
  for (Language l : kLanguages) EXPECT_EQ(ParseLanguage(LanguageCode(l)), l);
}

TEST(LanguageTest, AcceptLanguageByWeightThenOrder) {
  EXPECT_EQ(PreferredLanguage("fr-CH, fr;q=0.9, en;q=0.8"), Language::kFrench);
  EXPECT_EQ(PreferredLanguage("de-DE, es;q=0.5, en;q=0.7"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("de, it;q=0.9"), std::nullopt);
  EXPECT_EQ(PreferredLanguage("es, fr"), Language::kSpanish);
  EXPECT_EQ(PreferredLanguage("en;q=0, fr;q=0.1"), Language::kFrench);
  EXPECT_EQ(PreferredLanguage(""), std::nullopt);
  EXPECT_EQ(PreferredLanguage(";;,q=,fr;q=abc"), std::nullopt);
}

TEST(LanguageTest, DatesInWords) {
  const date::year_month_day d = year(2025) / month(3) / day(31);
  EXPECT_EQ(DateInWords(d, Language::kEnglish), "31 March 2025");
  EXPECT_EQ(DateInWords(d, Language::kFrench), "31 mars 2025");
  EXPECT_EQ(DateInWords(d, Language::kSpanish), "31 de marzo de 2025");
  EXPECT_EQ(DateInWords(year(2026) / month(8) / day(1), Language::kFrench), "1er août 2026");
  EXPECT_EQ(DateInWords(year(2026) / month(12) / day(1), Language::kEnglish), "1 December 2026");
}

}  // namespace
}  // namespace mrtrack
