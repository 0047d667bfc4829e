// The real mrtrackd and its notifier, end to end:
// - the seed imported with every action overdue, send time now, no quiet
//   hours: each unit gets exactly one digest listing all its overdue
//   actions, and each escalation target its escalations; a malformed
//   reminder event already in the log is counted
//   (mrtrack_notifier_errors_total) and does not stop the notifier;
// - SIGHUP while an SMTP server keeps a delivery hanging (it would stay
//   silent for longer than 25 s): WATCHDOG=1 keeps coming and the reload
//   finishes (the test plays systemd's part with a notify socket of its
//   own), and the attempt ends by its timeout, within half of WatchdogSec;
// - malformed event data in the team-chat feed (a status change whose
//   action_id is a number): logged, counted, and the feed and the notifier
//   go on, degraded on /readyz only until a pass runs without an error.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "events/domain/ids.h"
#include "projections/offline.h"
#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/test_units.h"
#include "tests/support/notify_socket.h"
#include "http_receiver.h"
#include "mime_reader.h"
#include "notifier_test_util.h"
#include "tests/support/wait_for.h"

namespace mrtrack::notifier {
namespace {

using test_support::WaitFor;

using daemon::testing::DaemonProcess;
using daemon::testing::GetJson;
using daemon::testing::kAdminToken;
using Steady = std::chrono::steady_clock;

// "HH:MM" of the current UTC minute: the send time that makes reminders due now.
std::string SendTimeNow() {
  return date::format("%H:%M", date::floor<std::chrono::minutes>(SystemClock::Instance().Now()));
}

// The seed's unit directory, every unit with an address, and an admin token.
std::string UnitsAndToken() {
  return daemon::testing::UnitsToml(daemon::testing::UnitAddresses::kEveryUnit) +
         daemon::testing::TokenToml(daemon::testing::kAdminName, "admin", kAdminToken);
}

std::string ToHeader(const std::string& mail) {
  return notifier_test::ParseMime(mail).headers.at("to");
}

TEST(DaemonRemindersTest, EachUnitGetsOneDigestOfAllItsOverdueActionsAndEachTargetItsEscalations) {
  notifier_test::TempDir dir;
  const std::string data_dir = dir.Sub("data");
  {
    // Malformed data in a reminder stream, already in the log.
    auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), SystemClock::Instance());
    ASSERT_OK(store);
    ASSERT_OK(notifier_test::AppendOne(**store, events::ReminderStream("rm-broken"), events::types::kReminderDue,
                                       {{"reminder_id", "rm-broken"}, {"action_id", 42}}));
  }
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(config, "[server]\nlisten = \"127.0.0.1:0\"\n[storage]\ndata_dir = \"" + data_dir +
                                         "\"\n[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\n" +
                                         "[smtp]\nfrom = \"mrtrack@example.org\"\n[reminders]\nsend_time = \"" +
                                         SendTimeNow() + "\"\n" + UnitsAndToken());
  DaemonProcess d(config, dir.Sub("mrtrackd.log"));
  ASSERT_TRUE(d.WaitReady()) << d.Log();
  auto admin = d.Client(kAdminToken);
  EXPECT_NE(d.Log().find("reminder-rm-broken"), std::string::npos) << "the refused event is logged";
  const auto metrics = admin->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("mrtrack_notifier_errors_total 1\n"), std::string::npos);

  auto imported = daemon::testing::PostRaw(*admin, "/v1/imports", daemon::testing::SeedText(), "text/plain");
  ASSERT_EQ(imported.status, 200) << imported.raw;
  // Whom the notifier owes a digest: every unit with an overdue action, and the escalation target of each.
  auto overdue = GetJson(*admin, "/v1/actions?overdue=true&limit=1000");
  ASSERT_EQ(overdue.status, 200) << overdue.raw;
  const std::map<std::string, std::string> escalation = {{"kaz-co", "ecaro"},
                                                         {"kaz-programme", "kaz-co"},
                                                         {"government", "kaz-co"},
                                                         {"un-agencies", "kaz-co"},
                                                         {"national-partners", "kaz-co"}};
  std::map<std::string, std::set<std::string>> refs_of;  // address -> action refs it must list
  for (const auto& a : overdue.body["items"]) {
    for (const auto& u : a["responsible"]["units"]) {
      const std::string unit = u.get<std::string>();
      const std::string ref = a.value("label", "").empty()
                                  ? std::to_string(a["recommendation_number"].get<int>()) + "." +
                                        std::to_string(a["number"].get<int>())
                                  : a["label"].get<std::string>();
      refs_of[unit + "@example.org"].insert(ref);
      refs_of[escalation.at(unit) + "@example.org"].insert(ref);
    }
  }
  ASSERT_GE(overdue.body["items"].size(), 20u) << "the seed's actions are all overdue";
  const std::string maildir = data_dir + "/maildir";
  ASSERT_TRUE(WaitFor([&] { return notifier_test::ReadMaildir(maildir).size() >= refs_of.size(); },
                      std::chrono::seconds(60)))
      << notifier_test::ReadMaildir(maildir).size() << " of " << refs_of.size() << " digests\n"
      << d.Log();
  // Every reminder is delivered: nothing more is pending.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto m = admin->Get("/metrics");
        return m && m->body.find("mrtrack_notifier_outbox_depth 0\n") != std::string::npos;
      },
      std::chrono::seconds(30)));
  const auto mails = notifier_test::ReadMaildir(maildir);
  std::map<std::string, int> count;
  for (const auto& mail : mails) ++count[ToHeader(mail)];
  for (const auto& [to, refs] : refs_of) {
    EXPECT_EQ(count[to], 1) << to;
    for (const auto& mail : mails) {
      if (ToHeader(mail) != to) continue;
      const auto text = notifier_test::ParseMime(mail).parts.at(0).parts.at(0).body;
      for (const auto& ref : refs) {
        // "Key action 1.2: …" in a digest, "Key action 1.2 is …" in a single reminder.
        const bool listed = text.find("Key action " + ref + ":") != std::string::npos ||
                            text.find("Key action " + ref + " is") != std::string::npos ||
                            text.find("Key action " + ref + " of") != std::string::npos;
        EXPECT_TRUE(listed) << ref << " for " << to << "\n" << text;
      }
    }
  }
  EXPECT_EQ(mails.size(), refs_of.size());
  d.Signal(SIGTERM);
  EXPECT_EQ(d.WaitExit(), 0) << d.Log();
}

