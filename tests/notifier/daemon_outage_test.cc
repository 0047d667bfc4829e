// The real mrtrackd while its SMTP server (aiosmtpd) and its webhook
// receiver go down and come back: the first reminders are delivered; both
// go down and new reminders fall due (connection refused): they are retried
// with backoff, never parked; the receiver comes back on its port and gets
// its messages; mrtrackd is restarted while the SMTP server is still down;
// the SMTP server comes back on its port. Every reminder ends delivered, and
// every message arrived exactly once: the Maildir by Message-ID, the
// receivers by webhook-id.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>

#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/test_units.h"
#include "http_receiver.h"
#include "mime_reader.h"
#include "notifier_test_util.h"
#include "smtp_server.h"
#include "tests/support/wait_for.h"

namespace mrtrack::notifier {
namespace {

using daemon::testing::DaemonProcess;
using daemon::testing::GetJson;
using daemon::testing::kAdminName;
using daemon::testing::kAdminToken;
using test_support::WaitFor;

constexpr char kEmail[] = "email";
constexpr char kWebhook[] = "webhook:hook";

// Every reminder of `actions`, by reminder id, once `done` holds for all of
// them (each action has one on each channel); empty when the deadline passed.
template <typename Done>
std::map<std::string, nlohmann::json> WaitForReminders(httplib::Client& client, const std::vector<std::string>& actions,
                                                       Done done) {
  std::map<std::string, nlohmann::json> items;
  const bool all = WaitFor(
      [&] {
        items.clear();
        for (const auto& action : actions) {
          auto r = GetJson(client, "/v1/actions/" + action + "/reminders");
          if (r.status != 200 || r.body["items"].size() != 2) return false;
          for (const auto& item : r.body["items"]) {
            if (!done(item)) return false;
            items[item["reminder_id"]] = item;
          }
        }
        return true;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(50));
  if (!all) items.clear();
  return items;
}

bool Retrying(const nlohmann::json& item) { return item["state"] == "pending" && item["attempts"].get<int>() >= 2; }

std::multiset<std::string> MessageIdsInMaildir(const std::string& maildir) {
  std::multiset<std::string> ids;
  for (const auto& mail : notifier_test::ReadMaildir(maildir)) {
    ids.insert(notifier_test::ParseMime(mail).headers.at("message-id"));
  }
  return ids;
}

std::multiset<std::string> WebhookIds(const notifier_test::HttpReceiver& receiver) {
  std::multiset<std::string> ids;
  for (const auto& r : receiver.Requests()) ids.insert(r.Header("webhook-id"));
  return ids;
}

// The message ids of the reminders of `channel`, as the channel shows them.
std::multiset<std::string> ExpectedIds(const std::map<std::string, nlohmann::json>& items, const std::string& channel) {
  std::set<std::string> ids;  // A digest carries several reminders under one id.
  for (const auto& [id, item] : items) {
    if (item["channel"] != channel) continue;
    const std::string message_id = item["message_id"];
    ids.insert(channel == kEmail ? "<" + message_id + "@example.org>" : message_id);
  }
  return {ids.begin(), ids.end()};
}

// A second evaluation with one overdue action for each of `units`, imported
// through the API while mrtrackd runs; its action ids.
std::vector<std::string> ImportOverdueActions(httplib::Client& client, const std::vector<std::string>& units) {
  nlohmann::json actions = nlohmann::json::array();
  for (std::size_t i = 0; i < units.size(); ++i) {
    actions.push_back({{"description", "Late action " + std::to_string(i + 1)},
                       {"responsible", {{"units", {units[i]}}}},
                       {"deadline", "2025-02-28"}});
  }
  const nlohmann::json doc = {{"evaluation_id", "ev-2"},
                              {"evaluation", {{"title", "Evaluation imported during the outage"}, {"office", "Kazakhstan"}}},
                              {"recommendations", {{{"text", "Follow up"}, {"key_actions", actions}}}}};
  auto r = daemon::testing::PostRaw(client, "/v1/imports", doc.dump(), "application/json");
  EXPECT_EQ(r.status, 200) << r.raw;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < units.size(); ++i) ids.push_back("ev-2-r1-a" + std::to_string(i + 1));
  return ids;
}

bool Delivered(const nlohmann::json& item) { return item["state"] == "delivered"; }

TEST(DaemonOutageTest, SmtpAndWebhookDownAndBackAcrossARestartDeliverEveryReminderExactlyOnce) {
  notifier_test::TempDir dir;
  const int smtp_port = notifier_test::UnusedPort();
  const int hook_port = notifier_test::UnusedPort();
  ASSERT_NE(smtp_port, hook_port);
  const std::string received = dir.Sub("received");
  const std::string data_dir = dir.Sub("data");
  // kaz-co gets digests of two actions, the others one message per channel.
  const std::vector<std::string> owners = {"kaz-co", "kaz-co", "kaz-programme", "government"};
  const auto before = notifier_test::AddOverdueActions(data_dir, owners);
  ASSERT_EQ(before.size(), 4u);
  std::string units;
  for (const char* unit : {"kaz-co", "kaz-programme", "government"}) {
    units += "[[units]]\nid = \"" + std::string(unit) + "\"\nemails = [\"" + unit +
             "@example.org\"]\nwebhooks = [\"hook\"]\n";
  }
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(
      config,
      "[server]\nlisten = \"127.0.0.1:0\"\n[storage]\ndata_dir = \"" + data_dir +
          "\"\n[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\n"
          // A short backoff keeps the test fast; enough attempts that none is parked.
          "[reminders]\nescalate_after = \"0d\"\ninitial_backoff = \"1s\"\nmax_attempts = 30\n" +
          units + daemon::testing::TokenToml(kAdminName, "admin", kAdminToken) +
          "[smtp]\nfrom = \"mrtrack@example.org\"\nurl = \"smtp://127.0.0.1:" + std::to_string(smtp_port) +
          "\"\ntimeout = \"5s\"\nstarttls = false\n"
          "[webhooks.hook]\nkind = \"generic\"\nurl = \"http://127.0.0.1:" + std::to_string(hook_port) +
          "/hook\"\nsecret = \"whsec_bXJ0cmFjay10ZXN0LXNlY3JldC1rZXkh\"\ntimeout = \"5s\"\n");

  // Both up: the first reminders go.
  auto smtp = std::make_unique<notifier_test::SmtpServer>(smtp_port, received);
  ASSERT_TRUE(smtp->ready()) << "aiosmtpd did not start (is python3-aiosmtpd installed?)";
  auto receiver = std::make_unique<notifier_test::HttpReceiver>(notifier_test::HttpReceiver::Handler{}, hook_port);
  ASSERT_EQ(receiver->port(), hook_port);
  auto first = std::make_unique<DaemonProcess>(config, dir.Sub("first.log"));
  ASSERT_TRUE(first->WaitReady()) << first->Log();
  auto admin = first->Client(kAdminToken);
  const auto early = WaitForReminders(*admin, before, Delivered);
  ASSERT_EQ(early.size(), 8u) << first->Log();

  // Both go down; new reminders fall due (an import): refused, retried, not parked.
  auto first_requests = receiver->Requests();
  receiver.reset();
  smtp.reset();
  ASSERT_FALSE(notifier_test::CanConnect(smtp_port));
  ASSERT_FALSE(notifier_test::CanConnect(hook_port));
  const auto during = ImportOverdueActions(*admin, owners);
  const auto retrying = WaitForReminders(*admin, during, Retrying);
  ASSERT_EQ(retrying.size(), 8u) << first->Log();
  for (const auto& [id, item] : retrying) EXPECT_FALSE(item["message_id"].get<std::string>().empty()) << item;
  EXPECT_NE(first->Log().find("Couldn't connect to server"), std::string::npos) << first->Log();

  // The webhook receiver comes back on its port: its reminders go.
  receiver = std::make_unique<notifier_test::HttpReceiver>(notifier_test::HttpReceiver::Handler{}, hook_port);
  ASSERT_EQ(receiver->port(), hook_port);
  const auto hooks_done = WaitForReminders(*admin, during, [](const nlohmann::json& item) {
    return item["channel"] == kEmail ? Retrying(item) : Delivered(item);
  });
  ASSERT_EQ(hooks_done.size(), 8u) << first->Log();

  // mrtrackd restarts while the SMTP server is still down; the e-mails are retried again.
  first->Signal(SIGTERM);
  ASSERT_EQ(first->WaitExit(), 0) << first->Log();
  first.reset();
  DaemonProcess second(config, dir.Sub("second.log"));
  ASSERT_TRUE(second.WaitReady()) << second.Log();
  admin = second.Client(kAdminToken);
  const auto after_restart = WaitForReminders(*admin, during, [&](const nlohmann::json& item) {
    if (item["channel"] != kEmail) return Delivered(item);
    return item["state"] == "pending" &&
           item["attempts"].get<int>() > hooks_done.at(item["reminder_id"])["attempts"].get<int>();
  });
  ASSERT_EQ(after_restart.size(), 8u) << second.Log();
  const std::size_t mails_before_outage = notifier_test::ReadMaildir(received).size();
  EXPECT_EQ(mails_before_outage, 3u);

  // The SMTP server comes back on its port: everything is delivered.
  smtp = std::make_unique<notifier_test::SmtpServer>(smtp_port, received);
  ASSERT_TRUE(smtp->ready());
  const auto delivered = WaitForReminders(*admin, during, Delivered);
  ASSERT_EQ(delivered.size(), 8u) << second.Log();
  for (const auto& [id, item] : delivered) {
    // Each under the message id fixed by its first attempt, during the outage.
    EXPECT_EQ(item["message_id"], retrying.at(id)["message_id"]) << item;
  }
  EXPECT_EQ(WaitForReminders(*admin, before, Delivered), early) << "the early reminders were touched again";
  EXPECT_TRUE(WaitFor(
      [&] {
        auto m = admin->Get("/metrics");
        return m && m->body.find("mrtrack_notifier_outbox_depth 0\n") != std::string::npos;
      },
      std::chrono::seconds(10)));
  second.Signal(SIGTERM);
  EXPECT_EQ(second.WaitExit(), 0) << second.Log();

  // Exactly once: every expected id present, none twice, nothing else.
  auto all = early;
  all.insert(delivered.begin(), delivered.end());
  ASSERT_EQ(all.size(), 16u);
  std::multiset<std::string> hooks;
  for (const auto& r : first_requests) hooks.insert(r.Header("webhook-id"));
  for (const auto& id : WebhookIds(*receiver)) hooks.insert(id);
  const auto expected_mails = ExpectedIds(all, kEmail);
  EXPECT_EQ(expected_mails.size(), 6u) << "per evaluation, a digest for kaz-co and one message for each other unit";
  EXPECT_EQ(MessageIdsInMaildir(received), expected_mails);
  EXPECT_EQ(hooks, ExpectedIds(all, kWebhook));
  EXPECT_EQ(hooks.size(), 6u);
}

}  // namespace
}  // namespace mrtrack::notifier
