#include "events/import/json_format.h"

#include <gtest/gtest.h>

#include "events/import/gate_parser.h"
#include "tests/events/import/test_support.h"

namespace mrtrack::events::import {
namespace {

using testing::ExampleConfig;
using Strings = std::vector<std::string>;

Status JsonError(const std::string& text) { return ParseEvaluationJson(text, ExampleConfig()).status(); }

TEST(JsonFormatTest, SmallEvaluationEveryField) {
  auto parsed = ParseEvaluationJson(testing::ReadFixture("gate/small-evaluation.json"), ExampleConfig());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const ParsedEvaluation& e = *parsed;
  EXPECT_EQ(e.source_format, "json");
  EXPECT_EQ(e.title, "Evaluation of the Safe Cities Programme");
  EXPECT_EQ(e.plan_period, "2024 - 2025");
  EXPECT_EQ(e.overall_response, "The office accepts the recommendations.\n\nIt will report every year.");
  ASSERT_EQ(e.recommendations.size(), 1u);
  const ManagementResponse& m = e.recommendations[0].response;
  EXPECT_EQ(m.category, "");
  EXPECT_EQ(m.category_inferred, "Partially accepted");
  EXPECT_EQ(m.operating_principles, (Strings{"National ownership", "Capacity development"}));
  EXPECT_EQ(m.organizational_priorities, Strings{});
  const auto& a = e.recommendations[0].actions;
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].responsible.units, Strings{"kaz-co"});
  EXPECT_EQ(a[0].responsible.unmatched, Strings{"Akimat of Shymkent"});
  EXPECT_EQ(a[0].responsible.match, "column");
  EXPECT_EQ(a[0].deadline->raw, "2025/06");
  EXPECT_EQ(a[0].status, ActionStatus::kNotInitiated);
  EXPECT_EQ(a[0].status_raw, "Over due");
  EXPECT_EQ(a[0].comment, "Almaty has agreed.\nShymkent will answer in May.");
  EXPECT_EQ(a[1].label, "1.2");
  EXPECT_EQ(a[1].scope, "KAZ");
  EXPECT_EQ(a[1].responsible.units, (Strings{"kaz-programme", "government"}));
  EXPECT_EQ(a[1].responsible.text, "Programme Team, UN Women Kazakhstan, Government institutions of Kazakhstan");
  EXPECT_EQ(a[1].responsible.match, "manual");
  EXPECT_EQ(a[1].deadline->date, date::year_month_day(date::year(2025), date::month(9), date::day(15)));
  EXPECT_EQ(a[1].comment, "");
  EXPECT_EQ(a[2].label, "2.1");
  EXPECT_EQ(a[2].scope, "Global");
  EXPECT_EQ(a[2].description, "Share the approach with the region.");
  EXPECT_EQ(a[2].responsible.match, "none");
  EXPECT_FALSE(a[2].deadline.has_value());
  EXPECT_FALSE(a[2].status.has_value());
  ASSERT_FALSE(e.warnings.empty());
  EXPECT_EQ(e.warnings[0].where, "/recommendations/0/response");
  EXPECT_EQ(e.warnings[0].message, "category blank; \"Partially accepted\" inferred from the response text");
}

TEST(JsonFormatTest, SeedRoundTripsThroughJson) {
  auto gate = ParseGateText(testing::SeedText(), ExampleConfig());
  ASSERT_TRUE(gate.ok());
  auto json = ParseEvaluationJson(EvaluationToJson(*gate).dump(), ExampleConfig());
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(json->title, gate->title);
  EXPECT_EQ(json->overall_response, gate->overall_response);
  ASSERT_EQ(json->recommendations.size(), 11u);
  for (std::size_t r = 0; r < 11; ++r) {
    EXPECT_EQ(json->recommendations[r].text, gate->recommendations[r].text);
    EXPECT_EQ(json->recommendations[r].response, gate->recommendations[r].response);
    ASSERT_EQ(json->recommendations[r].actions.size(), gate->recommendations[r].actions.size());
    for (std::size_t a = 0; a < gate->recommendations[r].actions.size(); ++a) {
      const auto& x = json->recommendations[r].actions[a];
      const auto& y = gate->recommendations[r].actions[a];
      EXPECT_EQ(x.description, y.description);
      EXPECT_EQ(x.responsible.units, y.responsible.units);
      EXPECT_EQ(x.responsible.text, y.responsible.text);
      EXPECT_EQ(x.deadline, y.deadline);
      EXPECT_EQ(x.status_raw, y.status_raw);
      EXPECT_EQ(x.comment, y.comment);
    }
  }
}