// A TCP listener that accepts SMTP connections and never says a word.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  int port() const { return port_; }
  // Whether a client has connected (the backlog holds it until accept).
  bool Connected() {
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, 0) > 0;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(DaemonRemindersTest, AReloadWhileAnSmtpDeliveryHangsKeepsTheWatchdogFed) {
  notifier_test::TempDir dir;
  test_support::NotifySocket notify(dir.Sub("notify.sock"));
  ASSERT_TRUE(notify.bound());
  SilentServer smtp;
  const std::string data_dir = dir.Sub("data");
  std::string action;
  {
    auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), SystemClock::Instance());
    ASSERT_OK(store);
    notifier_test::AddEvaluation(**store, "ev-1", "Evaluation");
    action = notifier_test::AddAction(**store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-01-31");
  }
  // An SMTP timeout of 10 s, a third of the unit's WatchdogSec (30 s).
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(config, "[server]\nlisten = \"127.0.0.1:0\"\n[storage]\ndata_dir = \"" + data_dir +
                                         "\"\n[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\n" +
                                         "[smtp]\nfrom = \"mrtrack@example.org\"\nurl = \"smtp://127.0.0.1:" +
                                         std::to_string(smtp.port()) + "\"\nstarttls = false\ntimeout = \"10s\"\n" +
                                         "[reminders]\nescalate_after = \"0d\"\n" + UnitsAndToken());
  const auto interval = std::chrono::milliseconds(1000);
  DaemonProcess d(config, dir.Sub("mrtrackd.log"),
                  {"NOTIFY_SOCKET=" + notify.path(), "WATCHDOG_USEC=" + std::to_string(interval.count() * 1000)});
  ASSERT_TRUE(d.WaitReady()) << d.Log();
  auto admin = d.Client(kAdminToken);
  ASSERT_TRUE(WaitFor([&] { return smtp.Connected(); }, std::chrono::seconds(30))) << d.Log();
  const auto connected = Steady::now();
  (void)notify.Read(std::chrono::milliseconds(100));

  // The delivery waits for a greeting that never comes; reload meanwhile, and
  // watch every WATCHDOG=1 until the attempt has ended by its timeout.
  d.Signal(SIGHUP);
  auto last_ping = Steady::now();
  std::chrono::milliseconds longest_gap{0};
  std::optional<Steady::time_point> reloaded, failed;
  bool reloading = false;
  while (!failed && Steady::now() < connected + std::chrono::seconds(30)) {
    for (const auto& m : notify.Read(std::chrono::milliseconds(100))) {
      if (m.find("WATCHDOG=1") != std::string::npos) {
        const auto now = Steady::now();
        longest_gap = std::max(longest_gap, std::chrono::duration_cast<std::chrono::milliseconds>(now - last_ping));
        last_ping = now;
      }
      if (m.find("RELOADING=1") != std::string::npos) reloading = true;
      if (reloading && !reloaded && m.find("READY=1") != std::string::npos) reloaded = Steady::now();
    }
    auto outcome = GetJson(*admin, "/v1/actions/" + action + "/reminders");
    if (outcome.status == 200 && !outcome.body["items"].empty() && !outcome.body["items"][0]["note"].get<std::string>().empty()) {
      EXPECT_EQ(outcome.body["items"][0]["state"], "pending") << outcome.raw;
      EXPECT_NE(outcome.body["items"][0]["note"].get<std::string>().find("Timeout was reached"), std::string::npos)
          << outcome.raw;
      failed = Steady::now();
    }
  }
  ASSERT_TRUE(failed.has_value()) << "the hanging attempt never ended\n" << d.Log();
  ASSERT_TRUE(reloaded.has_value()) << "no READY=1 after the reload\n" << d.Log();
  EXPECT_LT(*reloaded, *failed) << "the reload waited for the delivery in flight";
  EXPECT_LT(longest_gap, interval) << "a watchdog deadline was missed";
  EXPECT_LT(*failed - connected, std::chrono::seconds(15)) << "the delivery outlasted half of WatchdogSec";
  d.Signal(SIGTERM);
  EXPECT_EQ(d.WaitExit(std::chrono::seconds(30)), 0) << d.Log();
}

