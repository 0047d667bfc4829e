#include "events/domain/reminder_stream.h"

#include <string>

#include <gtest/gtest.h>

#include "common/time.h"
#include "events/domain/event_types.h"
#include "test_events.h"

namespace mrtrack::events {
namespace {

using nlohmann::json;
using testing::At;
using testing::MakeEvent;

const std::string kStream = "reminder-rm-1";

ReminderDueData Due() {
  ReminderDueData d;
  d.reminder_id = "rm-1";
  d.action_id = "ev-1-r1-a1";
  d.unit = "kaz-co";
  d.rule = "overdue-14d";
  d.deadline = *ParseDate("2025-03-31");
  d.days_from_deadline = 14;
  d.channel = "email";
  d.recipient = "co@example.org";
  d.due_at = At("2025-04-14T04:00:00Z");
  d.supersedes = {"rm-0"};
  d.item.label = "1.1";
  d.item.calendar_sequence = 3;
  return d;
}

// Folds events of the stream, version 1, 2, ... at positions 11, 12, ...
class ReminderFold {
 public:
  Status Apply(const std::string& type, json data, const std::string& at = "2025-04-14T04:00:01Z") {
    ++version_;
    return ApplyReminderEvent(state, MakeEvent(kStream, version_, 10 + version_, type, std::move(data), at));
  }
  ReminderStreamState state;

 private:
  std::uint64_t version_ = 0;
};

TEST(ReminderStreamTest, EveryEncoderRoundTripsThroughItsDecoder) {
  const ReminderDueData due = Due();
  auto decoded = DecodeReminderDue(MakeEvent(kStream, 1, 1, types::kReminderDue, EncodeReminderDue(due),
                                             "2025-04-14T04:00:00Z"));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, due);

  ReminderFailedData failed{"rm-1", "email", "co@example.org", 2, "421 busy", false, At("2025-04-14T04:05:00Z"),
                            "dg-1"};
  auto f = DecodeReminderFailed(MakeEvent(kStream, 2, 2, types::kReminderFailed, EncodeReminderFailed(failed),
                                          "2025-04-14T04:00:00Z"));
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->attempt, 2);
  EXPECT_EQ(f->retry_at, failed.retry_at);
  EXPECT_EQ(f->message_id, "dg-1");
  EXPECT_EQ(f->channel, "email");
}

TEST(ReminderStreamTest, UpdateRequestsAndNoticesRoundTripAndMayHaveNoDeadline) {
  ReminderDueData update = Due();
  update.rule = "update-90d";
  update.chain = kReminderChainUpdate;
  update.deadline.reset();
  update.days_from_deadline = 90;
  update.updated_at = At("2025-01-05T10:00:00Z");
  auto u = DecodeReminderDue(
      MakeEvent(kStream, 1, 1, types::kReminderDue, EncodeReminderDue(update), "2025-04-05T04:00:00Z"));
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(*u, update);
  EXPECT_TRUE(EncodeReminderDue(update)["deadline"].is_null());

  ReminderDueData notice = Due();
  notice.rule = "extension-rejected";
  notice.chain = kReminderChainNotice;
  notice.notice = ReminderNoticeData{"ev-9", "req-3", "", *ParseDate("2026-06-30"), "No new elements",
                                     "evaluation-office", At("2025-04-14T03:59:00Z")};
  auto n = DecodeReminderDue(
      MakeEvent(kStream, 1, 1, types::kReminderDue, EncodeReminderDue(notice), "2025-04-14T04:00:00Z"));
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, notice);

  // The deadline chains count from a deadline: without one the event is refused.
  json main = EncodeReminderDue(Due());
  main["deadline"] = nullptr;
  auto refused = DecodeReminderDue(MakeEvent(kStream, 1, 1, types::kReminderDue, main, "2025-04-14T04:00:00Z"));
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(refused.status().field(), "data.deadline");
}

