#include "common/text_catalog.h"

#include <gtest/gtest.h>

namespace mrtrack {
namespace {

using Sources = std::map<std::string, std::string>;

TEST(TextCatalogTest, FallsBackToEnglishThenToTheKey) {
  TextCatalog catalog(Sources{{"en", R"({"hello": "Hello {{name}}", "bye": "Bye"})"}, {"fr", R"({"hello": "Bonjour {{name}}"})"}});
  EXPECT_EQ(catalog.Text(Language::kFrench, "hello"), "Bonjour {{name}}");
  EXPECT_EQ(catalog.Text(Language::kFrench, "bye"), "Bye");
  EXPECT_EQ(catalog.Text(Language::kSpanish, "hello"), "Hello {{name}}");
  EXPECT_EQ(catalog.Text(Language::kEnglish, "nope"), "nope");
  EXPECT_EQ(catalog.Of(Language::kSpanish).size(), 2u);
}

TEST(TextCatalogTest, FillsValuesWithoutEscaping) {
  TextCatalog catalog(Sources{{"en", R"({"hello": "Hello {{name}}{{#late}}, late{{/late}}"})"}});
  EXPECT_EQ(catalog.Fill(Language::kEnglish, "hello", {{"name", "<Ann & Bo>"}, {"late", true}}), "Hello <Ann & Bo>, late");
  EXPECT_EQ(FillText("{{#broken}", {}), "");
}

TEST(TextCatalogTest, ACatalogThatIsNotJsonIsRefused) {
  EXPECT_THROW(TextCatalog(Sources{{"en", "{"}}), nlohmann::json::parse_error);
}

}  // namespace
}  // namespace mrtrack