TEST(DaemonRemindersTest, MalformedEventDataInTheFeedIsLoggedCountedAndPassedOver) {
  notifier_test::TempDir dir;
  notifier_test::HttpReceiver receiver;
  const std::string data_dir = dir.Sub("data");
  std::string action;
  {
    auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), SystemClock::Instance());
    ASSERT_OK(store);
    notifier_test::AddEvaluation(**store, "ev-1", "Evaluation");
    action = notifier_test::AddAction(**store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2030-01-31");
    // The feed stopped here last time (its cursor file); since then the log got a malformed status change.
    std::filesystem::create_directories(data_dir + "/notifier");
    daemon::testing::WriteFile(data_dir + "/notifier/feed-team.cursor", std::to_string((*store)->HeadPosition()) + "\n");
    ASSERT_OK(notifier_test::AppendOne(**store, "action-broken", events::types::kKeyActionStatusChanged,
                                       {{"action_id", 7}, {"to", "Ongoing"}}));
  }
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(config, "[server]\nlisten = \"127.0.0.1:0\"\n[storage]\ndata_dir = \"" + data_dir +
                                         "\"\n[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\n" +
                                         "[smtp]\nfrom = \"mrtrack@example.org\"\n[webhooks.team]\nkind = \"generic\"\n" +
                                         "url = \"" + receiver.Url() + "\"\nfeed_units = [\"kaz-co\"]\n" +
                                         UnitsAndToken());
  DaemonProcess d(config, dir.Sub("mrtrackd.log"));
  ASSERT_TRUE(d.WaitReady()) << d.Log();
  auto admin = d.Client(kAdminToken);
  ASSERT_TRUE(d.WaitForLog("notifier: feed team passes over the malformed event at position")) << d.Log();
  auto changed = daemon::testing::PostJson(*admin, "/v1/actions/" + action + "/status",
                                           {{"status", "Ongoing"}, {"reason", "started"}});
  ASSERT_EQ(changed.status, 200) << changed.raw;
  ASSERT_TRUE(WaitFor([&] { return !receiver.Requests().empty(); }, std::chrono::seconds(30))) << d.Log();
  const auto post = nlohmann::json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(post["type"], "mrtrack.status_changed") << post;
  auto metrics = admin->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("mrtrack_notifier_errors_total 1\n"), std::string::npos) << metrics->body;
  // Still running; degraded only until a pass ran without an error.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto ready = GetJson(*admin, "/readyz");
        return ready.status == 200 && ready.body["status"] == "ready";
      },
      std::chrono::seconds(60)))
      << GetJson(*admin, "/readyz").raw;
  EXPECT_EQ(receiver.Requests().size(), 1u);
  d.Signal(SIGTERM);
  EXPECT_EQ(d.WaitExit(), 0) << d.Log();
}

}  // namespace
}  // namespace mrtrack::notifier
