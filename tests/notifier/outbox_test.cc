// The durable outbox through the Notifier on a real store: reminders are
// written before delivery, never twice, cancelled when the facts change,
// resumed after a restart, and the current state sent once after downtime;
// rejections told once, also those recorded while it was down. E-mail
// goes to the real Maildir channel; chat to real loopback receivers.
#include "notifier/outbox.h"

#include <gtest/gtest.h>

#include "events/domain/commands.h"
#include "events/domain/workflow_events.h"
#include "notifier/notifier.h"
#include "http_receiver.h"
#include "mime_reader.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;
using notifier_test::HttpReceiver;
using notifier_test::ReadMaildir;
using namespace std::chrono_literals;

namespace types = events::types;

class OutboxTest : public ::testing::Test {
 protected:
  OutboxTest() : w_(At("2025-03-20T12:00:00Z")) {
    notifier_test::AddEvaluation(*w_.store, "ev-1", "Evaluation of the umbrella programme");
    action_ = notifier_test::AddAction(*w_.store, "ev-1", 1, "Develop a resource mobilisation strategy",
                                       {"kaz-co"}, "2025-03-31");
  }

  std::string Maildir() const { return w_.dir.Sub("maildir"); }

  std::unique_ptr<Notifier> Open(const std::string& extra_toml = "", const std::string& kaz_webhooks = "[]") {
    auto config = notifier_test::MakeConfig(notifier_test::BaseToml(w_.dir.path(), kaz_webhooks) + extra_toml);
    NotifierOptions options;
    options.jitter_seed = 7;
    auto n = Notifier::Open(*w_.store, *w_.projections, config, w_.clock, options);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? std::move(*n) : nullptr;
  }

  Status TickAt(Notifier& n, const std::string& when) {
    w_.clock.Set(At(when));
    return n.Tick();
  }

  std::vector<std::string> Types(const std::string& reminder_id) { return w_.ReminderTypes(reminder_id); }

  std::string Id(const std::string& rule, const std::string& deadline, const std::string& channel = "email",
                 const std::string& unit = "kaz-co") {
    return ReminderId(action_, rule, *ParseDate(deadline), unit, channel);
  }

  // The data of the last event of a reminder's stream.
  nlohmann::json LastData(const std::string& reminder_id) {
    auto events = w_.store->ReadStream(events::ReminderStream(reminder_id), UINT64_MAX, events::Direction::kBackward, 1);
    EXPECT_TRUE(events.ok() && !events->empty());
    return events.ok() && !events->empty() ? events->front().data : nlohmann::json();
  }

  notifier_test::World w_;
  std::string action_;
};

TEST_F(OutboxTest, AReminderIsWrittenBeforeDeliveryAndOnlyOnce) {
  auto n = Open();
  // 08:59 in Berlin: the 7-day reminder is not due yet; the first pass sees
  // the action (recorded on 2025-03-20) past its 30-day reminder of
  // 2025-03-01: that is its current state, sent at once.
  ASSERT_OK(TickAt(*n, "2025-03-24T07:59:00Z"));
  EXPECT_EQ(ReadMaildir(Maildir()).size(), 1u);
  ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
  ASSERT_OK(TickAt(*n, "2025-03-24T08:01:00Z"));
  ASSERT_OK(TickAt(*n, "2025-03-24T09:00:00Z"));
  const std::string id = Id("before-7d", "2025-03-31");
  EXPECT_EQ(Types(id), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderDelivered}));
  const auto delivered = LastData(id);
  EXPECT_EQ(delivered["channel"], "email");
  EXPECT_EQ(delivered["recipient"], "co@example.org");
  EXPECT_EQ(delivered["attempt"], 1);
  EXPECT_EQ(delivered["message_id"], id);
  EXPECT_EQ(ReadMaildir(Maildir()).size(), 2u);
  const std::string first = Id("before-30d", "2025-03-31");
  EXPECT_EQ(Types(first), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderDelivered}));
  EXPECT_EQ(LastData(first)["late"], false);  // Not delayed: the first the notifier knew of the action.
  const auto m = n->Metrics();
  EXPECT_EQ(m.channels.at("email").attempts, 2u);
  EXPECT_EQ(m.channels.at("email").delivered, 2u);
  EXPECT_EQ(m.outbox_depth, 0u);
  EXPECT_EQ(m.reminders_written, 2u);
  EXPECT_EQ(m.reminders_skipped, 0u);
}

