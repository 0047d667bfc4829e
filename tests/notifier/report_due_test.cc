// When a [[reports]] report falls due, and which period it covers.
#include <gtest/gtest.h>

#include "common/time.h"
#include "notifier/report_sender.h"

namespace mrtrack::notifier {
namespace {

Timestamp At(const std::string& text) { return *ParseTimestamp(text); }

SendSchedule Schedule(const std::string& zone) {
  config::ReminderRules rules;
  rules.send_time = "09:00";
  return *SendSchedule::Make(rules, zone);
}

config::ReportSchedule Report(config::ReportSchedule::Every every, int day) {
  config::ReportSchedule r;
  r.name = "board";
  r.recipients = {"board@example.org"};
  r.every = every;
  r.day = day;
  return r;
}

TEST(ReportDueTest, MonthlyOnItsDayAtTheSendTime) {
  const auto monthly = Report(config::ReportSchedule::Every::kMonthly, 1);
  const SendSchedule utc = Schedule("UTC");
  ReportDue before = LastReportDue(monthly, utc, At("2026-12-01T08:59:00Z"));
  EXPECT_EQ(before.period.label, "2026-10");
  EXPECT_EQ(before.due_at, At("2026-11-01T09:00:00Z"));
  ReportDue on = LastReportDue(monthly, utc, At("2026-12-01T09:00:00Z"));
  EXPECT_EQ(on.period.label, "2026-11");
  EXPECT_EQ(on.due_at, At("2026-12-01T09:00:00Z"));
  ReportDue january = LastReportDue(monthly, utc, At("2027-01-15T00:00:00Z"));
  EXPECT_EQ(january.period.label, "2026-12") << "across the year";
  // In the organisation's zone: 09:00 in Almaty (UTC+5) is 04:00 UTC.
  ReportDue almaty = LastReportDue(Report(config::ReportSchedule::Every::kMonthly, 15), Schedule("Asia/Almaty"),
                                   At("2026-12-15T04:30:00Z"));
  EXPECT_EQ(almaty.period.label, "2026-11");
  EXPECT_EQ(almaty.due_at, At("2026-12-15T04:00:00Z"));
}

TEST(ReportDueTest, WeeklyOnItsWeekdayForTheWeekBefore) {
  const SendSchedule utc = Schedule("UTC");
  // 2026-12-02 is a Wednesday; 2026-11-30 a Monday, in ISO week 49.
  ReportDue monday = LastReportDue(Report(config::ReportSchedule::Every::kWeekly, 1), utc, At("2026-12-02T10:00:00Z"));
  EXPECT_EQ(monday.due_at, At("2026-11-30T09:00:00Z"));
  EXPECT_EQ(monday.period.label, "2026-W48");
  EXPECT_EQ(FormatDate(monday.period.first), "2026-11-23");
  EXPECT_EQ(FormatDate(monday.period.last), "2026-11-29");
  ReportDue wednesday_early =
      LastReportDue(Report(config::ReportSchedule::Every::kWeekly, 3), utc, At("2026-12-02T08:00:00Z"));
  EXPECT_EQ(wednesday_early.due_at, At("2026-11-25T09:00:00Z"));
  EXPECT_EQ(wednesday_early.period.label, "2026-W47");
  ReportDue wednesday = LastReportDue(Report(config::ReportSchedule::Every::kWeekly, 3), utc, At("2026-12-02T09:00:00Z"));
  EXPECT_EQ(wednesday.due_at, At("2026-12-02T09:00:00Z"));
  EXPECT_EQ(wednesday.period.label, "2026-W48");
  ReportDue sunday = LastReportDue(Report(config::ReportSchedule::Every::kWeekly, 7), utc, At("2026-12-02T09:00:00Z"));
  EXPECT_EQ(sunday.due_at, At("2026-11-29T09:00:00Z"));
  EXPECT_EQ(sunday.period.label, "2026-W47");
}

}  // namespace
}  // namespace mrtrack::notifier
