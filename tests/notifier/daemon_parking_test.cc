// The real mrtrackd parks what cannot be delivered and sends it once the
// cause is fixed:
// - STARTTLS required against an SMTP server without it (aiosmtpd): every
//   reminder is parked, with its reason and message id, in
//   GET /v1/actions/{id}/reminders; the config file fixed and a real SIGHUP
//   deliver each message exactly once, under the Message-ID of its first
//   attempt;
// - a webhook receiver refusing with 400 parks the reminder; once it accepts
//   again, `mrtrack reminders retry --channel webhook:hook` (the admin's
//   POST /v1/reminders/retry) queues it again and it is delivered once,
//   under its first webhook-id, the admin recorded as who asked.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>

#include "projections/offline.h"
#include "tests/cli/cli_run.h"
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

// Two units, the admin token, and `extra` (the [smtp] or [webhooks] section).
std::string ConfigToml(const std::string& data_dir, const std::string& units, const std::string& extra) {
  return "[server]\nlisten = \"127.0.0.1:0\"\n[storage]\ndata_dir = \"" + data_dir +
         "\"\n[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\n[reminders]\n"
         "escalate_after = \"0d\"\n" +
         units + daemon::testing::TokenToml(kAdminName, "admin", kAdminToken) + extra;
}

// The one reminder of each action, once all of them are in `state`.
std::map<std::string, nlohmann::json> WaitForState(httplib::Client& client, const std::vector<std::string>& actions,
                                                   const std::string& state) {
  std::map<std::string, nlohmann::json> items;
  WaitFor(
      [&] {
        items.clear();
        for (const auto& action : actions) {
          auto r = GetJson(client, "/v1/actions/" + action + "/reminders");
          if (r.status != 200 || r.body["items"].size() != 1 || r.body["items"][0]["state"] != state) return false;
          items[action] = r.body["items"][0];
        }
        return true;
      },
      std::chrono::seconds(30));
  return items;
}

TEST(DaemonParkingTest, StartTlsMissingParksUntilTheFixedConfigIsReloaded) {
  notifier_test::TempDir dir;
  const int port = notifier_test::UnusedPort();
  const std::string received = dir.Sub("received");
  notifier_test::SmtpServer smtp(port, received);
  ASSERT_TRUE(smtp.ready()) << "aiosmtpd did not start (is python3-aiosmtpd installed?)";
  const std::string data_dir = dir.Sub("data");
  // kaz-co gets a digest of two actions, kaz-programme a single reminder.
  const auto actions = notifier_test::AddOverdueActions(data_dir, {"kaz-co", "kaz-co", "kaz-programme"});
  ASSERT_EQ(actions.size(), 3u);
  const std::string units =
      "[[units]]\nid = \"kaz-co\"\nemails = [\"co@example.org\"]\n"
      "[[units]]\nid = \"kaz-programme\"\nemails = [\"programme@example.org\"]\n";
  auto smtp_section = [&](bool starttls) {
    return "[smtp]\nfrom = \"mrtrack@example.org\"\nurl = \"smtp://127.0.0.1:" + std::to_string(port) +
           "\"\ntimeout = \"5s\"\nstarttls = " + (starttls ? "true" : "false") + "\n";
  };
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(config, ConfigToml(data_dir, units, smtp_section(true)));
  DaemonProcess d(config, dir.Sub("mrtrackd.log"));
  ASSERT_TRUE(d.WaitReady()) << d.Log();
  auto admin = d.Client(kAdminToken);

  const auto parked = WaitForState(*admin, actions, "parked");
  ASSERT_EQ(parked.size(), 3u) << d.Log();
  for (const auto& [action, item] : parked) {
    EXPECT_NE(item["reason"].get<std::string>().find("smtp: Requested SSL level failed"), std::string::npos) << item;
    EXPECT_FALSE(item["message_id"].get<std::string>().empty()) << item;
  }
  EXPECT_EQ(parked.at(actions[0])["message_id"], parked.at(actions[1])["message_id"]) << "one digest";
  EXPECT_NE(parked.at(actions[0])["message_id"], parked.at(actions[2])["message_id"]);
  EXPECT_TRUE(notifier_test::ReadMaildir(received).empty());

  // The operator fixes the file and reloads: the channel's parked reminders go at once.
  daemon::testing::WriteFile(config, ConfigToml(data_dir, units, smtp_section(false)));
  d.Signal(SIGHUP);
  const auto delivered = WaitForState(*admin, actions, "delivered");
  ASSERT_EQ(delivered.size(), 3u) << d.Log();
  const auto mails = notifier_test::ReadMaildir(received);
  ASSERT_EQ(mails.size(), 2u);
  std::set<std::string> ids_sent;
  for (const auto& mail : mails) ids_sent.insert(notifier_test::ParseMime(mail).headers.at("message-id"));
  std::set<std::string> ids_parked;
  for (const auto& [action, item] : parked) ids_parked.insert("<" + item["message_id"].get<std::string>() + "@example.org>");
  EXPECT_EQ(ids_sent, ids_parked);
  for (const auto& [action, item] : delivered) EXPECT_EQ(item["message_id"], parked.at(action)["message_id"]);
  EXPECT_TRUE(WaitFor(
      [&] {
        auto m = admin->Get("/metrics");
        return m && m->body.find("mrtrack_notifier_parked 0\n") != std::string::npos &&
               m->body.find("mrtrack_notifier_outbox_depth 0\n") != std::string::npos;
      },
      std::chrono::seconds(10)));
  d.Signal(SIGTERM);
  EXPECT_EQ(d.WaitExit(), 0) << d.Log();
  EXPECT_EQ(notifier_test::ReadMaildir(received).size(), 2u) << "a message went twice";
}

