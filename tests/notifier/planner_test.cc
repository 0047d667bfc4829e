#include "notifier/planner.h"

#include <gtest/gtest.h>

#include <set>

#include "events/domain/event_types.h"
#include "notifier/reminder_rules.h"
#include "notifier/send_schedule.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;
using namespace std::chrono_literals;

date::year_month_day Ymd(int y, unsigned m, unsigned d) { return date::year(y) / date::month(m) / date::day(d); }
date::local_days Day(int y, unsigned m, unsigned d) { return date::local_days(Ymd(y, m, d)); }

SendSchedule Schedule(const config::ReminderRules& rules, const std::string& zone = "Europe/Berlin") {
  auto s = SendSchedule::Make(rules, zone);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

TEST(SendScheduleTest, SendTimeFollowsBerlinAcrossTheSpringClockChange) {
  config::ReminderRules rules;  // 09:00.
  const SendSchedule s = Schedule(rules);
  EXPECT_EQ(s.SendInstant(Day(2025, 3, 29)), At("2025-03-29T08:00:00Z"));  // CET, +01:00
  EXPECT_EQ(s.SendInstant(Day(2025, 3, 30)), At("2025-03-30T07:00:00Z"));  // CEST from 02:00 that day
  EXPECT_EQ(s.SendInstant(Day(2025, 10, 26)), At("2025-10-26T08:00:00Z"));  // back to CET
}

TEST(SendScheduleTest, ASendTimeInTheSkippedHourMovesToTheEndOfTheGap) {
  config::ReminderRules rules;
  rules.send_time = "02:30";
  const SendSchedule s = Schedule(rules);
  EXPECT_EQ(s.SendInstant(Day(2025, 3, 30)), At("2025-03-30T01:00:00Z"));  // 03:00 CEST
  // 02:30 happens twice on 2025-10-26: the first one (still CEST) is taken.
  EXPECT_EQ(s.SendInstant(Day(2025, 10, 26)), At("2025-10-26T00:30:00Z"));
}

TEST(SendScheduleTest, QuietHoursMoveTheSendTimeToTheirEnd) {
  config::ReminderRules rules;
  rules.send_time = "07:00";
  rules.quiet_start = "19:00";
  rules.quiet_end = "08:00";
  SendSchedule s = Schedule(rules);
  EXPECT_EQ(s.SendInstant(Day(2025, 3, 24)), At("2025-03-24T07:00:00Z"));  // 08:00 CET
  EXPECT_TRUE(s.InQuietHours(At("2025-03-24T05:59:00Z")));
  EXPECT_FALSE(s.InQuietHours(At("2025-03-24T07:00:00Z")));
  EXPECT_EQ(s.OutOfQuietHours(At("2025-03-24T19:30:00Z")), At("2025-03-25T07:00:00Z"));

  rules.send_time = "23:00";
  rules.quiet_start = "22:00";
  rules.quiet_end = "06:00";
  s = Schedule(rules);
  EXPECT_EQ(s.SendInstant(Day(2025, 3, 24)), At("2025-03-25T05:00:00Z"));  // next day 06:00 CET

  rules.send_time = "12:00";
  rules.quiet_start = "12:00";
  rules.quiet_end = "13:30";
  s = Schedule(rules);
  EXPECT_EQ(s.SendInstant(Day(2025, 7, 1)), At("2025-07-01T11:30:00Z"));  // 13:30 CEST
}

TEST(SendScheduleTest, RejectsHalfAQuietWindowAndUnknownZones) {
  config::ReminderRules rules;
  rules.quiet_start = "19:00";
  auto s = SendSchedule::Make(rules, "Europe/Berlin");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "quiet hours need both quiet_start and quiet_end");
  EXPECT_EQ(s.status().field(), "reminders.quiet_start");
  auto z = SendSchedule::Make(config::ReminderRules{}, "Mars/Olympus");
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.status().field(), "organisation.time_zone");
}

