// The notifier's three catalogs (notifier/locales/): complete, each text a
// valid fragment naming the same values in every language, every text a
// built-in template uses present; and messages in their unit's language.
#include "notifier/texts.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "notifier/preview.h"
#include "notifier/templates.h"
#include "notifier_test_util.h"
#include "tests/support/catalog_checks.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;

TEST(NotifierTextsTest, EveryLanguageHasEveryKeyAndNamesTheSameValues) {
  test_support::ExpectCompleteCatalogs(BuiltinLocales(), 30);
}

TEST(NotifierTextsTest, EveryTextATemplateUsesExists) {
  static const std::regex kText(R"(\{\{>\s*t\.([^}\s]+)\s*\}\})");
  const nlohmann::json english = nlohmann::json::parse(BuiltinLocales().at("en"));
  std::size_t uses = 0;
  for (const auto& [name, text] : BuiltinTemplates()) {
    for (std::sregex_iterator it(text.begin(), text.end(), kText), end; it != end; ++it) {
      EXPECT_TRUE(english.contains((*it)[1].str())) << name << " uses " << (*it)[1];
      ++uses;
    }
  }
  EXPECT_GT(uses, 30u);
}

TEST(NotifierTextsTest, PhrasesInEachLanguage) {
  EXPECT_EQ(WhenText(Language::kEnglish, 52), "52 days overdue");
  EXPECT_EQ(WhenText(Language::kFrench, 1), "en retard d’un jour");
  EXPECT_EQ(WhenText(Language::kSpanish, -5), "vence en 5 días");
  EXPECT_EQ(WhenText(Language::kSpanish, -1), "vence mañana");
  EXPECT_EQ(DaysText(Language::kFrench, 120), "120 jours");
  EXPECT_EQ(StatusText(Language::kFrench, "Not Initiated"), "non commencée");
  EXPECT_EQ(StatusText(Language::kEnglish, "Not Initiated"), "Not Initiated");
}

class NotifierLanguageTest : public ::testing::Test {
 protected:
  NotifierLanguageTest() : w_(At("2025-03-01T08:00:00Z")) {
    notifier_test::AddEvaluation(*w_.store, "ev-1", "Evaluation of the umbrella programme");
    notifier_test::AddAction(*w_.store, "ev-1", 1, "Develop a strategy", {"kaz-co"}, "2025-03-31");
    notifier_test::AddAction(*w_.store, "ev-1", 2, "Train the partners", {"kaz-co"}, "2025-03-25");
    EXPECT_OK(w_.projections->CatchUp());
  }
  // The base configuration with kaz-co's messages in `language`.
  std::string Toml(const std::string& language) {
    std::string toml = notifier_test::BaseToml(w_.dir.path());
    const std::string name = "name = \"Kazakhstan CO\"\n";
    toml.replace(toml.find(name), name.size(), name + "language = \"" + language + "\"\n");
    return toml;
  }
  notifier_test::World w_;
};

TEST_F(NotifierLanguageTest, AUnitsDigestIsInItsLanguage) {
  PreviewRequest request;
  request.at = At("2025-03-24T00:00:00Z");
  auto fr = PreviewRemindersJson(*w_.projections, *notifier_test::MakeConfig(Toml("fr")), request);
  ASSERT_OK(fr);
  ASSERT_EQ((*fr)["messages"].size(), 1u) << fr->dump(2);
  const auto& m = (*fr)["messages"][0];
  EXPECT_EQ(m["subject"], "[UN Women Kazakhstan] Kazakhstan CO: 2 actions clés bientôt à échéance dans Evaluation of "
                          "the umbrella programme");
  const std::string text = m["text"];
  EXPECT_EQ(text.rfind("Bonjour Kazakhstan CO,\n\nOù en sont vos actions clés au 24 mars 2025", 0), 0u) << text;
  EXPECT_NE(text.find("* Action clé 1.2 : à échéance demain\n  Train the partners\n  Échéance 25 mars 2025, statut "
                      "non commencée"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << text;

  auto es = PreviewRemindersJson(*w_.projections, *notifier_test::MakeConfig(Toml("es")), request);
  ASSERT_OK(es);
  const std::string spanish = (*es)["messages"][0]["text"];
  EXPECT_NE(spanish.find("Plazo 31 de marzo de 2025"), std::string::npos) << spanish;
  EXPECT_NE(spanish.find("vence en 7 días"), std::string::npos) << spanish;
}

}  // namespace
}  // namespace mrtrack::notifier
