#include "common/time.h"

#include <gtest/gtest.h>

namespace mrtrack {
namespace {

TEST(TimeTest, FormatsUtcWithMicroseconds) {
  Timestamp t = Timestamp(date::sys_days(date::year(2025) / 6 / 30)) + std::chrono::hours(8) + std::chrono::microseconds(15);
  EXPECT_EQ(FormatTimestamp(t), "2025-06-30T08:00:00.000015Z");
}

TEST(TimeTest, ParsesTheForms) {
  auto day = ParseTimestamp("2025-06-30");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(FormatTimestamp(*day), "2025-06-30T00:00:00.000000Z");
  auto z = ParseTimestamp("2025-06-30T08:15:02Z");
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(FormatTimestamp(*z), "2025-06-30T08:15:02.000000Z");
  auto off = ParseTimestamp("2025-06-30T08:15:02+05:00");
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(FormatTimestamp(*off), "2025-06-30T03:15:02.000000Z");
  auto frac = ParseTimestamp("2025-06-30T08:15:02.5Z");
  ASSERT_TRUE(frac.ok());
  EXPECT_EQ(FormatTimestamp(*frac), "2025-06-30T08:15:02.500000Z");
}

TEST(TimeTest, RejectsNonsense) {
  EXPECT_EQ(ParseTimestamp("yesterday").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseDate("2025-02-30").ok());
  EXPECT_FALSE(ParseDate("2025-2-3").ok());
  EXPECT_TRUE(ParseDate("2024-02-29").ok());
}

}  // namespace
}  // namespace mrtrack