TEST(ReminderRulesTest, OccurrencesAcrossMonthEndsLeapDaysAndTheClockChange) {
  config::ReminderRules rules;  // 30d, 7d, 1d, deadline, every 7d, escalate after 30d.
  const SendSchedule s = Schedule(rules);
  auto occ = OccurrencesBetween(Ymd(2025, 3, 31), rules, s, At("2025-02-01T00:00:00Z"), At("2025-05-01T00:00:00Z"));
  std::vector<std::string> got;
  for (const auto& o : occ) got.push_back(o.rule + "@" + FormatTimestamp(o.due_at));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "before-30d@2025-03-01T08:00:00.000000Z",
                     "before-7d@2025-03-24T08:00:00.000000Z",
                     "before-1d@2025-03-30T07:00:00.000000Z",  // the first CEST day
                     "deadline@2025-03-31T07:00:00.000000Z",
                     "overdue-7d@2025-04-07T07:00:00.000000Z",
                     "overdue-14d@2025-04-14T07:00:00.000000Z",
                     "overdue-21d@2025-04-21T07:00:00.000000Z",
                     "overdue-28d@2025-04-28T07:00:00.000000Z",
                     "escalate-30d@2025-04-30T07:00:00.000000Z",
                 }));
  // 30 days before 2024-02-29 is 2024-01-30; a week after 2025-02-28 is 2025-03-07.
  auto leap = OccurrencesBetween(Ymd(2024, 2, 29), rules, s, At("2024-01-30T00:00:00Z"), At("2024-01-31T00:00:00Z"));
  ASSERT_EQ(leap.size(), 1u);
  EXPECT_EQ(leap[0].rule, "before-30d");
  auto feb = LatestDue(Ymd(2025, 2, 28), rules, s, Chain::kMain, At("2025-03-07T08:00:00Z"));
  ASSERT_TRUE(feb.has_value());
  EXPECT_EQ(feb->rule, "overdue-7d");
  EXPECT_EQ(feb->day, Day(2025, 3, 7));
}

TEST(ReminderRulesTest, LatestDueIsTheLastOccurrenceWhoseTimeHasCome) {
  config::ReminderRules rules;
  const SendSchedule s = Schedule(rules);
  const auto d = Ymd(2025, 3, 31);
  EXPECT_FALSE(LatestDue(d, rules, s, Chain::kMain, At("2025-03-01T07:59:59Z")).has_value());
  EXPECT_EQ(LatestDue(d, rules, s, Chain::kMain, At("2025-03-24T07:59:59Z"))->rule, "before-30d");
  EXPECT_EQ(LatestDue(d, rules, s, Chain::kMain, At("2025-03-24T08:00:00Z"))->rule, "before-7d");
  EXPECT_EQ(LatestDue(d, rules, s, Chain::kMain, At("2025-04-13T12:00:00Z"))->rule, "overdue-7d");
  EXPECT_EQ(LatestDue(d, rules, s, Chain::kMain, At("2027-01-01T12:00:00Z"))->rule, "overdue-637d");
  EXPECT_FALSE(LatestDue(d, rules, s, Chain::kEscalation, At("2025-04-30T06:59:00Z")).has_value());
  EXPECT_EQ(LatestDue(d, rules, s, Chain::kEscalation, At("2025-04-30T07:00:00Z"))->rule, "escalate-30d");
  rules.overdue_every = std::chrono::days(0);
  rules.escalate_after = std::chrono::days(0);
  EXPECT_EQ(LatestDue(d, rules, s, Chain::kMain, At("2027-01-01T12:00:00Z"))->rule, "deadline");
  EXPECT_FALSE(LatestDue(d, rules, s, Chain::kEscalation, At("2027-01-01T12:00:00Z")).has_value());
}

