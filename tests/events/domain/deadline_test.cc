#include "events/domain/deadline.h"

#include <string>

#include <date/tz.h>
#include <gtest/gtest.h>

#include "common/time.h"

namespace mrtrack::events {
namespace {

using date::day;
using date::month;
using date::year;

Timestamp At(const std::string& text) {
  auto t = ParseTimestamp(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : Timestamp{};
}

Deadline Parsed(const std::string& text) {
  auto d = ParseDeadline(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().ToString();
  return d.ok() ? *d : Deadline{};
}

void ExpectError(const std::string& text, const std::string& message) {
  auto d = ParseDeadline(text);
  ASSERT_FALSE(d.ok()) << text;
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(d.status().message(), message);
  EXPECT_EQ(d.status().field(), "deadline");
}

TEST(ParseDeadlineTest, PublishedMonthMeansItsLastDay) {
  Deadline d = Parsed("2025/03");
  EXPECT_EQ(d.date, year{2025} / month{3} / day{31});
  EXPECT_EQ(d.raw, "2025/03");
  EXPECT_EQ(Parsed("2025/04").date, year{2025} / month{4} / day{30});
  EXPECT_EQ(Parsed("2025/12").date, year{2025} / month{12} / day{31});
  EXPECT_EQ(Parsed("2025/3").date, year{2025} / month{3} / day{31});
}

TEST(ParseDeadlineTest, FebruaryFollowsLeapYears) {
  EXPECT_EQ(Parsed("2024/02").date, year{2024} / month{2} / day{29});
  EXPECT_EQ(Parsed("2025/02").date, year{2025} / month{2} / day{28});
  EXPECT_EQ(Parsed("2000/02").date, year{2000} / month{2} / day{29});
  EXPECT_EQ(Parsed("2100/02").date, year{2100} / month{2} / day{28});
  EXPECT_EQ(Parsed("2024-02-29").date, year{2024} / month{2} / day{29});
}

TEST(ParseDeadlineTest, HyphenatedMonthAndFullDates) {
  Deadline month_only = Parsed("2025-03");
  EXPECT_EQ(month_only.date, year{2025} / month{3} / day{31});
  EXPECT_EQ(month_only.raw, "2025-03");
  Deadline full = Parsed("2025-03-15");
  EXPECT_EQ(full.date, year{2025} / month{3} / day{15});
  EXPECT_EQ(full.raw, "2025-03-15");
  EXPECT_EQ(Parsed("2025/03/15").date, year{2025} / month{3} / day{15});
}

TEST(ParseDeadlineTest, TrimsBlanksAndKeepsTheTrimmedText) {
  Deadline d = Parsed("  2025/03\t");
  EXPECT_EQ(d.raw, "2025/03");
  EXPECT_EQ(d.date, year{2025} / month{3} / day{31});
}

TEST(ParseDeadlineTest, SameDayIsTheSameDeadlineWhateverTheText) {
  EXPECT_EQ(Parsed("2025/03"), Parsed("2025-03-31"));
  EXPECT_FALSE(Parsed("2025/03") == Parsed("2025-03-30"));
}

TEST(ParseDeadlineTest, BadMonthsAndDaysAreExplained) {
  ExpectError("2025/13", "'2025/13' is not a deadline: month 13 is not 1-12");
  ExpectError("2025-00", "'2025-00' is not a deadline: month 0 is not 1-12");
  ExpectError("2025-04-31", "'2025-04-31' is not a deadline: 2025-04 has no day 31");
  ExpectError("2025-02-29", "'2025-02-29' is not a deadline: 2025-02 has no day 29");
  ExpectError("2025-01-00", "'2025-01-00' is not a deadline: 2025-01 has no day 0");
  ExpectError("2025-13-01", "'2025-13-01' is not a deadline: month 13 is not 1-12");
}

TEST(ParseDeadlineTest, GarbageIsRejectedWithTheExpectedForms) {
  for (const std::string text : {"soon", "", "2025", "25/03", "2025/", "2025/03/", "2025-03/15", "2025/03 x", "2025.03",
                                 "Q1 2025", "2025/003", "20251/03", "2025/03-15"}) {
    ExpectError(text, "'" + text + "' is not a deadline: expected YYYY/MM, YYYY-MM or YYYY-MM-DD");
  }
}

TEST(DeadlineJsonTest, RoundTrips) {
  Deadline d = Parsed("2024/02");
  nlohmann::json j = DeadlineToJson(d);
  EXPECT_EQ(j, nlohmann::json::parse(R"({"date": "2024-02-29", "raw": "2024/02"})"));
  auto back = DeadlineFromJson(j);
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ((*back)->date, d.date);
  EXPECT_EQ((*back)->raw, "2024/02");
}

TEST(DeadlineJsonTest, NullIsNoDeadline) {
  EXPECT_TRUE(DeadlineToJson(std::nullopt).is_null());
  auto back = DeadlineFromJson(nullptr);
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->has_value());
}

TEST(DeadlineJsonTest, RawDefaultsToTheDate) {
  auto back = DeadlineFromJson(nlohmann::json{{"date", "2025-06-30"}});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)->raw, "2025-06-30");
}

TEST(DeadlineJsonTest, MalformedJsonNamesTheField) {
  auto not_object = DeadlineFromJson("2025/03");
  EXPECT_EQ(not_object.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(not_object.status().message(), "a deadline must be an object or null");

  auto no_date = DeadlineFromJson(nlohmann::json{{"raw", "2025/03"}});
  EXPECT_EQ(no_date.status().field(), "date");
  EXPECT_EQ(no_date.status().message(), "a deadline needs \"date\" as a YYYY-MM-DD string");

  auto bad_date = DeadlineFromJson(nlohmann::json{{"date", "2025-02-30"}});
  EXPECT_EQ(bad_date.status().field(), "date");
  EXPECT_EQ(bad_date.status().message(), "'2025-02-30' is not a date: expected YYYY-MM-DD");

  auto bad_raw = DeadlineFromJson(nlohmann::json{{"date", "2025-02-28"}, {"raw", 3}});
  EXPECT_EQ(bad_raw.status().field(), "raw");
}

// Asia/Almaty was UTC+6 until 2024-03-01 and UTC+5 since; it has no DST.
TEST(OverdueTest, AlmatyBecomesOverdueAtLocalMidnightAfterTheDeadline) {
  const date::time_zone& almaty = *date::locate_zone("Asia/Almaty");
  Deadline d = Parsed("2023/03");
  EXPECT_EQ(OverdueFrom(d, almaty), At("2023-03-31T18:00:00Z"));
  EXPECT_FALSE(IsPastDeadline(d, At("2023-03-31T17:59:59.999999Z"), almaty));
  EXPECT_TRUE(IsPastDeadline(d, At("2023-03-31T18:00:00Z"), almaty));

  EXPECT_EQ(OverdueFrom(Parsed("2025/03"), almaty), At("2025-03-31T19:00:00Z"));
}

TEST(OverdueTest, BerlinFollowsDaylightSavingTime) {
  const date::time_zone& berlin = *date::locate_zone("Europe/Berlin");
  // Summer time (UTC+2) since 2025-03-30.
  EXPECT_EQ(OverdueFrom(Parsed("2025/03"), berlin), At("2025-03-31T22:00:00Z"));
  // The night of the change itself: midnight is still winter time (UTC+1).
  EXPECT_EQ(OverdueFrom(Parsed("2025-03-29"), berlin), At("2025-03-29T23:00:00Z"));
  // Winter time again from 2025-10-26.
  EXPECT_EQ(OverdueFrom(Parsed("2025/10"), berlin), At("2025-10-31T23:00:00Z"));
  EXPECT_EQ(OverdueFrom(Parsed("2025/06"), berlin), At("2025-06-30T22:00:00Z"));
}

TEST(OverdueTest, SkippedMidnightStartsTheDayAtTheJump) {
  // Havana moved its clocks from 00:00 to 01:00 on 2023-03-12.
  const date::time_zone& havana = *date::locate_zone("America/Havana");
  EXPECT_EQ(OverdueFrom(Parsed("2023-03-11"), havana), At("2023-03-12T05:00:00Z"));
}

TEST(OverdueTest, RepeatedMidnightCountsFromTheFirstOne) {
  // Havana went from 01:00 CDT back to 00:00 CST on 2023-11-05.
  const date::time_zone& havana = *date::locate_zone("America/Havana");
  EXPECT_EQ(OverdueFrom(Parsed("2023-11-04"), havana), At("2023-11-05T04:00:00Z"));
}

TEST(OverdueTest, DaysPastDeadlineCountsLocalDays) {
  const date::time_zone& almaty = *date::locate_zone("Asia/Almaty");
  Deadline d = Parsed("2023/03");
  EXPECT_EQ(DaysPastDeadline(d, At("2023-03-24T12:00:00Z"), almaty), -7);
  EXPECT_EQ(DaysPastDeadline(d, At("2023-03-30T18:00:00Z"), almaty), 0);  // 00:00 on the 31st there
  EXPECT_EQ(DaysPastDeadline(d, At("2023-03-31T17:59:59Z"), almaty), 0);
  EXPECT_EQ(DaysPastDeadline(d, At("2023-03-31T18:00:00Z"), almaty), 1);
  EXPECT_EQ(DaysPastDeadline(d, At("2023-04-30T18:00:00Z"), almaty), 31);

  const date::time_zone& utc = *date::locate_zone("UTC");
  EXPECT_EQ(DaysPastDeadline(d, At("2023-03-31T18:00:00Z"), utc), 0);
}

}  // namespace
}  // namespace mrtrack::events