TEST(JsonFormatTest, ErrorsNameTheJsonPointer) {
  Status s = JsonError("{\"evaluation\": {\"title\": \"T\"}, \"recommendations\": [{\"text\": \"R\"}]}");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "/evaluation/office");
  EXPECT_EQ(s.message(), "required");

  s = JsonError(R"({"evaluation": {"title": "T", "office": "O"}, "recommendations": []})");
  EXPECT_EQ(s.field(), "/recommendations");
  EXPECT_EQ(s.message(), "expected a non-empty list of recommendations");

  s = JsonError(R"({"evaluation": {"title": "T", "office": "O"},
                    "recommendations": [{"text": "R", "key_actions": [{"description": "D", "deadline": "2025/13"}]}]})");
  EXPECT_EQ(s.field(), "/recommendations/0/key_actions/0/deadline");
  EXPECT_EQ(s.message(), "impossible deadline: '2025/13' is not a deadline: month 13 is not 1-12");

  s = JsonError(R"({"evaluation": {"title": "T", "office": "O"},
                    "recommendations": [{"text": "R", "key_actions": [{"description": "D", "status": "Waiting"}]}]})");
  EXPECT_EQ(s.field(), "/recommendations/0/key_actions/0/status");

  s = JsonError(R"({"evaluation": {"title": "T", "office": "O"},
                    "recommendations": [{"text": "R", "key_actions": [{"description": "D",
                                         "responsible": {"units": ["kaz-co", "mars"]}}]}]})");
  EXPECT_EQ(s.field(), "/recommendations/0/key_actions/0/responsible/units/1");
  EXPECT_EQ(s.message(), "unknown unit \"mars\" (not in the unit directory)");

  s = JsonError(R"({"evaluation": {"title": "T", "office": "O", "colour": "red"}, "recommendations": [{"text": "R"}]})");
  EXPECT_EQ(s.field(), "/evaluation/colour");
  EXPECT_EQ(s.message(), "unknown field 'colour'");

  s = JsonError(R"({"version": 2, "evaluation": {"title": "T", "office": "O"}, "recommendations": [{"text": "R"}]})");
  EXPECT_EQ(s.field(), "/version");

  s = JsonError(R"({"evaluation": {"title": 5, "office": "O"}, "recommendations": [{"text": "R"}]})");
  EXPECT_EQ(s.field(), "/evaluation/title");
  EXPECT_EQ(s.message(), "expected a string, got number");
}

TEST(JsonFormatTest, DeepNestingIsRefusedWithThePathBeforeParsing) {
  // 100,000 levels: parsing, copying or printing this recursively would overflow the stack.
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  Status s = JsonError(R"({"evaluation": {"title": "T", "office": "O"},
                          "recommendations": [{"text": "R", "key_actions": [{"description": "D",
                                               "responsible": {"units": [)" + deep + "]}}]}]}");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "JSON nested deeper than 64 levels");
  EXPECT_TRUE(s.field().starts_with("/recommendations/0/key_actions/0/responsible/units/0/0/0/0")) << s.field();
  EXPECT_LT(s.field().size(), 250u);
}

TEST(JsonFormatTest, ErrorsCutLongValues) {
  std::string huge(100000, 'x');
  Status s = JsonError(R"({"evaluation": {"title": "T", "office": "O"},
                          "recommendations": [{"text": "R", "key_actions": [{"description": "D",
                                               "status": ")" + huge + "\"}]}]}");
  EXPECT_EQ(s.field(), "/recommendations/0/key_actions/0/status");
  EXPECT_LT(s.message().size(), 400u) << s.message();
  EXPECT_NE(s.message().find("(cut, 100000 bytes)"), std::string::npos) << s.message();
  s = JsonError(R"({"evaluation": {"title": "T", "office": "O", ")" + huge + R"(": 1}, "recommendations": []})");
  EXPECT_LT(s.message().size() + s.field().size(), 400u);
}

TEST(JsonFormatTest, MalformedJsonNamesTheLine) {
  Status s = JsonError("{\n  \"evaluation\": {\n    \"title\": \"T\",,\n  }\n}");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "line 3");
  EXPECT_TRUE(s.message().starts_with("malformed JSON: ")) << s.message();
  EXPECT_EQ(JsonError("[1, 2]").field(), "/");
}

}  // namespace
}  // namespace mrtrack::events::import
