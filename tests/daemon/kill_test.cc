// Fault: mrtrackd taking status changes and comments on 64 connections is
// SIGKILLed at 25 random moments. After each restart every write that was
// answered 2xx is in the log, the chain verifies, and the views equal a
// rebuild (the as-of replay of the whole log).
#include <signal.h>

#include <atomic>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/timeless.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

constexpr int kConnections = 64;
constexpr int kKills = 25;

class KillTest : public DaemonTest {
 protected:
  // The event ids the restarted daemon's log holds.
  std::set<std::string> LoggedEventIds() {
    auto res = Admin()->Get("/v1/audit/export?format=jsonl");
    EXPECT_TRUE(res && res->status == 200);
    std::set<std::string> ids;
    if (!res) return ids;
    std::istringstream lines(res->body);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) ids.insert(json::parse(line)["event_id"].get<std::string>());
    }
    return ids;
  }
};

TEST_F(KillTest, SigkilledWhileWritingOn64ConnectionsLosesNothingAcknowledged) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_NO_FATAL_FAILURE(ImportSeed());
  // The import is answered once written; the views follow it shortly after.
  std::vector<std::string> actions;
  const auto listed_by = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (actions.size() < 20 && std::chrono::steady_clock::now() < listed_by) {
    actions.clear();
    const JsonResponse listed = GetJson(*Admin(), "/v1/actions?limit=1000");
    for (const auto& a : listed.body["items"]) actions.push_back(a["action_id"]);
  }
  ASSERT_GE(actions.size(), 20u);

  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::mutex mu;
  std::vector<std::string> acknowledged;  // Event ids answered 2xx, over all rounds.
  std::size_t answered_total = 0;

  for (int round = 0; round < kKills; ++round) {
    // The moment: after a random number of answered writes in this round.
    const int kill_after = std::uniform_int_distribution<int>(1, 400)(random);
    std::atomic<int> answered{0};
    std::atomic<bool> killed{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kConnections; ++c) {
      clients.emplace_back([&, c, client_seed = random()] {
        std::mt19937 pick(client_seed);
        auto client = Admin();
        client->set_connection_timeout(std::chrono::seconds(2));
        for (int i = 0; !killed && i < 200; ++i) {
          const std::string& action = actions[pick() % actions.size()];
          JsonResponse r;
          if (pick() % 3 == 0) {
            r = PostJson(*client, "/v1/actions/" + action + "/status",
                         {{"status", pick() % 2 == 0 ? "Initiated" : "Ongoing"}, {"reason", "round " + std::to_string(round)}});
          } else {
            r = PostJson(*client, "/v1/actions/" + action + "/comments",
                         {{"text", "round " + std::to_string(round) + " client " + std::to_string(c) + " #" +
                                       std::to_string(i)}});
          }
          if (r.status == 0) break;  // The daemon is gone.
          if (r.status >= 200 && r.status < 300) {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged.push_back(r.body["event"]["event_id"].get<std::string>());
            ++answered;
          }
        }
      });
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (answered < kill_after && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    daemon_->Signal(SIGKILL);
    killed = true;
    ASSERT_EQ(daemon_->WaitExit(), 128 + SIGKILL);
    for (auto& t : clients) t.join();
    ASSERT_GE(answered, 1) << "round " << round << ": no write was answered before the kill";
    answered_total += static_cast<std::size_t>(answered.load());

    daemon_ = std::make_unique<DaemonProcess>(config_path_,
                                              dir_.Sub("mrtrackd-" + std::to_string(++starts_) + ".log"));
    ASSERT_TRUE(daemon_->WaitReady()) << daemon_->Log();
    const std::set<std::string> logged = LoggedEventIds();
    for (const std::string& id : acknowledged) {
      ASSERT_EQ(logged.count(id), 1u) << "round " << round << ": acknowledged event " << id << " is lost";
    }
    JsonResponse verify = GetJson(*Admin(), "/v1/audit/verify");
    ASSERT_EQ(verify.body["ok"], true) << "round " << round << ": " << verify.raw;
    // The views as they stand, against a replay of the log up to the same
    // position (the notifier may append reminders meanwhile).
    JsonResponse views = GetJson(*Admin(), "/v1/actions?limit=1000");
    ASSERT_EQ(views.status, 200) << views.raw;
    const std::uint64_t position = views.body["position"].get<std::uint64_t>();
    JsonResponse rebuilt = GetJson(*Admin(), "/v1/actions?limit=1000&as_of=" + std::to_string(position));
    ASSERT_EQ(rebuilt.status, 200) << rebuilt.raw;
    ASSERT_EQ(TimelessActions(views.body), TimelessActions(rebuilt.body)) << "round " << round;
  }
  EXPECT_EQ(acknowledged.size(), answered_total);
  std::cout << "[ kills    ] " << kKills << " kills, " << answered_total << " writes acknowledged and kept\n";
}

}  // namespace
}  // namespace mrtrack::daemon::testing
