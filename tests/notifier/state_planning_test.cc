// Planning from state (docs/NOTIFIER.md "What a unit is told"): each case of
// the table with an injected clock, on a real store, e-mail to the real
// Maildir channel and chat to a loopback port nobody listens on (a pending
// reminder that stays pending).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "events/domain/commands.h"
#include "notifier/notifier.h"
#include "notifier/reminder.h"
#include "http_receiver.h"
#include "mime_reader.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;
using notifier_test::ReadMaildir;
namespace types = events::types;

class StatePlanningTest : public ::testing::Test {
 protected:
  StatePlanningTest() : w_(At("2025-03-20T12:00:00Z")) {
    notifier_test::AddEvaluation(*w_.store, "ev-1", "Evaluation of the umbrella programme");
  }

  std::unique_ptr<Notifier> Open(bool with_chat = false, const std::string& extra = "") {
    std::string toml = notifier_test::BaseToml(w_.dir.path(), with_chat ? "[\"co-chat\"]" : "[]") + extra;
    if (with_chat) {
      toml += "[webhooks.co-chat]\nkind = \"slack\"\nurl = \"http://127.0.0.1:" +
              std::to_string(notifier_test::UnusedPort()) + "/hook\"\ntimeout = \"1s\"\n";
    }
    NotifierOptions options;
    options.jitter_seed = 11;
    auto n = Notifier::Open(*w_.store, *w_.projections, notifier_test::MakeConfig(toml), w_.clock, options);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? std::move(*n) : nullptr;
  }

  Status TickAt(Notifier& n, const std::string& when) {
    w_.clock.Set(At(when));
    return n.Tick();
  }

  // The mails of the Maildir addressed to `to`.
  std::vector<std::string> MailsTo(const std::string& to) {
    std::vector<std::string> out;
    for (auto& m : ReadMaildir(w_.dir.Sub("maildir"))) {
      if (m.find("\r\nTo: " + to + "\r\n") != std::string::npos) out.push_back(std::move(m));
    }
    return out;
  }

  std::string Id(const std::string& action, const std::string& rule, const std::string& deadline,
                 const std::string& unit = "kaz-co", const std::string& channel = "email") {
    return ReminderId(action, rule, *ParseDate(deadline), unit, channel);
  }

  nlohmann::json LastData(const std::string& reminder_id) {
    auto e = w_.store->ReadStream(events::ReminderStream(reminder_id), UINT64_MAX, events::Direction::kBackward, 1);
    return e.ok() && !e->empty() ? e->front().data : nlohmann::json();
  }

  notifier_test::World w_;
};

// Imported already overdue: one reminder per action in the unit's next
// digest, and the escalation because it is past escalate_after (30 days).
TEST_F(StatePlanningTest, ImportedAlreadyOverdueGetsOneReminderAndItsEscalation) {
  w_.clock.Set(At("2025-03-24T07:30:00Z"));
  const std::string a = notifier_test::AddAction(*w_.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-01-31");
  const std::string b = notifier_test::AddAction(*w_.store, "ev-1", 2, "Train the partners", {"kaz-co"}, "2024-12-31");
  auto n = Open();
  ASSERT_OK(n->Tick());
  ASSERT_OK(TickAt(*n, "2025-03-24T12:00:00Z"));  // Later passes add nothing.
  const auto co = MailsTo("co@example.org");
  ASSERT_EQ(co.size(), 1u);
  EXPECT_NE(co[0].find("X-Mrtrack-Message: dg-"), std::string::npos);
  const auto ecaro = MailsTo("ecaro@example.org");
  ASSERT_EQ(ecaro.size(), 1u);
  // 2025-03-24 is 52 days after 2025-01-31: the latest overdue repeat is the 49th day.
  EXPECT_EQ(w_.ReminderTypes(Id(a, "overdue-49d", "2025-01-31")).back(), types::kReminderDelivered);
  EXPECT_EQ(LastData(Id(a, "overdue-49d", "2025-01-31"))["late"], false);  // First contact, not a delay.
  EXPECT_EQ(w_.ReminderTypes(Id(a, "escalate-30d", "2025-01-31", "ecaro")).back(), types::kReminderDelivered);
  EXPECT_EQ(w_.ReminderTypes(Id(b, "escalate-30d", "2024-12-31", "ecaro")).back(), types::kReminderDelivered);
  EXPECT_EQ(n->Metrics().reminders_skipped, 0u);
}

// A month of downtime: the unit is told the state of today (the latest
// repeat, the escalation it is now past), once, marked late; the repeats it
// slept through are not sent one by one.
TEST_F(StatePlanningTest, AMonthOfDowntimeSendsTheCurrentStateOnce) {
  const std::string a = notifier_test::AddAction(*w_.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-03-31");
  {
    auto n = Open();
    ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));  // before-7d.
  }
  auto n = Open();
  ASSERT_OK(TickAt(*n, "2025-05-02T10:00:00Z"));
  ASSERT_OK(TickAt(*n, "2025-05-02T11:00:00Z"));
  EXPECT_EQ(w_.ReminderTypes(Id(a, "overdue-28d", "2025-03-31")).back(), types::kReminderDelivered);
  EXPECT_EQ(LastData(Id(a, "overdue-28d", "2025-03-31"))["late"], true);
  EXPECT_EQ(w_.ReminderTypes(Id(a, "escalate-30d", "2025-03-31", "ecaro")).back(), types::kReminderDelivered);
  for (const char* slept : {"before-1d", "deadline", "overdue-7d", "overdue-14d", "overdue-21d"}) {
    EXPECT_TRUE(w_.ReminderTypes(Id(a, slept, "2025-03-31")).empty()) << slept;
  }
  EXPECT_EQ(MailsTo("co@example.org").size(), 2u);  // before-7d, then today's state.
  EXPECT_EQ(MailsTo("ecaro@example.org").size(), 1u);
}

