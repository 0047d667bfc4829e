// E-mail end to end: a real SMTP server (Debian's python3-aiosmtpd, Maildir
// handler) started by the test, and the Maildir fallback. The received
// messages are parsed independently and their headers, both parts and the
// iCalendar attachment checked.
#include "notifier/channels/smtp_channel.h"

#include <gtest/gtest.h>

#include <chrono>

#include "common/sign_in_link.h"
#include "notifier/message_builder.h"
#include "notifier/notifier.h"
#include "http_receiver.h"
#include "mime_reader.h"
#include "notifier_test_util.h"
#include "smtp_server.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;
using notifier_test::MimePart;
using notifier_test::ParseMime;
using notifier_test::ReadMaildir;
using notifier_test::SmtpServer;

const char kDescription[] = "Разработать стратегию мобилизации ресурсов – resource mobilisation strategy";

std::string WithSmtp(const std::string& toml, const std::string& smtp) {
  std::string out = toml;
  const std::string from = "[smtp]\nfrom = \"mrtrack@example.org\"\n";
  out.replace(out.find(from), from.size(), "[smtp]\nfrom = \"mrtrack@example.org\"\n" + smtp);
  return out;
}

class EmailTest : public ::testing::Test {
 protected:
  EmailTest() : w_(At("2025-03-24T08:00:00Z")) {
    notifier_test::AddEvaluation(*w_.store, "ev-1", "Evaluation of the umbrella programme");
    action_ = notifier_test::AddAction(*w_.store, "ev-1", 1, kDescription, {"kaz-co"}, "2025-03-31");
  }

  std::unique_ptr<Notifier> Open(const std::string& toml) {
    auto n = Notifier::Open(*w_.store, *w_.projections, notifier_test::MakeConfig(toml), w_.clock);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? std::move(*n) : nullptr;
  }

  // Checks everything a reminder e-mail for the 7-day rule must show.
  void CheckMessage(const std::string& raw) {
    const std::string id = ReminderId(action_, "before-7d", *ParseDate("2025-03-31"), "kaz-co", "email");
    const MimePart m = ParseMime(raw);
    EXPECT_EQ(m.headers.at("message-id"), "<" + id + "@example.org>");
    EXPECT_EQ(m.headers.at("from"), "\"UN Women Kazakhstan\" <mrtrack@example.org>");
    EXPECT_EQ(m.headers.at("to"), "co@example.org");
    EXPECT_EQ(m.headers.at("date"), "Mon, 24 Mar 2025 08:00:00 +0000");
    EXPECT_EQ(m.headers.at("mime-version"), "1.0");
    EXPECT_EQ(m.headers.at("subject"),
              "[UN Women Kazakhstan] key action 1.1 is due in 7 days, by 31 March 2025: " + ShortText(kDescription, 60));
    // The raw Subject header is pure ASCII (RFC 2047).
    const auto subject_at = raw.find("Subject: ");
    ASSERT_NE(subject_at, std::string::npos);
    EXPECT_EQ(raw.compare(subject_at, 19, "Subject: =?UTF-8?B?"), 0);
    ASSERT_EQ(m.parts.size(), 2u);
    const MimePart& alt = m.parts[0];
    EXPECT_EQ(alt.headers.at("content-type").rfind("multipart/alternative", 0), 0u);
    ASSERT_EQ(alt.parts.size(), 2u);
    EXPECT_EQ(alt.parts[0].headers.at("content-type"), "text/plain; charset=UTF-8");
    EXPECT_NE(alt.parts[0].body.find("Key action 1.1 is due in 7 days. Its deadline is 31 March 2025.\n\n  " +
                                     std::string(kDescription) + "\n"),
              std::string::npos)
        << alt.parts[0].body;
    // The link signs the recipient in as an editor of the unit for [web] link_days (common/sign_in_link.h).
    const std::string link = "Open the action: http://127.0.0.1:8420/actions/" + action_ + "?signin=";
    const auto link_at = alt.parts[0].body.find(link);
    ASSERT_NE(link_at, std::string::npos) << alt.parts[0].body;
    const auto token_at = link_at + link.size();
    const std::string token = alt.parts[0].body.substr(token_at, alt.parts[0].body.find('\n', token_at) - token_at);
    auto key = LoadSignInLinkKey(w_.dir.path());
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    auto signed_in = VerifySignInLinkToken(*key, token, At("2025-03-24T08:00:00Z"));
    ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString() << " " << token;
    EXPECT_EQ(signed_in->unit, "kaz-co");
    EXPECT_EQ(signed_in->recipient, "co@example.org");
    EXPECT_EQ(signed_in->expires, At("2025-04-07T08:00:00Z")) << "14 days, the default link_days";
    EXPECT_NE(alt.parts[1].body.find("?signin=" + token), std::string::npos) << "the HTML part links the same";
    EXPECT_EQ(alt.parts[1].headers.at("content-type"), "text/html; charset=UTF-8");
    EXPECT_NE(alt.parts[1].body.find("<blockquote>" + std::string(kDescription) + "</blockquote>"), std::string::npos);
    const MimePart& ics = m.parts[1];
    EXPECT_EQ(ics.headers.at("content-type").rfind("text/calendar", 0), 0u);
    EXPECT_EQ(ics.headers.at("content-disposition"), "attachment; filename=\"deadlines.ics\"");
    std::string unfolded;
    for (const auto& line : notifier_test::Lines(ics.body)) {
      if (!line.empty() && line[0] == ' ') {
        unfolded += line.substr(1);
      } else {
        unfolded += (unfolded.empty() ? "" : "\n") + line;
      }
    }
    EXPECT_NE(unfolded.find("BEGIN:VEVENT"), std::string::npos);
    EXPECT_NE(unfolded.find("\nUID:action-" + action_ + "@mrtrack\n"), std::string::npos);
    EXPECT_NE(unfolded.find("\nSEQUENCE:1\n"), std::string::npos);
    EXPECT_NE(unfolded.find("\nDTSTART;VALUE=DATE:20250331\n"), std::string::npos);
    EXPECT_NE(unfolded.find("\nDTEND;VALUE=DATE:20250401\n"), std::string::npos);
    EXPECT_NE(unfolded.find("\nSUMMARY:Deadline: key action 1.1 " + ShortText(kDescription, 60) + "\n"),
              std::string::npos);
  }

