// The real mrtrackd and its notifier, end to end:
// - the seed imported with every action overdue, send time now, no quiet
//   hours: each unit gets exactly one digest listing all its overdue
//   actions, and each escalation target its escalations; a malformed
//   reminder event already in the log is counted
//   (mrtrack_notifier_errors_total) and does not stop the notifier;
// - SIGHUP while an SMTP delivery hangs: WATCHDOG=1 keeps coming (the test
//   plays systemd's part with a notify socket of its own).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <thread>

#include "events/domain/ids.h"
#include "projections/offline.h"
#include "tests/daemon/daemon_harness.h"
#include "mime_reader.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using daemon::testing::DaemonProcess;
using daemon::testing::GetJson;
using daemon::testing::kAdminToken;
using Steady = std::chrono::steady_clock;

template <typename F>
bool WaitFor(F done, std::chrono::seconds limit) {
  const auto deadline = Steady::now() + limit;
  while (!done()) {
    if (Steady::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // Waiting for a real process.
  }
  return true;
}

// The seed's unit directory, every unit with an address, and an admin token.
std::string UnitsAndToken() {
  return R"(
[[units]]
id = "kaz-co"
name = "UN Women Kazakhstan Country Office"
aliases = ["UN Women Kazakhstan CO", "UN Women Kazakhstan Country Office", "UN Women KAZ CO", "Country Office"]
emails = ["kaz-co@example.org"]
escalation = "ecaro"
[[units]]
id = "kaz-programme"
name = "Programme Team, UN Women Kazakhstan"
aliases = ["Programme Team UN Women Kazakhstan CO", "Programme Team"]
emails = ["kaz-programme@example.org"]
escalation = "kaz-co"
[[units]]
id = "government"
name = "Government institutions of Kazakhstan"
aliases = ["Government institutions", "Government"]
emails = ["government@example.org"]
escalation = "kaz-co"
[[units]]
id = "un-agencies"
name = "UN agencies in Kazakhstan"
aliases = ["relevant UN Agencies", "UN Agencies"]
emails = ["un-agencies@example.org"]
escalation = "kaz-co"
[[units]]
id = "national-partners"
name = "National partners"
aliases = ["relevant national partners", "national partners"]
emails = ["national-partners@example.org"]
escalation = "kaz-co"
[[units]]
id = "ecaro"
name = "UN Women Europe and Central Asia Regional Office"
aliases = ["ECARO", "Regional Office"]
emails = ["ecaro@example.org"]
[[tokens]]
name = "admin-ci"
role = "admin"
sha256 = ")" + daemon::testing::Sha256Hex(kAdminToken) + "\"\n";
}

std::string NowHhMm() {
  const auto now = date::floor<std::chrono::minutes>(SystemClock::Instance().Now());
  const date::hh_mm_ss<std::chrono::minutes> hms(now - date::floor<date::days>(now));
  const int h = static_cast<int>(hms.hours().count()) % 24, m = static_cast<int>(hms.minutes().count()) % 60;
  return std::string(1, static_cast<char>('0' + h / 10)) + static_cast<char>('0' + h % 10) + ":" +
         static_cast<char>('0' + m / 10) + static_cast<char>('0' + m % 10);
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
                                         NowHhMm() + "\"\n" + UnitsAndToken());
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

// systemd's side of NOTIFY_SOCKET: counts WATCHDOG=1 datagrams.
class NotifySocket {
 public:
  explicit NotifySocket(std::string path) : path_(std::move(path)) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof(address.sun_path) - 1);
    bound_ = bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~NotifySocket() {
    close(fd_);
    unlink(path_.c_str());
  }
  bool bound() const { return bound_; }
  // Reads datagrams for `span`; returns them.
  std::vector<std::string> Read(std::chrono::milliseconds span) {
    std::vector<std::string> out;
    const auto until = Steady::now() + span;
    while (Steady::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(until - Steady::now()).count());
      if (poll(&p, 1, std::max(left, 0)) <= 0) continue;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n > 0) out.emplace_back(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

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
  NotifySocket notify(dir.Sub("notify.sock"));
  ASSERT_TRUE(notify.bound());
  SilentServer smtp;
  const std::string data_dir = dir.Sub("data");
  {
    auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), SystemClock::Instance());
    ASSERT_OK(store);
    notifier_test::AddEvaluation(**store, "ev-1", "Evaluation");
    notifier_test::AddAction(**store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-01-31");
  }
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(config, "[server]\nlisten = \"127.0.0.1:0\"\n[storage]\ndata_dir = \"" + data_dir +
                                         "\"\n[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\n" +
                                         "[smtp]\nfrom = \"mrtrack@example.org\"\nurl = \"smtp://127.0.0.1:" +
                                         std::to_string(smtp.port()) + "\"\nstarttls = false\ntimeout = \"8s\"\n" +
                                         "[reminders]\nescalate_after = \"0d\"\n" + UnitsAndToken());
  DaemonProcess d(config, dir.Sub("mrtrackd.log"),
                  {"NOTIFY_SOCKET=" + dir.Sub("notify.sock"), "WATCHDOG_USEC=1000000"});
  ASSERT_TRUE(d.WaitReady()) << d.Log();
  ASSERT_TRUE(WaitFor([&] { return smtp.Connected(); }, std::chrono::seconds(30))) << d.Log();
  // The delivery now waits for a greeting that never comes (8 s); reload meanwhile.
  (void)notify.Read(std::chrono::milliseconds(100));
  d.Signal(SIGHUP);
  const auto seen = notify.Read(std::chrono::milliseconds(4000));
  int pings = 0;
  bool reloaded = false;
  for (const auto& m : seen) {
    if (m.find("WATCHDOG=1") != std::string::npos) ++pings;
    if (m.find("READY=1") != std::string::npos) reloaded = true;
  }
  // Every 500 ms (half of WATCHDOG_USEC) for 4 s: at least 6 pings, and the reload finished.
  EXPECT_GE(pings, 6) << d.Log();
  EXPECT_TRUE(reloaded) << d.Log();
  d.Signal(SIGTERM);
  EXPECT_EQ(d.WaitExit(std::chrono::seconds(30)), 0) << d.Log();
}

}  // namespace
}  // namespace mrtrack::notifier