TEST(ReminderRulesTest, UpdateRequestsRepeatFromTheDayOfTheLastUpdate) {
  const SendSchedule s = Schedule(config::ReminderRules{});  // 09:00 Berlin.
  const Timestamp updated = At("2025-01-10T15:00:00Z");
  EXPECT_FALSE(LatestUpdateRequest(updated, std::chrono::days(90), s, At("2025-04-10T06:59:00Z")).has_value())
      << "before the send time of the 90th day";
  auto first = LatestUpdateRequest(updated, std::chrono::days(90), s, At("2025-04-10T07:00:00Z"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->rule, "update-90d");
  EXPECT_EQ(first->chain, Chain::kUpdate);
  EXPECT_EQ(first->due_at, At("2025-04-10T07:00:00Z"));  // 09:00 CEST.
  auto later = LatestUpdateRequest(updated, std::chrono::days(90), s, At("2025-08-01T12:00:00Z"));
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->rule, "update-180d");
  EXPECT_FALSE(LatestUpdateRequest(updated, std::chrono::days(0), s, At("2026-01-01T00:00:00Z")).has_value());
  const auto between = UpdateRequestsBetween(updated, std::chrono::days(90), s, At("2025-01-01T00:00:00Z"),
                                             At("2025-12-31T00:00:00Z"));
  ASSERT_EQ(between.size(), 3u);
  EXPECT_EQ(between[2].rule, "update-270d");
}

class PlannerTest : public ::testing::Test {
 protected:
  PlannerTest()
      : config_(notifier_test::MakeConfig(notifier_test::BaseToml("/tmp/unused") +
                                          "[webhooks.co-chat]\nkind = \"slack\"\nurl = \"http://127.0.0.1:9/x\"\n")),
        schedule_(Schedule(config_->reminders)) {
    // Give kaz-co its chat channel too.
    auto c = std::make_shared<config::Config>(*config_);
    for (auto& u : c->units) {
      if (u.id == "kaz-co") u.webhooks = {"co-chat"};
    }
    config_ = c;
    action_.action_id = "ev-1-r1-a1";
    action_.evaluation_title = "Evaluation";
    action_.description = "Do the thing";
    action_.units = {"kaz-co", "unknown-unit"};
    action_.deadline = Ymd(2025, 3, 31);
  }
  std::shared_ptr<const config::Config> config_;
  SendSchedule schedule_;
  ActionFacts action_;
};

TEST_F(PlannerTest, OneReminderPerUnitChannelWithDeterministicIds) {
  auto planned = PlanDue({action_}, *config_, schedule_, At("2025-03-24T08:00:00Z"));
  ASSERT_EQ(planned.size(), 2u);
  EXPECT_EQ(planned[0].rule, "before-7d");
  std::set<std::string> channels;
  for (const auto& r : planned) {
    channels.insert(r.channel);
    EXPECT_EQ(r.unit, "kaz-co");
    EXPECT_EQ(r.id, ReminderId(action_.action_id, "before-7d", Ymd(2025, 3, 31), "kaz-co", r.channel));
    EXPECT_EQ(r.id.size(), 27u);
    EXPECT_EQ(r.id.rfind("rm-", 0), 0u);
    EXPECT_EQ(r.days_from_deadline, -7);
  }
  EXPECT_EQ(channels, (std::set<std::string>{"email", "webhook:co-chat"}));
  EXPECT_EQ(PlanDue({action_}, *config_, schedule_, At("2025-03-24T08:00:00Z"))[0].id, planned[0].id);
}

TEST_F(PlannerTest, EscalationGoesToTheEscalationUnitOnce) {
  auto planned = PlanDue({action_}, *config_, schedule_, At("2025-04-30T07:00:00Z"));
  std::vector<std::string> got;
  for (const auto& r : planned) got.push_back(r.rule + " " + r.unit + " " + r.channel);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"escalate-30d ecaro email", "overdue-28d kaz-co email",
                                           "overdue-28d kaz-co webhook:co-chat"}));
  for (const auto& r : planned) {
    if (r.chain == Chain::kEscalation) {
      EXPECT_EQ(r.escalated_from, std::vector<std::string>{"kaz-co"});
    }
  }
}

TEST_F(PlannerTest, TerminalActionsAndActionsWithoutDeadlinePlanNothing) {
  ActionFacts done = action_;
  done.status = events::ActionStatus::kCompleted;
  ActionFacts undated = action_;
  undated.deadline.reset();
  EXPECT_TRUE(PlanDue({done, undated}, *config_, schedule_, At("2025-04-30T07:00:00Z")).empty());
}

