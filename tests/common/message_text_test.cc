#include "common/message_text.h"

#include <gtest/gtest.h>

namespace mrtrack {
namespace {

TEST(MessageTextTest, ShortValuesAreQuotedWhole) {
  EXPECT_EQ(MessageValue("Ongoing"), "\"Ongoing\"");
  EXPECT_EQ(MessageValue("Ongoing", '\''), "'Ongoing'");
  EXPECT_EQ(MessageValue("Ongoing", '\0'), "Ongoing");
  EXPECT_EQ(MessageField("units"), "units");
}

TEST(MessageTextTest, LongValuesAreCutAndSaySo) {
  EXPECT_EQ(MessageValue(std::string(1 << 20, 'x'), '"', 4), "\"xxxx\xE2\x80\xA6\" (cut, 1048576 bytes)");
  EXPECT_EQ(MessageField(std::string(100, 'k'), 3), "kkk\xE2\x80\xA6");
}

TEST(MessageTextTest, CutsNeverSplitACharacter) {
  // "é" is two bytes: a cut inside it keeps the whole character out.
  EXPECT_EQ(MessageValue("a\xC3\xA9z", '\0', 2), "a\xE2\x80\xA6 (cut, 4 bytes)");
  EXPECT_EQ(MessageValue("a\xC3\xA9z", '\0', 3), "a\xC3\xA9\xE2\x80\xA6 (cut, 4 bytes)");
}

}  // namespace
}  // namespace mrtrack