TEST_F(OutboxTest, CompletionBeforeTheNextReminderSendsNothingMore) {
  auto n = Open();
  ASSERT_OK(TickAt(*n, "2025-03-22T08:00:00Z"));
  events::CommandContext ctx(*w_.store, "kaz-co-editor");
  ASSERT_OK(events::ChangeStatus(ctx, action_, events::ActionStatus::kCompleted, "done"));
  ASSERT_OK(TickAt(*n, "2025-03-24T08:05:00Z"));
  ASSERT_OK(TickAt(*n, "2025-04-30T08:05:00Z"));
  // Only the first contact (the 30-day reminder, the state at the first
  // pass), then the cancellation of its calendar event.
  const auto mails = ReadMaildir(Maildir());
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(std::count_if(mails.begin(), mails.end(),
                          [](const std::string& m) { return m.find("method=CANCEL") != std::string::npos; }),
            1);
  for (const auto& e : w_.ReminderEvents()) {
    const auto rule = e.type == types::kReminderDue ? e.data["rule"].get<std::string>() : std::string();
    if (!rule.empty()) {
      EXPECT_TRUE(rule == "before-30d" || rule == kCancelRule) << rule;
    }
  }
  EXPECT_TRUE(Types(Id("before-7d", "2025-03-31")).empty());
}

TEST_F(OutboxTest, CompletionCancelsAPendingReminderWithItsReason) {
  const int closed = notifier_test::UnusedPort();
  auto n = Open("[webhooks.co-chat]\nkind = \"slack\"\nurl = \"http://127.0.0.1:" + std::to_string(closed) +
                    "/hook\"\ntimeout = \"1s\"\n",
                "[\"co-chat\"]");
  ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
  const std::string chat = Id("before-7d", "2025-03-31", "webhook:co-chat");
  EXPECT_EQ(Types(chat), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderFailed}));
  EXPECT_EQ(n->Metrics().outbox_depth, 1u);

  events::CommandContext ctx(*w_.store, "kaz-co-editor");
  ASSERT_OK(events::ChangeStatus(ctx, action_, events::ActionStatus::kCompleted, "strategy adopted"));
  ASSERT_OK(TickAt(*n, "2025-03-24T12:00:00Z"));
  EXPECT_EQ(Types(chat), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderFailed,
                                                   types::kReminderSkipped}));
  EXPECT_EQ(LastData(chat)["reason"], "action is Completed");
  EXPECT_EQ(n->Metrics().outbox_depth, 0u);
  EXPECT_EQ(n->Metrics().channels.at("webhook:co-chat").delivered, 0u);
}

TEST_F(OutboxTest, ADeadlineMovedAfterAReminderWentOutPlansTheNewOnesAndSkipsTheOld) {
  const int closed = notifier_test::UnusedPort();
  auto n = Open("[webhooks.co-chat]\nkind = \"slack\"\nurl = \"http://127.0.0.1:" + std::to_string(closed) +
                    "/hook\"\ntimeout = \"1s\"\n",
                "[\"co-chat\"]");
  ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
  const std::string old_mail = Id("before-7d", "2025-03-31");
  const std::string old_chat = Id("before-7d", "2025-03-31", "webhook:co-chat");
  EXPECT_EQ(Types(old_mail).back(), types::kReminderDelivered);
  EXPECT_EQ(Types(old_chat).back(), types::kReminderFailed);  // Still pending.

  events::CommandContext ctx(*w_.store, "kaz-co-editor");
  auto moved = events::ParseDeadline("2025-04-23");
  ASSERT_OK(moved);
  ASSERT_OK(events::ChangeDeadline(ctx, action_, *moved, "partner asked for more time"));
  ASSERT_OK(TickAt(*n, "2025-03-24T08:30:00Z"));

  EXPECT_EQ(Types(old_chat).back(), types::kReminderSkipped);
  EXPECT_EQ(LastData(old_chat)["reason"], "deadline moved from 2025-03-31 to 2025-04-23");
  EXPECT_EQ(Types(old_mail).back(), types::kReminderDelivered);  // Confirmed stays confirmed.
  // The new deadline's 30-day reminder was due at 09:00 today: sent now (not late: 30 minutes).
  const std::string new_mail = Id("before-30d", "2025-04-23");
  EXPECT_EQ(Types(new_mail), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderDelivered}));
  EXPECT_NE(new_mail, old_mail);
  EXPECT_EQ(ReadMaildir(Maildir()).size(), 2u);
}

TEST_F(OutboxTest, AReassignmentCancelsPendingRemindersOfTheFormerUnit) {
  const int closed = notifier_test::UnusedPort();
  auto n = Open("[webhooks.co-chat]\nkind = \"slack\"\nurl = \"http://127.0.0.1:" + std::to_string(closed) +
                    "/hook\"\ntimeout = \"1s\"\n",
                "[\"co-chat\"]");
  ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
  events::CommandContext ctx(*w_.store, "focal-point");
  ASSERT_OK(events::ChangeResponsible(ctx, action_, {"ecaro"}, "ECARO", "moved to the region"));
  ASSERT_OK(TickAt(*n, "2025-03-24T08:05:00Z"));
  const std::string old_chat = Id("before-7d", "2025-03-31", "webhook:co-chat");
  EXPECT_EQ(LastData(old_chat)["reason"], "unit kaz-co is no longer responsible");
  EXPECT_EQ(Types(Id("before-7d", "2025-03-31", "email", "ecaro")).back(), types::kReminderDelivered);
}

