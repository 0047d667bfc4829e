#include "common/json_depth.h"

#include <gtest/gtest.h>

#include <string>

namespace mrtrack {
namespace {

std::string Nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonDepthTest, AcceptsDocumentsUpToTheLimit) {
  EXPECT_TRUE(CheckJsonDepth(Nested(64), JsonPathStyle::kPointer).ok());
  EXPECT_TRUE(CheckJsonDepth(R"({"a": {"b": [1, {"c": "]]]]{{{{"}]}})", JsonPathStyle::kPointer, 4).ok());
  EXPECT_TRUE(CheckJsonDepth("", JsonPathStyle::kDotted).ok());
}

TEST(JsonDepthTest, NamesThePathWhereTheLimitWasPassed) {
  Status s = CheckJsonDepth(R"({"a": 1, "units": [ "x", [[[]]] ]})", JsonPathStyle::kPointer, 3);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "JSON nested deeper than 3 levels");
  EXPECT_EQ(s.field(), "/units/1/0");
  s = CheckJsonDepth(R"({"a": 1, "units": [ "x", [[[]]] ]})", JsonPathStyle::kDotted, 3);
  EXPECT_EQ(s.field(), "units[1][0]");
  s = CheckJsonDepth(R"({"r": [{"k\"}": {"a/b~": [[]]}}]})", JsonPathStyle::kPointer, 4);
  EXPECT_EQ(s.field(), "/r/0/k\\\"}/a~1b~0");
}

TEST(JsonDepthTest, AHundredThousandLevelsAreRefusedWithACutPath) {
  std::string deep = R"({"responsible": {"units": )" + Nested(100000) + "}}";
  Status s = CheckJsonDepth(deep, JsonPathStyle::kDotted);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  // 64 levels open: two objects, then 62 arrays; the 65th opens inside the last.
  std::string dotted = "responsible.units";
  std::string pointer = "/responsible/units";
  for (int i = 0; i < 62; ++i) {
    dotted += "[0]";
    pointer += "/0";
  }
  EXPECT_EQ(s.field(), dotted);
  EXPECT_EQ(CheckJsonDepth(deep, JsonPathStyle::kPointer).field(), pointer);
}

TEST(JsonDepthTest, ALongPathIsCut) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "{\"" + std::string(20, static_cast<char>('a' + i % 26)) + "\": ";
  Status s = CheckJsonDepth(deep + "1", JsonPathStyle::kDotted);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field().rfind(std::string(20, 'a') + "." + std::string(20, 'b') + ".", 0), 0u) << s.field();
  EXPECT_LE(s.field().size(), 250u);
  EXPECT_EQ(s.field().substr(s.field().size() - 3), "\xE2\x80\xA6");
}

TEST(JsonDepthTest, LongKeysAreCut) {
  std::string key(1000, 'k');
  Status s = CheckJsonDepth("{\"" + key + "\": [[]]}", JsonPathStyle::kDotted, 2);
  EXPECT_EQ(s.field(), std::string(32, 'k') + "\xE2\x80\xA6[0]");
}

TEST(JsonDepthTest, MalformedInputIsLeftToTheParser) {
  EXPECT_TRUE(CheckJsonDepth("]]]{", JsonPathStyle::kPointer).ok());
  EXPECT_TRUE(CheckJsonDepth("\"unterminated [[[[", JsonPathStyle::kPointer, 2).ok());
}

}  // namespace
}  // namespace mrtrack
