// Responsibles written with Latin letters beyond ASCII and the particles of
// English, French, Spanish and Portuguese names: folding, alias matching
// blind to accents, the capitalised-words heuristic, and a published text
// (tests/fixtures/gate/unicode-responsibles.txt) read field by field.
#include <gtest/gtest.h>

#include "events/import/gate_parser.h"
#include "events/import/latin_letters.h"
#include "events/import/responsible_matcher.h"
#include "events/import/text_normalise.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using Texts = std::vector<std::string>;

config::Config UnicodeConfig() {
  config::Config c = testing::ExampleConfig();
  config::Unit civ;
  civ.id = "civ-co";
  civ.name = "UN Women Côte d'Ivoire";
  civ.aliases = {"UN Women Côte d’Ivoire CO"};
  config::Unit ieo;
  ieo.id = "ieo";
  ieo.name = "Bureau de l'évaluation";
  ieo.aliases = {"Independent Evaluation Office"};
  c.units.push_back(civ);
  c.units.push_back(ieo);
  return c;
}

TEST(LatinLettersTest, CaseAndBaseLetters) {
  EXPECT_TRUE(IsUpperLatin(0xC9));   // É
  EXPECT_FALSE(IsUpperLatin(0xE9));  // é
  EXPECT_TRUE(IsUpperLatin(0x0141));   // Ł
  EXPECT_FALSE(IsUpperLatin(0x0142));  // ł
  EXPECT_TRUE(IsUpperLatin(0x0178));   // Ÿ
  EXPECT_FALSE(IsUpperLatin(0xD7));    // ×
  EXPECT_TRUE(IsLowerLatin(0xDF));     // ß
  EXPECT_EQ(BaseLetters(0xD4), "o");   // Ô
  EXPECT_EQ(BaseLetters(0x0160), "s");  // Š
  EXPECT_EQ(BaseLetters(0xC6), "ae");   // Æ
  EXPECT_EQ(BaseLetters(0x0436), "");   // Cyrillic: left alone
  EXPECT_TRUE(StartsWithCapital("Évaluation"));
  EXPECT_FALSE(StartsWithCapital("évaluation"));
}

TEST(LatinLettersTest, FoldIgnoresCaseAndDiacriticsKeepsOffsets) {
  FoldedText f = Fold("CÔTE d’Ivoire");
  EXPECT_EQ(f.text, "cote d'ivoire");
  EXPECT_EQ(f.origin[1], 1u);  // "Ô" is two bytes: 't' comes from offset 3
  EXPECT_EQ(f.origin[2], 3u);
  EXPECT_EQ(FoldKey("Oficina de País en Bolivia"), "oficina de pais en bolivia");
  // Ids are derived as before: non-ASCII letters are kept, only ASCII is lowered.
  EXPECT_EQ(NormaliseForId("Évaluation à mi-parcours"), "Évaluation à mi parcours");
}

TEST(ResponsibleUnicodeTest, AliasesMatchWithoutAccentsOrCase) {
  config::Config c = UnicodeConfig();
  ResponsibleMatcher m(c.units);
  auto s = m.SplitTrailing("Train the staff. UN Women Cote d'Ivoire");
  EXPECT_EQ(s.description, "Train the staff.");
  EXPECT_EQ(s.responsible.units, Texts{"civ-co"});
  EXPECT_EQ(s.responsible.match, "alias");
  EXPECT_EQ(m.MatchText("BUREAU DE L’ÉVALUATION", "column").units, Texts{"ieo"});
  EXPECT_EQ(m.MatchText("un women côte d'ivoire co", "column").units, Texts{"civ-co"});
}

TEST(ResponsibleUnicodeTest, HeuristicKeepsParticlesAndCapitalsBeyondAscii) {
  ResponsibleMatcher m(testing::ExampleConfig().units);
  struct Case {
    std::string text, description, responsible;
  };
  for (const Case& c : {
           Case{"Revise the plan. UN Women Côte d'Ivoire", "Revise the plan.", "UN Women Côte d'Ivoire"},
           Case{"Réviser le plan. Bureau de l'évaluation", "Réviser le plan.", "Bureau de l'évaluation"},
           Case{"Revise the plan. Évaluation Unit", "Revise the plan.", "Évaluation Unit"},
           Case{"Revisar el plan. Oficina de País en Bolivia", "Revisar el plan.", "Oficina de País en Bolivia"},
           Case{"Rever o plano. Escritório do Brasil e dos Parceiros", "Rever o plano.",
                "Escritório do Brasil e dos Parceiros"},
           Case{"Draft the by-law. Ministry of Labour and Social Protection of Population", "Draft the by-law.",
                "Ministry of Labour and Social Protection of Population"},
           Case{"Revisar el plan. Ministerio de la Mujer y Poblaciones Vulnerables", "Revisar el plan.",
                "Ministerio de la Mujer y Poblaciones Vulnerables"},
       }) {
    auto s = m.SplitTrailing(c.text);
    EXPECT_EQ(s.description, c.description) << c.text;
    EXPECT_EQ(s.responsible.text, c.responsible) << c.text;
    EXPECT_EQ(s.responsible.match, "heuristic") << c.text;
  }
}

TEST(ResponsibleUnicodeTest, PublishedTextWithAccentedUnits) {
  config::Config c = UnicodeConfig();
  auto parsed = ParseGateText(testing::ReadFixture("gate/unicode-responsibles.txt"), c);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const auto& a = parsed->recommendations.at(0).actions;
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].description, "Former les points focaux genre des ministères.");
  EXPECT_EQ(a[0].responsible.text, "UN Women Cote d’Ivoire CO");
  EXPECT_EQ(a[0].responsible.units, Texts{"civ-co"});
  EXPECT_EQ(a[0].responsible.match, "alias");
  EXPECT_EQ(a[0].deadline->raw, "2026/03");
  EXPECT_EQ(a[1].description, "Publier le rapport annuel.");
  EXPECT_EQ(a[1].responsible.units, Texts{"ieo"});
  EXPECT_EQ(a[1].status, ActionStatus::kCompleted);
  EXPECT_EQ(a[2].description, "Revisar el plan de trabajo.");
  EXPECT_EQ(a[2].responsible.text, "Oficina de País en Bolivia");
  EXPECT_EQ(a[2].responsible.match, "heuristic");
  EXPECT_EQ(a[2].responsible.unmatched, Texts{"Oficina de País en Bolivia"});
  EXPECT_EQ(a[3].description, "Draft the by-law on shelters.");
  EXPECT_EQ(a[3].responsible.text, "Ministry of Labour and Social Protection of Population");
  EXPECT_EQ(a[3].status, ActionStatus::kOngoing);
}

}  // namespace
}  // namespace mrtrack::events::import
