// Issue 5's daemon-level test: the real mrtrackd, delivering reminders to a
// slow loopback webhook, is killed with SIGKILL while deliveries are in
// flight and started again. Every due reminder is delivered at least once,
// nothing goes out that was not first written to the outbox, and a
// duplicate only ever carries the same webhook-id and the same bytes.
//
// The daemon runs on the system clock, so the actions are due today (UTC)
// and reminders go out at 00:00: each action's "deadline" reminder is due
// whenever the test runs (sent late, within the catch-up window).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "config/load.h"
#include "daemon/server/core.h"
#include "daemon/server/dispatcher.h"
#include "events/domain/ids.h"
#include "projections/offline.h"
#include "tests/daemon/daemon_harness.h"
#include "http_receiver.h"
#include "notifier_test_util.h"
#include "tests/support/wait_for.h"

namespace mrtrack::notifier {
namespace {

using test_support::WaitFor;

using daemon::testing::DaemonProcess;
using notifier_test::HttpReceiver;

constexpr int kActions = 20;

std::set<std::string> Ids(const std::vector<notifier_test::ReceivedRequest>& reqs) {
  std::set<std::string> ids;
  for (const auto& r : reqs) ids.insert(r.Header("webhook-id"));
  return ids;
}

TEST(DaemonCrashTest, MrtrackdKilledMidDeliveryLosesNothingAndDuplicatesKeepTheirId) {
  notifier_test::TempDir dir;
  const std::string data_dir = dir.Sub("data");
  const std::string today = FormatDate(date::year_month_day(date::floor<date::days>(SystemClock::Instance().Now())));
  {
    auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), SystemClock::Instance());
    ASSERT_OK(store);
    notifier_test::AddEvaluation(**store, "ev-1", "Evaluation");
    for (int i = 1; i <= kActions; ++i) {
      notifier_test::AddAction(**store, "ev-1", i, "Action " + std::to_string(i), {"kaz-co"}, today);
    }
  }
  HttpReceiver receiver([](std::size_t, const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));  // A slow receiver: deliveries in flight.
    res.status = 200;
  });
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(
      config,
      "[server]\nlisten = \"127.0.0.1:0\"\n"
      "[storage]\ndata_dir = \"" + data_dir + "\"\n"
      "[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\n"
      "[[units]]\nid = \"kaz-co\"\nname = \"Kazakhstan CO\"\nwebhooks = [\"hook\"]\n"
      "[webhooks.hook]\nkind = \"generic\"\nurl = \"" + receiver.Url() + "\"\n"
      "secret = \"whsec_bXJ0cmFjay10ZXN0LXNlY3JldC1rZXkh\"\ntimeout = \"2s\"\n"
      "[reminders]\nsend_time = \"00:00\"\ndigest = false\ninitial_backoff = \"1s\"\n");

  {
    DaemonProcess first(config, dir.Sub("first.log"));
    ASSERT_TRUE(WaitFor([&] { return receiver.Requests().size() >= 6; }, std::chrono::seconds(30)))
        << first.Log();
    first.Signal(SIGKILL);
    EXPECT_EQ(first.WaitExit(), 128 + SIGKILL);
  }
  EXPECT_LT(Ids(receiver.Requests()).size(), static_cast<std::size_t>(kActions)) << "killed too late to prove anything";
  {
    DaemonProcess second(config, dir.Sub("second.log"));
    ASSERT_TRUE(second.WaitReady());
    const bool all = WaitFor([&] { return Ids(receiver.Requests()).size() >= kActions; }, std::chrono::seconds(30));
    ASSERT_TRUE(all) << "only " << Ids(receiver.Requests()).size() << " of " << kActions << " delivered\n"
                     << second.Log();
    // Let it record the last results, then stop it cleanly (SIGTERM drains).
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    second.Signal(SIGTERM);
    EXPECT_EQ(second.WaitExit(), 0) << second.Log();
  }

  // The views, folded from the log the notifier wrote, list each action's reminder as delivered.
  {
    auto loaded = config::LoadConfigFile(config);
    ASSERT_OK(loaded);
    auto runtime = daemon::RuntimeConfig::Make(std::move(loaded).value());
    ASSERT_OK(runtime);
    auto core = daemon::Core::Open(*runtime);
    ASSERT_OK(core);
    for (int i = 1; i <= kActions; ++i) {
      daemon::RequestContext ctx;
      ctx.request_id = "test";
      ctx.method = "GET";
      ctx.path = "/v1/actions/" + events::ActionId("ev-1", 1, i) + "/reminders";
      ctx.runtime = (*core)->config().Get();
      ctx.principal = daemon::Principal{"auditor", config::Role::kAuditor, {}};
      const daemon::Reply reply = daemon::Dispatch((*core)->routes(), std::move(ctx)).reply;
      ASSERT_EQ(reply.status, 200) << reply.body;
      const auto items = nlohmann::json::parse(reply.body)["items"];
      ASSERT_EQ(items.size(), 1u) << reply.body;
      EXPECT_EQ(items[0]["state"], "delivered") << reply.body;
      EXPECT_EQ(items[0]["channel"], "webhook:hook");
      EXPECT_EQ(items[0]["recipient"], "hook");
      EXPECT_EQ(items[0]["unit"], "kaz-co");
      EXPECT_GE(items[0]["attempts"].get<int>(), 1);
      EXPECT_TRUE(items[0]["delivered_at"].is_string()) << reply.body;
    }
  }

  auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), SystemClock::Instance());
  ASSERT_OK(store);
  const auto [due, delivered] = notifier_test::ReadReminderOutcomes(**store);
  EXPECT_EQ(due.size(), static_cast<std::size_t>(kActions));
  EXPECT_EQ(delivered, due);
  const auto reqs = receiver.Requests();
  EXPECT_EQ(Ids(reqs), due);  // Nothing went out that was not written first.
  std::map<std::string, std::string> description_of;
  for (const auto& r : reqs) {
    // A resend is signed anew (webhook-timestamp of its attempt), but its
    // content — the message — is the same.
    const auto body = nlohmann::json::parse(r.body);
    const std::string data = body["data"].dump();
    auto [it, first] = description_of.emplace(r.Header("webhook-id"), data);
    if (!first) {
      EXPECT_EQ(it->second, data) << "a duplicate with other content";
    }
  }
}

}  // namespace
}  // namespace mrtrack::notifier