// The deadline moved while the notifier was down: what was pending for the
// old deadline is skipped with the reason, the old deadline's overdue
// repeats are never sent, and the new deadline has nothing due yet.
TEST_F(StatePlanningTest, ADeadlineMovedDuringDowntimeCancelsTheOldAndSendsNothingStale) {
  const std::string a = notifier_test::AddAction(*w_.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-03-31");
  {
    auto n = Open(true);
    ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));  // E-mail delivered, chat pending (nobody listens).
  }
  const std::string chat = Id(a, "before-7d", "2025-03-31", "kaz-co", "webhook:co-chat");
  EXPECT_EQ(w_.ReminderTypes(chat).back(), types::kReminderFailed);
  events::CommandContext ctx(*w_.store, "focal-point");
  ASSERT_OK(events::ChangeDeadline(ctx, a, *events::ParseDeadline("2025-06-30"), "new partner agreement"));
  auto n = Open(true);
  ASSERT_OK(TickAt(*n, "2025-04-08T10:00:00Z"));
  EXPECT_EQ(w_.ReminderTypes(chat).back(), types::kReminderSkipped);
  EXPECT_EQ(LastData(chat)["reason"], "deadline moved from 2025-03-31 to 2025-06-30");
  EXPECT_TRUE(w_.ReminderTypes(Id(a, "overdue-7d", "2025-03-31")).empty());
  EXPECT_EQ(MailsTo("co@example.org").size(), 1u);
  EXPECT_EQ(n->Metrics().outbox_depth, 0u);
}

// Completed while the notifier was down: nothing more goes out but the
// cancellation of the calendar event the unit was sent.
TEST_F(StatePlanningTest, CompletionDuringDowntimeCancelsWhatWasPending) {
  const std::string a = notifier_test::AddAction(*w_.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-03-31");
  {
    auto n = Open(true);
    ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
  }
  events::CommandContext ctx(*w_.store, "kaz-co-editor");
  ASSERT_OK(events::ChangeStatus(ctx, a, events::ActionStatus::kCompleted, "strategy adopted"));
  auto n = Open(true);
  ASSERT_OK(TickAt(*n, "2025-05-02T10:00:00Z"));
  const std::string chat = Id(a, "before-7d", "2025-03-31", "kaz-co", "webhook:co-chat");
  EXPECT_EQ(LastData(chat)["reason"], "action is Completed");
  EXPECT_TRUE(w_.ReminderTypes(Id(a, "escalate-30d", "2025-03-31", "ecaro")).empty());
  // Only the calendar cancellation of the deadline it was e-mailed about.
  const auto mails = MailsTo("co@example.org");
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(std::count_if(mails.begin(), mails.end(),
                          [](const std::string& m) { return m.find("method=CANCEL") != std::string::npos; }),
            1);
  EXPECT_TRUE(MailsTo("ecaro@example.org").empty());
}

// What becomes due after the unit's digest of the day went out (a new
// import) goes at the next pass, one message for the unit.
TEST_F(StatePlanningTest, WhatBecomesDueAfterTheDigestWentGoesAtTheNextPassGroupedPerUnit) {
  notifier_test::AddAction(*w_.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-03-31");
  auto n = Open();
  ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
  ASSERT_EQ(MailsTo("co@example.org").size(), 1u);
  w_.clock.Set(At("2025-03-24T13:00:00Z"));
  notifier_test::AddAction(*w_.store, "ev-1", 2, "Train the partners", {"kaz-co"}, "2025-03-25");
  notifier_test::AddAction(*w_.store, "ev-1", 3, "Publish the report", {"kaz-co"}, "2025-03-10");
  ASSERT_OK(n->Tick());
  const auto mails = MailsTo("co@example.org");
  ASSERT_EQ(mails.size(), 2u);
  int digests = 0;
  for (const auto& m : mails) digests += m.find("X-Mrtrack-Message: dg-") != std::string::npos ? 1 : 0;
  EXPECT_EQ(digests, 1);  // The two new actions, together.
}

// An earlier reminder never sent (its channel down) is folded into the
// latest of its chain: skipped as superseded, listed by the new one.
TEST_F(StatePlanningTest, AnEarlierReminderNeverSentIsFoldedIntoTheLatest) {
  const std::string a = notifier_test::AddAction(*w_.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-03-31");
  auto n = Open(true);
  ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));
  const std::string week = Id(a, "before-7d", "2025-03-31", "kaz-co", "webhook:co-chat");
  ASSERT_OK(TickAt(*n, "2025-03-30T08:00:00Z"));  // before-1d, 09:00 Berlin (summer time from 03-30: 07:00Z).
  const std::string day = Id(a, "before-1d", "2025-03-31", "kaz-co", "webhook:co-chat");
  EXPECT_EQ(w_.ReminderTypes(week).back(), types::kReminderSkipped);
  EXPECT_EQ(LastData(week)["reason"], "superseded by before-1d reminder " + day);
  auto due = w_.store->ReadStream(events::ReminderStream(day), 1, events::Direction::kForward, 1);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().data["supersedes"], nlohmann::json::array({week}));
}