  notifier_test::World w_;
  std::string action_;
};

TEST_F(EmailTest, SmtpDeliveryToARealServerAfterAFailedFirstAttempt) {
  const int port = notifier_test::UnusedPort();
  const std::string received = w_.dir.Sub("received");
  auto n = Open(WithSmtp(notifier_test::BaseToml(w_.dir.path()),
                         "url = \"smtp://127.0.0.1:" + std::to_string(port) + "\"\nstarttls = false\ntimeout = \"5s\"\n"));
  const std::string id = ReminderId(action_, "before-7d", *ParseDate("2025-03-31"), "kaz-co", "email");
  ASSERT_OK(n->Tick());  // Nobody listens yet: a retryable failure.
  EXPECT_EQ(w_.ReminderTypes(id).back(), events::types::kReminderFailed);

  SmtpServer server(port, received);
  ASSERT_TRUE(server.ready()) << "aiosmtpd did not start (is python3-aiosmtpd installed?)";
  w_.clock.Set(At("2025-03-24T08:00:00Z") + std::chrono::minutes(1));
  ASSERT_OK(n->Tick());
  EXPECT_EQ(w_.ReminderTypes(id).back(), events::types::kReminderDelivered);
  const auto mails = ReadMaildir(received);
  ASSERT_EQ(mails.size(), 1u);
  // The retry kept the Message-ID; only the Date is of the new attempt.
  std::string mail = mails[0];
  const auto date_at = mail.find("Date: Mon, 24 Mar 2025 08:01:00 +0000");
  ASSERT_NE(date_at, std::string::npos) << mail;
  mail.replace(date_at, 37, "Date: Mon, 24 Mar 2025 08:00:00 +0000");
  CheckMessage(mail);
}

// STARTTLS required by the config, a server without it: parked with the
// reason. The operator fixes the config and reloads: the parked reminder is
// queued again by itself and delivered once, under its first Message-ID.
TEST_F(EmailTest, RequiredStartTlsThatTheServerLacksParksUntilAReloadFixesIt) {
  const int port = notifier_test::UnusedPort();
  const std::string received = w_.dir.Sub("received");
  SmtpServer server(port, received);
  ASSERT_TRUE(server.ready()) << "aiosmtpd did not start (is python3-aiosmtpd installed?)";
  const std::string url = "url = \"smtp://127.0.0.1:" + std::to_string(port) + "\"\n";
  auto n = Open(WithSmtp(notifier_test::BaseToml(w_.dir.path()), url + "starttls = true\ntimeout = \"5s\"\n"));
  ASSERT_OK(n->Tick());
  const std::string id = ReminderId(action_, "before-7d", *ParseDate("2025-03-31"), "kaz-co", "email");
  auto events = w_.store->ReadStream(events::ReminderStream(id), 1, events::Direction::kForward, 10);
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ(events->at(1).type, events::types::kReminderMessageFixed);
  EXPECT_EQ(events->at(2).type, events::types::kReminderParked);
  EXPECT_EQ(events->at(2).data["message_id"], id);
  EXPECT_NE(events->at(2).data["reason"].get<std::string>().find("smtp: Requested SSL level failed"),
            std::string::npos)
      << events->at(2).data.dump();
  EXPECT_TRUE(ReadMaildir(received).empty());
  w_.clock.Set(At("2025-03-24T09:00:00Z"));
  ASSERT_OK(n->Tick());  // Parked: nothing is tried again by itself.
  EXPECT_EQ(w_.ReminderTypes(id).size(), 3u);

  ASSERT_OK(n->Reconfigure(
      notifier_test::MakeConfig(WithSmtp(notifier_test::BaseToml(w_.dir.path()), url + "starttls = false\n"))));
  ASSERT_OK(n->Tick());
  ASSERT_OK(n->Tick());
  EXPECT_EQ(w_.ReminderTypes(id), (std::vector<std::string>{events::types::kReminderDue,
                                                            events::types::kReminderMessageFixed,
                                                            events::types::kReminderParked,
                                                            events::types::kReminderRequeued,
                                                            events::types::kReminderDelivered}));
  const auto mails = ReadMaildir(received);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(ParseMime(mails[0]).headers.at("message-id"), "<" + id + "@example.org>");
}

TEST_F(EmailTest, WithoutAnSmtpUrlMailGoesToTheMaildirUnderTheDataDirectory) {
  auto n = Open(notifier_test::BaseToml(w_.dir.path()));
  ASSERT_OK(n->Tick());
  const auto mails = ReadMaildir(w_.dir.Sub("maildir"));
  ASSERT_EQ(mails.size(), 1u);
  CheckMessage(mails[0]);
  EXPECT_TRUE(std::filesystem::is_empty(w_.dir.Sub("maildir/tmp")));
  EXPECT_TRUE(std::filesystem::is_directory(w_.dir.Sub("maildir/cur")));
}

}  // namespace
}  // namespace mrtrack::notifier
