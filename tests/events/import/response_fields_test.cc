#include "events/import/response_fields.h"

#include <gtest/gtest.h>

namespace mrtrack::events::import {
namespace {

TEST(CategoryFromProseTest, EachPhraseAndTheSentenceItCameFrom) {
  struct Case {
    std::string text, category, sentence;
    bool noted = false;
  };
  for (const Case& c : {
           Case{"UN Women agrees with this recommendation. Work starts in May.", "Accepted",
                "UN Women agrees with this recommendation."},
           Case{"Accepted partially. The office lacks the budget for the second part.", "Partially accepted",
                "Accepted partially."},
           Case{"The office has accepted recommendation 1 and will report yearly.", "Accepted",
                "The office has accepted recommendation 1 and will report yearly."},
           Case{"Management does not agree: the programme closes in 2026.", "Rejected",
                "Management does not agree: the programme closes in 2026."},
           Case{"This recommendation was rejected by the steering committee.", "Rejected",
                "This recommendation was rejected by the steering committee."},
           Case{"UN Women takes note of the recommendation. It is accepted by the partners.", "",
                "UN Women takes note of the recommendation.", true},
           Case{"Work starts in May.\nThe office accepts it.", "Accepted", "The office accepts it."},
           Case{"Work starts in May.", "", ""},
       }) {
    CategoryInference inferred = InferCategoryFromProse(c.text);
    EXPECT_EQ(inferred.category, c.category) << c.text;
    EXPECT_EQ(inferred.sentence, c.sentence) << c.text;
    EXPECT_EQ(inferred.noted, c.noted) << c.text;
  }
}

TEST(CategoryFromProseTest, RecommendationKeepsTheSentenceAndWarnsWithIt) {
  ParsedRecommendation rec;
  rec.line = 11;
  rec.text = "Do it.";
  rec.response.text = "UN Women takes note of the recommendation.";
  rec.actions.emplace_back();
  std::vector<ImportWarning> warnings;
  FinishRecommendation(rec, 2, 13, warnings);
  EXPECT_EQ(rec.response.category_inferred, "");
  EXPECT_EQ(rec.category_sentence, "UN Women takes note of the recommendation.");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], (ImportWarning{13, "recommendation 2",
                                        "category blank; the response text only takes note: \"UN Women takes note of "
                                        "the recommendation.\""}));
}

}  // namespace
}  // namespace mrtrack::events::import