TEST_F(OutboxTest, ARestartResumesPendingRemindersAndResendsNothingConfirmed) {
  const int port = notifier_test::UnusedPort();
  const std::string webhook = "[webhooks.co-chat]\nkind = \"generic\"\nurl = \"http://127.0.0.1:" +
                              std::to_string(port) + "/hook\"\ntimeout = \"1s\"\n";
  const std::string chat = Id("before-7d", "2025-03-31", "webhook:co-chat");
  {
    auto n = Open(webhook, "[\"co-chat\"]");
    ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
    EXPECT_EQ(Types(chat).back(), types::kReminderFailed);
  }
  // The process goes away; store and views are reopened from disk.
  w_.Close();
  w_.Open();
  auto retry_at = ParseTimestamp(LastData(chat)["retry_at"].get<std::string>());
  ASSERT_OK(retry_at);
  EXPECT_GE(*retry_at, At("2025-03-24T08:00:15Z"));  // initial_backoff 30 s with jitter in [15 s, 30 s].
  EXPECT_LE(*retry_at, At("2025-03-24T08:00:30Z"));

  httplib::Server server;
  ASSERT_TRUE(server.bind_to_port("127.0.0.1", port));
  std::vector<std::string> ids;
  std::mutex mu;
  server.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    ids.push_back(req.get_header_value("webhook-id"));
    res.status = 204;
  });
  std::thread t([&] { server.listen_after_bind(); });

  auto n = Open(webhook, "[\"co-chat\"]");
  EXPECT_EQ(n->Metrics().outbox_depth, 1u);
  w_.clock.Set(*retry_at - 1s);
  ASSERT_OK(n->Tick());
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_TRUE(ids.empty());  // Not before its retry time.
  }
  w_.clock.Set(*retry_at);
  ASSERT_OK(n->Tick());
  ASSERT_OK(TickAt(*n, "2025-03-24T09:00:00Z"));
  server.stop();
  t.join();
  EXPECT_EQ(ids, std::vector<std::string>{chat});
  EXPECT_EQ(Types(chat), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderFailed,
                                                   types::kReminderDelivered}));
  EXPECT_EQ(LastData(chat)["attempt"], 2);
  EXPECT_EQ(ReadMaildir(Maildir()).size(), 1u);  // The e-mail went out once, before the restart.
}

TEST_F(OutboxTest, AfterDowntimeTheCurrentStateOfEachActionGoesOutOnceAndLate) {
  // A second action whose deadline reminder (2025-03-23 09:00) is 2 days old at restart.
  const std::string old_action =
      notifier_test::AddAction(*w_.store, "ev-1", 2, "Publish the report", {"kaz-co"}, "2025-03-23");
  auto n = Open("[reminders]\ndigest = false\n");
  // Down from 2025-03-20 to 2025-03-25 12:00 (Berlin): what each action's
  // unit should have been told by now goes out once, marked late.
  ASSERT_OK(TickAt(*n, "2025-03-25T11:00:00Z"));
  const std::string recent = Id("before-7d", "2025-03-31");
  EXPECT_EQ(Types(recent), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderDelivered}));
  EXPECT_EQ(LastData(recent)["late"], true);
  const std::string older = ReminderId(old_action, "deadline", *ParseDate("2025-03-23"), "kaz-co", "email");
  EXPECT_EQ(Types(older), (std::vector<std::string>{types::kReminderDue, types::kReminderMessageFixed, types::kReminderDelivered}));
  EXPECT_EQ(LastData(older)["late"], true);
  // The occurrences it missed before those (30 days, 7 days, 1 day before
  // 2025-03-23) were never written: only the latest state counts.
  EXPECT_TRUE(Types(ReminderId(old_action, "before-1d", *ParseDate("2025-03-23"), "kaz-co", "email")).empty());
  EXPECT_EQ(ReadMaildir(Maildir()).size(), 2u);
  EXPECT_EQ(n->Metrics().reminders_late, 2u);
}

TEST_F(OutboxTest, APendingReminderIsNeverDroppedForItsAge) {
  const int closed = notifier_test::UnusedPort();
  const std::string webhook = "[webhooks.co-chat]\nkind = \"slack\"\nurl = \"http://127.0.0.1:" +
                              std::to_string(closed) + "/hook\"\ntimeout = \"1s\"\n";
  auto n = Open(webhook, "[\"co-chat\"]");
  ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
  const std::string chat = Id("before-7d", "2025-03-31", "webhook:co-chat");
  EXPECT_EQ(Types(chat).back(), types::kReminderFailed);
  n.reset();
  n = Open(webhook, "[\"co-chat\"]");
  ASSERT_OK(TickAt(*n, "2025-03-26T08:00:01Z"));  // 48 h and 1 s later: tried again, not skipped.
  const auto stream = Types(chat);
  EXPECT_EQ(stream.back(), types::kReminderFailed);
  EXPECT_EQ(std::count(stream.begin(), stream.end(), types::kReminderSkipped), 0);
  EXPECT_EQ(LastData(chat)["attempt"], 2);
}