TEST(ReminderStreamTest, PendingParkedRequeuedDeliveredAndNothingUndoesDelivered) {
  ReminderFold fold;
  ASSERT_TRUE(fold.Apply(types::kReminderDue, EncodeReminderDue(Due())).ok());
  EXPECT_TRUE(fold.state.exists);
  EXPECT_EQ(fold.state.state, ReminderState::kPending);
  ASSERT_TRUE(fold.Apply(types::kReminderMessageFixed,
                         EncodeReminderMessageFixed({"rm-1", "dg-7", {"rm-1", "rm-2"}, At("2025-04-14T04:00:00Z")}))
                  .ok());
  // A second message is never taken: the first attempt fixed it.
  ASSERT_TRUE(fold.Apply(types::kReminderMessageFixed,
                         EncodeReminderMessageFixed({"rm-1", "dg-8", {"rm-1"}, At("2025-04-14T05:00:00Z")}))
                  .ok());
  EXPECT_EQ(fold.state.message_id, "dg-7");
  EXPECT_EQ(fold.state.message_members, (std::vector<std::string>{"rm-1", "rm-2"}));
  ASSERT_TRUE(fold.Apply(types::kReminderFailed,
                         EncodeReminderFailed({"rm-1", "email", "new@example.org", 1, "421 busy", false,
                                               At("2025-04-14T04:01:00Z"), "dg-7"}))
                  .ok());
  EXPECT_EQ(fold.state.state, ReminderState::kPending);
  EXPECT_EQ(fold.state.retry_at, At("2025-04-14T04:01:00Z"));
  EXPECT_EQ(fold.state.recipient, "new@example.org");
  ASSERT_TRUE(fold.Apply(types::kReminderParked,
                         EncodeReminderParked({"rm-1", "email", "new@example.org", 2, "550 no such user", "dg-7"}),
                         "2025-04-14T04:02:00Z")
                  .ok());
  EXPECT_EQ(fold.state.state, ReminderState::kParked);
  EXPECT_EQ(fold.state.note, "550 no such user");
  EXPECT_EQ(fold.state.parked_at, At("2025-04-14T04:02:00Z"));
  EXPECT_FALSE(fold.state.retry_at.has_value());
  ASSERT_TRUE(fold.Apply(types::kReminderRequeued, EncodeReminderRequeued({"rm-1", "retry asked by ops"})).ok());
  EXPECT_EQ(fold.state.state, ReminderState::kPending);
  EXPECT_EQ(fold.state.attempts_at_requeue, 2);
  ASSERT_TRUE(fold.Apply(types::kReminderDelivered,
                         EncodeReminderDelivered({"rm-1", "email", "new@example.org", 3, "dg-7", false}),
                         "2025-04-14T06:00:00Z")
                  .ok());
  EXPECT_EQ(fold.state.state, ReminderState::kDelivered);
  EXPECT_EQ(fold.state.attempts, 3);
  EXPECT_EQ(fold.state.delivered_at, At("2025-04-14T06:00:00Z"));
  const ReminderStreamState delivered = fold.state;
  // Final: a skip, a park or a second ReminderDue change nothing but the stream's version.
  ASSERT_TRUE(fold.Apply(types::kReminderSkipped, EncodeReminderSkipped({"rm-1", "action is Completed"})).ok());
  ASSERT_TRUE(fold.Apply(types::kReminderParked, EncodeReminderParked({"rm-1", "email", "", 4, "x", "dg-7"})).ok());
  ASSERT_TRUE(fold.Apply(types::kReminderDue, EncodeReminderDue(Due())).ok());
  ReminderStreamState expected = delivered;
  expected.version = 10;
  expected.last_position = 20;
  EXPECT_EQ(fold.state, expected);
}

TEST(ReminderStreamTest, APermanentFailureOfOlderLogsParks) {
  ReminderFold fold;
  ASSERT_TRUE(fold.Apply(types::kReminderDue, EncodeReminderDue(Due())).ok());
  ASSERT_TRUE(fold.Apply(types::kReminderFailed, json{{"attempt", 1}, {"error", "550"}, {"permanent", true}}).ok());
  EXPECT_EQ(fold.state.state, ReminderState::kParked);
  EXPECT_EQ(fold.state.note, "550");
  ASSERT_TRUE(fold.Apply(types::kReminderSkipped, json{{"reason", "superseded by overdue-21d reminder rm-2"}}).ok());
  EXPECT_EQ(fold.state.state, ReminderState::kSkipped);
}

TEST(ReminderStreamTest, MalformedDataIsRefusedNamingTheFieldAndTheStateStays) {
  ReminderFold fold;
  json due = EncodeReminderDue(Due());
  due.erase("channel");
  Status s = fold.Apply(types::kReminderDue, due);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.field(), "data.channel");
  EXPECT_NE(s.message().find("event at position 11 (ReminderDue in reminder-rm-1)"), std::string::npos)
      << s.message();
  EXPECT_FALSE(fold.state.exists);
  EXPECT_EQ(fold.state.version, 1u) << "a refused event still moves the version";

  s = fold.Apply(types::kReminderDelivered, json{{"attempt", 1}});
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.field(), "data.reminder_id");
  EXPECT_NE(s.message().find("never due"), std::string::npos) << s.message();

  ASSERT_TRUE(fold.Apply(types::kReminderDue, EncodeReminderDue(Due())).ok());
  s = fold.Apply(types::kReminderFailed, json{{"attempt", "two"}});
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.field(), "data.attempt");
  s = fold.Apply(types::kReminderParked, json::array());
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(fold.state.state, ReminderState::kPending);
  EXPECT_EQ(fold.state.attempts, 0);
  // Other types are not the fold's business.
  EXPECT_TRUE(fold.Apply("SomethingElse", json{{"x", 1}}).ok());
  EXPECT_EQ(fold.state.version, 6u);
}

}  // namespace
}  // namespace mrtrack::events
