// Documents that cannot be understood: the exact error, with its line.
#include <gtest/gtest.h>

#include "events/import/gate_parser.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

struct ErrorCase {
  const char* fixture;
  const char* field;
  const char* message;
};

class GateErrorsTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(GateErrorsTest, ExactLineAndReason) {
  const ErrorCase& c = GetParam();
  auto parsed = ParseGateText(testing::ReadFixture(std::string("gate/errors/") + c.fixture), testing::ExampleConfig());
  ASSERT_FALSE(parsed.ok()) << c.fixture;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().field(), c.field);
  EXPECT_EQ(parsed.status().message(), c.message);
}


INSTANTIATE_TEST_SUITE_P(
    Fixtures, GateErrorsTest,
    ::testing::Values(
        ErrorCase{"empty.txt", "line 1", "the document is empty"},
        ErrorCase{"no-recommendation.txt", "line 10",
                  "the document has no recommendation (expected a line starting with 'Recommendation:')"},
        ErrorCase{"action-before-recommendation.txt", "line 11",
                  "key action before any recommendation (each recommendation starts with 'Recommendation:')"},
        ErrorCase{"impossible-deadline.txt", "line 21",
                  "impossible deadline: '2025/13' is not a deadline: month 13 is not 1-12"},
        ErrorCase{"too-many-cells.txt", "line 20",
                  "table row has 6 cells; expected at most 5 (description, responsible, deadline, status, comment)"},
        ErrorCase{"field-after-actions.txt", "line 21",
                  "\"Management Response:\" after the key actions of recommendation 1 (each recommendation starts "
                  "with 'Recommendation:')"}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) {
      std::string name;
      for (const char* p = param_info.param.fixture; *p != '.'; ++p) name += (*p == '-') ? '_' : *p;
      return name;
    });

TEST(GateErrorsInlineTest, TextAfterTheTagsThatIsNoKeyAction) {
  std::string doc = testing::ReadFixture("gate/multiline-comments.txt");
  doc.replace(doc.find("Key Actions"), 11, "Some stray words");
  auto parsed = ParseGateText(doc, testing::ExampleConfig());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().field(), "line 18");
  EXPECT_EQ(parsed.status().message(),
            "unexpected text after the response fields of recommendation 1: \"Some stray words\" (expected 'Key "
            "Actions' or a key action)");
}

TEST(GateErrorsInlineTest, TextThatIsNotUtf8) {
  std::string doc = testing::ReadFixture("gate/multiline-comments.txt");
  doc.replace(doc.find("Almaty"), 6, "Almat\xFD");  // Latin-1, as some exports write it
  auto parsed = ParseGateText(doc, testing::ExampleConfig());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().field(), "line 20");
  EXPECT_EQ(parsed.status().message(), "the text is not UTF-8 (byte 0xFD at column 91); save or convert it as UTF-8");
}

TEST(GateErrorsInlineTest, RecommendationWithoutText) {
  std::string doc = testing::ReadFixture("gate/multiline-comments.txt");
  doc.replace(doc.find("Recommendation: Extend"), 22, "Recommendation:");
  doc.replace(doc.find(" the safe cities approach to two more cities."), 45, "");
  auto parsed = ParseGateText(doc, testing::ExampleConfig());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().field(), "line 11");
  EXPECT_EQ(parsed.status().message(), "recommendation 1 has no text");
}

TEST(GateErrorsInlineTest, ImpossibleDayInATableCell) {
  std::string doc = testing::ReadFixture("gate/table-cells.txt");
  doc.replace(doc.find("2025/06"), 7, "2025-02-30");
  auto parsed = ParseGateText(doc, testing::ExampleConfig());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().field(), "line 26");
  EXPECT_EQ(parsed.status().message(), "impossible deadline: '2025-02-30' is not a deadline: 2025-02 has no day 30");
}

}  // namespace
}  // namespace mrtrack::events::import