TEST(DaemonParkingTest, AnAdminsRetryDeliversAParkedWebhookReminderUnderItsFirstId) {
  notifier_test::TempDir dir;
  std::atomic<bool> fixed{false};
  notifier_test::HttpReceiver receiver([&](std::size_t, const httplib::Request&, httplib::Response& res) {
    if (!fixed.load()) res.status = 400;
  });
  const std::string data_dir = dir.Sub("data");
  const auto actions = notifier_test::AddOverdueActions(data_dir, {"kaz-co"});
  ASSERT_EQ(actions.size(), 1u);
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(
      config, ConfigToml(data_dir, "[[units]]\nid = \"kaz-co\"\nwebhooks = [\"hook\"]\n",
                     "[smtp]\nfrom = \"mrtrack@example.org\"\n[webhooks.hook]\nkind = \"generic\"\nurl = \"" +
                         receiver.Url() + "\"\ntimeout = \"5s\"\n"));
  DaemonProcess d(config, dir.Sub("mrtrackd.log"));
  ASSERT_TRUE(d.WaitReady()) << d.Log();
  auto admin = d.Client(kAdminToken);
  const auto parked = WaitForState(*admin, actions, "parked");
  ASSERT_EQ(parked.size(), 1u) << d.Log();
  const nlohmann::json item = parked.begin()->second;
  EXPECT_EQ(item["reason"], "webhook hook: HTTP 400: ok");
  const std::string message_id = item["message_id"];

  // Nothing else brings it back: a bad filter is refused, naming the field.
  auto bad = daemon::testing::PostJson(*admin, "/v1/reminders/retry", {{"channel", "sms"}});
  EXPECT_EQ(bad.status, 400) << bad.raw;
  EXPECT_EQ(bad.body["error"]["field"], "channel") << bad.raw;

  fixed.store(true);
  daemon::testing::WriteFile(dir.Sub("admin.token"), kAdminToken);
  const std::string url = "--url http://127.0.0.1:" + std::to_string(d.port());
  auto retried = cli_test::RunCli(url + " --token-file " + dir.Sub("admin.token") +
                                  " reminders retry --channel webhook:hook --since 2025-01-01");
  ASSERT_EQ(retried.exit_code, 0) << retried.out;
  EXPECT_NE(retried.out.find(item["reminder_id"].get<std::string>() + "\n"), std::string::npos) << retried.out;
  EXPECT_NE(retried.out.find("1 parked reminder queued again (channel webhook:hook) (parked since "
                             "2025-01-01T00:00:00.000000Z); delivered now"),
            std::string::npos)
      << retried.out;
  const auto delivered = WaitForState(*admin, actions, "delivered");
  ASSERT_EQ(delivered.size(), 1u) << d.Log();
  EXPECT_EQ(delivered.begin()->second["message_id"], message_id);
  const auto reqs = receiver.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  for (const auto& r : reqs) EXPECT_EQ(r.Header("webhook-id"), message_id);

  // Every step is an event; the retry names who asked.
  auto log = GetJson(*admin, "/v1/events?from=1&limit=1000");
  ASSERT_EQ(log.status, 200) << log.raw;
  std::vector<std::string> types;
  for (const auto& e : log.body["events"]) {
    if (e["stream"] != "reminder-" + item["reminder_id"].get<std::string>()) continue;
    types.push_back(e["type"]);
    if (e["type"] == "ReminderRequeued") {
      EXPECT_EQ(e["actor"], kAdminName);
      EXPECT_EQ(e["data"]["reason"], std::string("retry asked by ") + kAdminName +
                                         " for channel webhook:hook for reminders parked since "
                                         "2025-01-01T00:00:00.000000Z");
    }
  }
  EXPECT_EQ(types, (std::vector<std::string>{"ReminderDue", "ReminderMessageFixed", "ReminderParked",
                                             "ReminderRequeued", "ReminderDelivered"}));
  d.Signal(SIGTERM);
  EXPECT_EQ(d.WaitExit(), 0) << d.Log();
}

}  // namespace
}  // namespace mrtrack::notifier
