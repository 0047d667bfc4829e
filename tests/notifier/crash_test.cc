// The notifier killed with SIGKILL while deliveries are in flight, then
// restarted: every due reminder is delivered at least once, nothing is sent
// that was not first written to the outbox, and a duplicate only ever
// carries the same webhook-id (and the same bytes).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "http_receiver.h"
#include "notifier_test_util.h"
#include "tests/support/wait_for.h"

namespace mrtrack::notifier {
namespace {

using test_support::WaitFor;

using notifier_test::At;
using notifier_test::HttpReceiver;

constexpr int kActions = 20;
const char kInstant[] = "2025-03-31T07:30:00Z";  // 09:30 in Berlin on the deadline day.

pid_t StartChild(const std::string& dir, int port) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string p = std::to_string(port);
    execl(MRTRACK_CRASH_CHILD, "notifier_crash_child", dir.c_str(), p.c_str(), kInstant, static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Kills the child if the test leaves early, so no process outlives it.
struct ChildGuard {
  pid_t* pid;
  ~ChildGuard() {
    if (*pid > 0) {
      kill(*pid, SIGKILL);
      int status = 0;
      waitpid(*pid, &status, 0);
    }
  }
};

std::set<std::string> Ids(const std::vector<notifier_test::ReceivedRequest>& reqs) {
  std::set<std::string> ids;
  for (const auto& r : reqs) ids.insert(r.Header("webhook-id"));
  return ids;
}

TEST(CrashTest, SigkillMidDeliveryLosesNothingAndDuplicatesKeepTheirId) {
  notifier_test::TempDir dir;
  {
    ManualClock clock(At("2025-03-01T00:00:00Z"));
    auto store = events::EventStore::Open(dir.Sub("events"), clock);
    ASSERT_OK(store);
    notifier_test::AddEvaluation(**store, "ev-1", "Evaluation");
    for (int i = 1; i <= kActions; ++i) {
      notifier_test::AddAction(**store, "ev-1", i, "Action " + std::to_string(i), {"kaz-co"}, "2025-03-31");
    }
  }
  // A slow receiver, so that deliveries are in flight when the kill comes.
  HttpReceiver receiver([](std::size_t, const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    res.status = 200;
  });

  pid_t child = StartChild(dir.path(), receiver.port());
  ChildGuard guard{&child};
  ASSERT_TRUE(WaitFor([&] { return receiver.Requests().size() >= 6; }, std::chrono::seconds(30)))
      << "the notifier delivered nothing";
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  child = -1;
  ASSERT_TRUE(WIFSIGNALED(status));
  const std::size_t before_restart = Ids(receiver.Requests()).size();
  EXPECT_LT(before_restart, static_cast<std::size_t>(kActions)) << "killed too late to prove anything";

  child = StartChild(dir.path(), receiver.port());
  const bool all = WaitFor([&] { return Ids(receiver.Requests()).size() >= kActions; }, std::chrono::seconds(30));
  // Let the restarted notifier record its last results, then stop it cleanly.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(child, SIGTERM);
  ASSERT_EQ(waitpid(child, &status, 0), child);
  child = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(all) << "only " << Ids(receiver.Requests()).size() << " of " << kActions << " delivered";

  // What the log says.
  ManualClock clock(At("2025-04-01T00:00:00Z"));
  auto store = events::EventStore::Open(dir.Sub("events"), clock);
  ASSERT_OK(store);
  const auto [due, delivered] = notifier_test::ReadReminderOutcomes(**store);
  EXPECT_EQ(due.size(), static_cast<std::size_t>(kActions));
  EXPECT_EQ(delivered, due);
  const auto reqs = receiver.Requests();
  EXPECT_EQ(Ids(reqs), due);  // Nothing went out that was not written first.
  std::map<std::string, std::string> body_of;
  for (const auto& r : reqs) {
    auto [it, first] = body_of.emplace(r.Header("webhook-id"), r.body);
    if (!first) {
      EXPECT_EQ(it->second, r.body) << "a duplicate with other content";
    }
  }
  RecordProperty("requests", static_cast<int>(reqs.size()));
}

}  // namespace
}  // namespace mrtrack::notifier