// What a person reads: the action numbered as published, the evaluation
// once, dates in words, lateness in days, what is asked, a link; a delay by
// downtime said in words; links to the address people reach mrtrack at
// ([server] public_url). MRTRACK_PRINT_MESSAGES=1 prints the text and HTML
// (docs/NOTIFIER.md shows them).
TEST_F(StatePlanningTest, MessagesSayWhatAPersonNeedsToAct) {
  const std::string a = notifier_test::AddAction(*w_.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-03-31");
  const std::string b = notifier_test::AddAction(*w_.store, "ev-1", 2, "Train the partners", {"kaz-co"}, "2025-01-31");
  const std::string public_url = "[server]\npublic_url = \"https://mrtrack.example.org/\"\n";
  {
    auto n = Open(false, public_url);
    ASSERT_OK(TickAt(*n, "2025-03-24T08:00:00Z"));  // A digest: 1.2 overdue, 1.1 due in 7 days.
  }
  ASSERT_EQ(MailsTo("co@example.org").size(), 1u);
  events::CommandContext ctx(*w_.store, "kaz-co-editor");
  ASSERT_OK(events::ChangeStatus(ctx, b, events::ActionStatus::kCompleted, "partners trained"));
  auto n = Open(false, public_url);
  ASSERT_OK(TickAt(*n, "2025-04-09T08:00:00Z"));  // Down over 2025-04-07: 1.1's overdue-7d comes late.
  const auto mails = MailsTo("co@example.org");
  ASSERT_EQ(mails.size(), 3u);  // The digest, then the late reminder and 1.2's calendar cancellation.
  // Told apart by what they are: the maildir's order is not the sending order.
  std::string digest_mail, late_mail, cancel_mail;
  for (const auto& m : mails) {
    if (m.find("method=CANCEL") != std::string::npos) cancel_mail = m;
    else if (m.find("X-Mrtrack-Message: dg-") != std::string::npos) digest_mail = m;
    else late_mail = m;
  }
  ASSERT_FALSE(digest_mail.empty());
  ASSERT_FALSE(late_mail.empty());
  ASSERT_FALSE(cancel_mail.empty());
  EXPECT_EQ(notifier_test::ParseMime(cancel_mail).headers.at("subject"),
            "[UN Women Kazakhstan] Key action 1.2 is Completed: its deadline leaves your calendar");
  const auto digest = notifier_test::ParseMime(digest_mail);
  const std::string text = digest.parts.at(0).parts.at(0).body;
  EXPECT_EQ(digest.headers.at("subject"),
            "[UN Women Kazakhstan] Kazakhstan CO: 1 key action overdue (the most by 52 days), 1 due soon in "
            "Evaluation of the umbrella programme");
  EXPECT_NE(text.find("\nEvaluation of the umbrella programme\n"), std::string::npos) << text;
  EXPECT_NE(text.find("* Key action 1.2: 52 days overdue\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Deadline 31 January 2025, status Not Initiated"), std::string::npos) << text;
  EXPECT_NE(text.find("Open it: https://mrtrack.example.org/actions/" + a + "?signin=l1."), std::string::npos) << text;
  EXPECT_NE(text.find("\nWhere your key actions stand on 24 March 2025: 1 key action overdue (the most by 52 days), "
                      "1 due soon.\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Please open the action and record what has been done, with the evidence; if the deadline "
                      "cannot be met, say why and by when it can."),
            std::string::npos)
      << text;
  const auto late = notifier_test::ParseMime(late_mail);
  const std::string late_text = late.parts.at(0).parts.at(0).body;
  EXPECT_NE(late_text.find("Key action 1.1 is 9 days overdue. Its deadline was 31 March 2025."), std::string::npos)
      << late_text;
  EXPECT_NE(late_text.find("This reminder was due on 7 April 2025; it comes late because mrtrack was not running then."),
            std::string::npos)
      << late_text;
  if (std::getenv("MRTRACK_PRINT_MESSAGES") != nullptr) {
    for (const auto* m : {&digest, &late}) {
      std::cout << "Subject: " << m->headers.at("subject") << "\n\n"
                << m->parts.at(0).parts.at(0).body << "\n----- HTML -----\n"
                << m->parts.at(0).parts.at(1).body << "\n=====\n";
    }
  }
}

}  // namespace
}  // namespace mrtrack::notifier