TEST_F(OutboxTest, DigestsGroupAUnitsRemindersOfTheDayIntoOneMessage) {
  notifier_test::AddAction(*w_.store, "ev-1", 2, "Train the partners", {"kaz-co"}, "2025-03-25");
  auto n = Open();
  ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));  // 7 days before one, 1 day before the other.
  const auto mails = ReadMaildir(Maildir());
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(notifier_test::ParseMime(mails[0]).headers.at("subject"),
            "[UN Women Kazakhstan] Kazakhstan CO: 2 key actions due soon in Evaluation of the umbrella programme");
  const std::string a = Id("before-7d", "2025-03-31");
  const auto data = LastData(a);
  EXPECT_EQ(data["message_id"].get<std::string>().rfind("dg-", 0), 0u);
}

TEST_F(OutboxTest, NothingIsSentInQuietHoursUntilTheyEnd) {
  auto n = Open("[reminders]\nquiet_start = \"19:00\"\nquiet_end = \"08:00\"\n");
  // Restart at 21:00 Berlin with the 09:00 reminder 12 hours old: written late, held until 08:00.
  ASSERT_OK(TickAt(*n, "2025-03-24T20:00:00Z"));
  const std::string id = Id("before-7d", "2025-03-31");
  EXPECT_EQ(Types(id), std::vector<std::string>{types::kReminderDue});
  ASSERT_OK(TickAt(*n, "2025-03-25T06:59:00Z"));
  EXPECT_TRUE(ReadMaildir(Maildir()).empty());
  ASSERT_OK(TickAt(*n, "2025-03-25T07:00:00Z"));
  EXPECT_EQ(Types(id).back(), types::kReminderDelivered);
}

TEST_F(OutboxTest, RejectionsRecordedWhileTheNotifierWasDownAreToldOnceUnlessTooOld) {
  const std::string no_rules =
      "[reminders]\nbefore = []\non_deadline = false\noverdue_every = \"0d\"\nescalate_after = \"0d\"\n";
  // Two rejections while no notifier runs: three days and one hour before it starts.
  ASSERT_OK(notifier_test::AppendOne(
      *w_.store, events::ActionStream(action_), types::kKeyActionCompletionRejected,
      events::CompletionRejectedData(action_, "req-1", events::ActionStatus::kCompleted, "Too early", {"kaz-co"})));
  w_.clock.Set(At("2025-03-23T11:00:00Z"));
  events::Deadline asked;
  asked.date = *ParseDate("2025-06-30");
  asked.raw = "2025/06";
  ASSERT_OK(notifier_test::AppendOne(
      *w_.store, events::ActionStream(action_), types::kKeyActionExtensionRejected,
      events::ExtensionRejectedData(action_, "req-2", asked, "No new elements", {"kaz-co"})));

  auto n = Open(no_rules);
  ASSERT_OK(TickAt(*n, "2025-03-23T12:00:00Z"));
  auto mails = ReadMaildir(Maildir());
  ASSERT_EQ(mails.size(), 1u);
  const auto mail = notifier_test::ParseMime(mails[0]);
  EXPECT_EQ(mail.headers.at("subject"),
            "[UN Women Kazakhstan] Your request to move the deadline of key action 1.1 to 30 June 2025 was not "
            "accepted");
  const std::string text = mail.parts.at(0).parts.at(0).body;
  EXPECT_NE(text.find("Reason:          No new elements"), std::string::npos) << text;
  EXPECT_NE(text.find("This message comes late because mrtrack was not running when the request was rejected."),
            std::string::npos)
      << text;
  // The older one is on record as due and skipped, never sent.
  std::vector<std::string> skipped;
  for (const auto& e : w_.ReminderEvents()) {
    if (e.type == types::kReminderSkipped) skipped.push_back(e.data["reason"]);
  }
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0], "the rejection is older than the catch-up window (48h) when the notifier took it up");

  // A restart tells nobody again.
  const std::size_t written = w_.ReminderEvents().size();
  n.reset();
  n = Open(no_rules);
  ASSERT_OK(TickAt(*n, "2025-03-23T12:05:00Z"));
  EXPECT_EQ(ReadMaildir(Maildir()).size(), 1u);
  EXPECT_EQ(w_.ReminderEvents().size(), written);
}

}  // namespace
}  // namespace mrtrack::notifier