TEST_F(PlannerTest, WhyNoLongerDueNamesWhatChanged) {
  Reminder r = PlanDue({action_}, *config_, schedule_, At("2025-03-24T08:00:00Z"))[0];
  EXPECT_EQ(WhyNoLongerDue(r, &action_, *config_), "");
  ActionFacts f = action_;
  f.status = events::ActionStatus::kCompleted;
  EXPECT_EQ(WhyNoLongerDue(r, &f, *config_), "action is Completed");
  f = action_;
  f.deadline = Ymd(2025, 6, 30);
  EXPECT_EQ(WhyNoLongerDue(r, &f, *config_), "deadline moved from 2025-03-31 to 2025-06-30");
  f = action_;
  f.units = {"ecaro"};
  EXPECT_EQ(WhyNoLongerDue(r, &f, *config_), "unit kaz-co is no longer responsible");
  EXPECT_EQ(WhyNoLongerDue(r, nullptr, *config_), "action ev-1-r1-a1 no longer exists");
}

TEST_F(PlannerTest, UpdateRequestsAndNoticesFollowRulesOfTheirOwn) {
  auto with_updates = std::make_shared<config::Config>(*config_);
  with_updates->workflow.update_request_every = std::chrono::days(90);
  ActionFacts undated = action_;
  undated.deadline.reset();
  undated.updated_at = At("2025-01-10T15:00:00Z");
  auto planned = PlanDue({undated}, *with_updates, schedule_, At("2025-04-10T08:00:00Z"));
  ASSERT_EQ(planned.size(), 2u) << "e-mail and chat";
  for (const auto& r : planned) {
    EXPECT_EQ(r.chain, Chain::kUpdate);
    EXPECT_EQ(r.rule, "update-90d");
    EXPECT_FALSE(r.deadline.has_value());
    EXPECT_EQ(r.updated_at, undated.updated_at);
    EXPECT_EQ(r.id, ReminderId(action_.action_id, "update-90d", Ymd(2025, 1, 10), "kaz-co", r.channel));
  }
  const Reminder& request = planned[0];
  EXPECT_EQ(WhyNoLongerDue(request, &undated, *with_updates), "");
  ActionFacts commented = undated;
  commented.updated_at = At("2025-04-10T08:30:00Z");
  EXPECT_EQ(WhyNoLongerDue(request, &commented, *with_updates), "action updated at 2025-04-10T08:30:00.000000Z");
  EXPECT_EQ(WhyNoLongerDue(request, &undated, *config_), "update requests are off");
  EXPECT_TRUE(PlanDue({undated}, *config_, schedule_, At("2025-04-10T08:00:00Z")).empty());

  // A notice goes to the directory units the rejection names, whatever became of the action since.
  events::RejectionData rejection;
  rejection.event_id = "3f2a";
  rejection.type = events::types::kKeyActionCompletionRejected;
  rejection.action_id = action_.action_id;
  rejection.outcome = events::ActionStatus::kCompleted;
  rejection.reason = "The report is a draft";
  rejection.units = {"kaz-co", "gone-unit"};
  rejection.by = "evaluation-office";
  rejection.at = At("2025-04-10T08:00:00Z");
  auto notices = NoticesOf(rejection, action_, *config_);
  ASSERT_EQ(notices.size(), 2u);
  for (const auto& n : notices) {
    EXPECT_EQ(n.id, NoticeId("3f2a", "kaz-co", n.channel));
    EXPECT_EQ(n.rule, kCompletionRejectedRule);
    EXPECT_EQ(n.chain, Chain::kNotice);
    EXPECT_EQ(n.due_at, rejection.at);
    ASSERT_TRUE(n.notice.has_value());
    EXPECT_EQ(n.notice->outcome, "Completed");
    EXPECT_EQ(n.notice->reason, "The report is a draft");
  }
  ActionFacts done = action_;
  done.status = events::ActionStatus::kCompleted;
  done.deadline = Ymd(2025, 6, 30);
  EXPECT_EQ(WhyNoLongerDue(notices[0], &done, *config_), "");
}

}  // namespace
}  // namespace mrtrack::notifier
