#include "events/import/responsible_matcher.h"

#include <gtest/gtest.h>

#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using Units = std::vector<std::string>;

class ResponsibleMatcherTest : public ::testing::Test {
 protected:
  ResponsibleMatcher matcher_{testing::ExampleConfig().units};
};

TEST_F(ResponsibleMatcherTest, LongestAliasWinsAtTheEnd) {
  auto s = matcher_.SplitTrailing("Hold the meetings. Programme Team UN Women Kazakhstan CO");
  EXPECT_EQ(s.description, "Hold the meetings.");
  EXPECT_EQ(s.responsible.text, "Programme Team UN Women Kazakhstan CO");
  EXPECT_EQ(s.responsible.units, Units{"kaz-programme"});
  EXPECT_EQ(s.responsible.match, "alias");
}

TEST_F(ResponsibleMatcherTest, EveryJoiner) {
  for (const char* joiner : {", ", " and ", " & ", "; ", " / "}) {
    auto s = matcher_.SplitTrailing(std::string("Do it. Government institutions") + joiner + "UN Women Kazakhstan CO");
    EXPECT_EQ(s.description, "Do it.") << joiner;
    EXPECT_EQ(s.responsible.units, (Units{"government", "kaz-co"})) << joiner;
    EXPECT_TRUE(s.responsible.unmatched.empty()) << joiner;
  }
}

TEST_F(ResponsibleMatcherTest, CaseQuotesAndBlanksDoNotMatter) {
  auto s = matcher_.SplitTrailing("Do it.  un women  kazakhstan co,  GOVERNMENT INSTITUTIONS");
  EXPECT_EQ(s.responsible.units, (Units{"kaz-co", "government"}));
  EXPECT_EQ(s.responsible.text, "un women  kazakhstan co,  GOVERNMENT INSTITUTIONS");
}

TEST_F(ResponsibleMatcherTest, OnlyOnWordBoundaries) {
  // "ECARO" must not be found inside a word, nor "Government" in "NonGovernment".
  auto s = matcher_.SplitTrailing("write to the PRECARO NonGovernment");
  EXPECT_EQ(s.responsible.match, "heuristic");
  EXPECT_TRUE(s.responsible.units.empty());
  EXPECT_EQ(s.responsible.text, "PRECARO NonGovernment");
}

TEST_F(ResponsibleMatcherTest, AJoinerInsideTheDescriptionIsNotAResponsible) {
  auto s = matcher_.SplitTrailing("Meet partners and also UN Women Kazakhstan CO");
  EXPECT_EQ(s.description, "Meet partners and also");
  EXPECT_EQ(s.responsible.units, Units{"kaz-co"});
  EXPECT_EQ(s.responsible.match, "alias");
}

TEST_F(ResponsibleMatcherTest, HeuristicStopsAtTheSentenceEnd) {
  auto s = matcher_.SplitTrailing("Draft the Law on Shelters. Ministry of Justice");
  EXPECT_EQ(s.description, "Draft the Law on Shelters.");
  EXPECT_EQ(s.responsible.text, "Ministry of Justice");
  EXPECT_EQ(s.responsible.unmatched, Units{"Ministry of Justice"});
  EXPECT_EQ(s.responsible.match, "heuristic");
}

TEST_F(ResponsibleMatcherTest, NothingFound) {
  auto s = matcher_.SplitTrailing("update the website");
  EXPECT_EQ(s.description, "update the website");
  EXPECT_EQ(s.responsible.match, "none");
  // A run that would leave no description is no split either.
  EXPECT_EQ(matcher_.SplitTrailing("Ministry of Justice").responsible.match, "none");
  EXPECT_EQ(matcher_.SplitTrailing("Draft the law.").responsible.match, "none");
}

TEST_F(ResponsibleMatcherTest, MatchTextKeepsFreePartsWhole) {
  Responsible r = matcher_.MatchText("Ministry of Labour and Social Protection, Government institutions", "column");
  EXPECT_EQ(r.units, Units{"government"});
  EXPECT_EQ(r.unmatched, Units{"Ministry of Labour and Social Protection"});
  EXPECT_EQ(r.match, "column");

  Responsible two = matcher_.MatchText("Akimat of Almaty; ECARO / Ministry of Finance", "column");
  EXPECT_EQ(two.units, Units{"ecaro"});
  EXPECT_EQ(two.unmatched, (Units{"Akimat of Almaty", "Ministry of Finance"}));

  // An alias must be a whole part: "Government" inside a ministry's name is not the unit.
  Responsible inside = matcher_.MatchText("Ministry of Government Affairs", "column");
  EXPECT_TRUE(inside.units.empty());
  EXPECT_EQ(inside.unmatched, Units{"Ministry of Government Affairs"});

  EXPECT_EQ(matcher_.MatchText("  ", "column").match, "none");
  EXPECT_EQ(matcher_.MatchText("Government, government institutions", "column").units, Units{"government"});
}

TEST_F(ResponsibleMatcherTest, UnitNamesCountAsAliases) {
  EXPECT_EQ(matcher_.MatchText("UN agencies in Kazakhstan", "column").units, Units{"un-agencies"});
}

TEST(CapitalisedRunTest, Runs) {
  EXPECT_EQ(CapitalisedRunStart("Do it. Ministry of Justice"), 7u);
  EXPECT_EQ(CapitalisedRunStart("Work with the Bureau of National Statistics"), 14u);
  EXPECT_EQ(CapitalisedRunStart("work with the bureau"), std::nullopt);
  EXPECT_EQ(CapitalisedRunStart("Do it with the"), std::nullopt);   // ends with a connector
  EXPECT_EQ(CapitalisedRunStart("Ministry of Justice"), std::nullopt);  // no description left
}

}  // namespace
}  // namespace mrtrack::events::import
