// End to end: the daemon's lifecycle — SIGTERM while writes are in flight
// (no acknowledged write is lost), SIGHUP reloads (tokens change, open
// connections stay), a bad reload keeps the running config, a restart
// catches the views up with events written while it was down, and
// --check-config.
#include <signal.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "events/domain/commands.h"
#include "events/store.h"
#include "projections/offline.h"
#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

// Every KeyActionCommentAdded text in the log, read through the feed.
std::set<std::string> StoredCommentTexts(httplib::Client& client) {
  std::set<std::string> texts;
  std::uint64_t from = 1;
  for (;;) {
    JsonResponse page = GetJson(client, "/v1/events?limit=1000&from=" + std::to_string(from));
    if (page.status != 200 || page.body["events"].empty()) break;
    for (const auto& e : page.body["events"]) {
      if (e["type"] == "KeyActionCommentAdded") texts.insert(e["data"]["text"].get<std::string>());
    }
    from = page.body["next"];
  }
  return texts;
}

// The remote address:port the access log recorded for a request id.
std::string RemoteOf(const std::string& log, const std::string& request_id) {
  std::smatch m;
  std::regex line("request_id=" + request_id + " .* remote=([0-9.:]+)");
  return std::regex_search(log, m, line) ? m[1].str() : "";
}

class LifecycleTest : public DaemonTest {};

TEST_F(LifecycleTest, SigtermDuringWritesLosesNoAcknowledgedWrite) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_NO_FATAL_FAILURE(ImportSeed());
  constexpr int kWriters = 4;
  constexpr int kAckedBeforeSignal = 40;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> acked;
  int failures = 0;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto client = daemon_->Client(kAdminToken);
      std::string path = "/v1/actions/" + evaluation_id_ + "-r1-a" + std::to_string(w + 1) + "/comments";
      for (int i = 0;; ++i) {
        std::string text = "writer " + std::to_string(w) + " comment " + std::to_string(i);
        auto res = client->Post(path, json({{"text", text}}).dump(), "application/json");
        std::lock_guard<std::mutex> lock(mu);
        if (!res || res->status >= 500) {
          ++failures;  // Refused or cut: the daemon is going away.
          return;
        }
        if (res->status == 200) acked.push_back(text);
        cv.notify_all();
      }
    });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return acked.size() >= kAckedBeforeSignal; }));
  }
  daemon_->Signal(SIGTERM);
  int exit_code = daemon_->WaitExit();
  for (auto& t : writers) t.join();
  ASSERT_EQ(exit_code, 0) << daemon_->Log();
  EXPECT_EQ(failures, kWriters);
  std::string log = daemon_->Log();
  EXPECT_NE(log.find("stopping: finishing requests in flight signal=SIGTERM"), std::string::npos);
  EXPECT_NE(log.find("info stopped"), std::string::npos);

  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  std::set<std::string> stored = StoredCommentTexts(*Admin());
  for (const std::string& text : acked) EXPECT_TRUE(stored.count(text)) << "acknowledged but lost: " << text;
}

TEST_F(LifecycleTest, SighupReloadsTokensWithoutDroppingConnections) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  auto kept = daemon_->Client(kAdminToken);
  auto before = kept->Get("/v1/evaluations", {{"X-Request-Id", "before-reload"}});
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);
  const std::string late_token = "late-7e2f1a-secret-token";
  EXPECT_EQ(GetJson(*daemon_->Client(late_token), "/v1/actions").status, 401);
  EXPECT_EQ(GetJson(*daemon_->Client(kReaderToken), "/v1/actions").status, 200);

  TestConfig next;
  next.data_dir = dir_.Sub("data");
  next.include_reader = false;  // Revoked.
  next.extra_tokens = {{"late-reader", "reader", late_token, {}}};
  WriteFile(config_path_, TestConfigToml(next));
  daemon_->Signal(SIGHUP);
  ASSERT_TRUE(daemon_->WaitForLog("config reloaded"));

  EXPECT_EQ(GetJson(*daemon_->Client(late_token), "/v1/actions").status, 200);
  EXPECT_EQ(GetJson(*daemon_->Client(kReaderToken), "/v1/actions").status, 401);
  auto after = kept->Get("/v1/evaluations", {{"X-Request-Id", "after-reload"}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  ASSERT_TRUE(daemon_->WaitForLog("request_id=after-reload"));
  std::string log = daemon_->Log();
  std::string remote = RemoteOf(log, "before-reload");
  EXPECT_FALSE(remote.empty()) << log;
  EXPECT_EQ(RemoteOf(log, "after-reload"), remote) << "the keep-alive connection was dropped by the reload";
  kept.reset();  // An idle keep-alive connection would hold the shutdown for its timeout.
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
  EXPECT_EQ(daemon_->Log().find(late_token), std::string::npos);
}

TEST_F(LifecycleTest, BadConfigOnReloadKeepsTheRunningOne) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  WriteFile(config_path_, "[server]\nlisten = \"127.0.0.1:0\"\nlisen = \"typo\"\n");
  daemon_->Signal(SIGHUP);
  ASSERT_TRUE(daemon_->WaitForLog("config reload failed"));
  std::string log = daemon_->Log();
  EXPECT_NE(log.find("unknown key 'lisen'"), std::string::npos) << log;
  EXPECT_EQ(GetJson(*Admin(), "/v1/actions").status, 200);
  EXPECT_EQ(GetJson(*daemon_->Client(), "/readyz").status, 200);
  auto metrics = daemon_->Client()->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("mrtrack_config_reloads_total{result=\"error\"} 1"), std::string::npos);
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
}

TEST_F(LifecycleTest, RestartCatchesUpWithEventsWrittenWhileDown) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_NO_FATAL_FAILURE(ImportSeed());
  ASSERT_EQ(PostJson(*Admin(), "/v1/actions/" + own_action_ + "/status", {{"status", "Ongoing"}}).status, 200);
  ASSERT_NO_FATAL_FAILURE(StopDaemon());

  {  // Another writer appends while the daemon is down.
    auto store = events::EventStore::Open(projections::EventsDirOf(dir_.Sub("data")), SystemClock::Instance());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    events::CommandContext ctx(**store, "offline-tool");
    auto done = events::ChangeStatus(ctx, own_action_, events::ActionStatus::kCompleted, "finished offline");
    ASSERT_TRUE(done.ok()) << done.status().ToString();
  }

  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  EXPECT_NE(daemon_->Log().find("views caught up"), std::string::npos);
  EXPECT_NE(daemon_->Log().find("events_applied=1 "), std::string::npos) << daemon_->Log();
  JsonResponse action = GetJson(*Admin(), "/v1/actions/" + own_action_);
  ASSERT_EQ(action.status, 200);
  EXPECT_EQ(action.body["status"], "Completed");
  JsonResponse ready = GetJson(*daemon_->Client(), "/readyz");
  EXPECT_EQ(ready.body["position"], ready.body["projection_position"]);
  JsonResponse history = GetJson(*Admin(), "/v1/actions/" + own_action_ + "/history");
  EXPECT_EQ(history.body["items"].back()["actor"], "offline-tool");
}

TEST_F(LifecycleTest, StartFailsCleanlyOnAPortInUse) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  TestConfig second;
  second.data_dir = dir_.Sub("data2");
  std::string toml = TestConfigToml(second);
  toml.replace(toml.find("127.0.0.1:0"), 11, "127.0.0.1:" + std::to_string(daemon_->port()));
  WriteFile(dir_.Sub("second.toml"), toml);
  DaemonProcess clash(dir_.Sub("second.toml"), dir_.Sub("second.log"));
  EXPECT_EQ(clash.WaitExit(), 1);
  EXPECT_NE(clash.Log().find("cannot listen on"), std::string::npos) << clash.Log();
}

TEST(CheckConfigTest, ValidConfigIsExplained) {
  TempDir dir;
  TestConfig config;
  config.data_dir = dir.Sub("data");
  WriteFile(dir.Sub("ok.toml"), TestConfigToml(config));
  std::string output;
  EXPECT_EQ(RunMrtrackd({"--check-config", dir.Sub("ok.toml")}, output), 0);
  EXPECT_NE(output.find("is valid"), std::string::npos) << output;
  EXPECT_NE(output.find("programme-editor: editor of kaz-programme"), std::string::npos) << output;
  EXPECT_EQ(output.find(kSmtpPassword), std::string::npos);
  EXPECT_EQ(output.find(Sha256Hex(kAdminToken)), std::string::npos);
}

TEST(CheckConfigTest, NoSecretIsPrinted) {
  TempDir dir;
  TestConfig config;
  config.data_dir = dir.Sub("data");
  const std::string url_password = "pw-in-url-5e1f0c";
  const std::string webhook_secret = "whsec_c2VjcmV0LWluLWNvbmZpZy0xMjM0NTY=";
  const std::string webhook_url = "https://chat.example.org/hooks/T0-secret-path-77";
  std::string toml = TestConfigToml(config);
  const std::string plain_url = "url = \"smtp://127.0.0.1:9\"";
  ASSERT_NE(toml.find(plain_url), std::string::npos);
  toml.replace(toml.find(plain_url), plain_url.size(),
               "url = \"smtps://mrtrack:" + url_password + "@mail.example.org:465/?auth=" + url_password + "\"");
  toml += "\n[webhooks.audit]\nkind = \"generic\"\nurl = \"" + webhook_url + "\"\nsecret = \"" + webhook_secret + "\"\n";
  WriteFile(dir.Sub("secret.toml"), toml);
  std::string output;
  ASSERT_EQ(RunMrtrackd({"--check-config", dir.Sub("secret.toml")}, output), 0) << output;
  EXPECT_NE(output.find("SMTP smtps://mrtrack:<redacted>@mail.example.org:465/?<redacted>"), std::string::npos)
      << output;
  for (const std::string& secret : {url_password, webhook_secret, webhook_url, std::string(kSmtpPassword),
                                    Sha256Hex(kAdminToken), Sha256Hex(kEditorToken)}) {
    EXPECT_EQ(output.find(secret), std::string::npos) << secret << " printed:\n" << output;
  }
}

TEST(CheckConfigTest, InvalidConfigNamesTheKeyAndFails) {
  TempDir dir;
  WriteFile(dir.Sub("bad.toml"), "[[units]]\nid = \"a\"\nescalation = \"nowhere\"\n");
  std::string output;
  EXPECT_EQ(RunMrtrackd({"--check-config", dir.Sub("bad.toml")}, output), 1);
  EXPECT_NE(output.find("units[0].escalation"), std::string::npos) << output;
  EXPECT_EQ(RunMrtrackd({"--check-config", dir.Sub("missing.toml")}, output), 1);
  EXPECT_EQ(RunMrtrackd({"--version"}, output), 0);
  EXPECT_EQ(output.rfind("mrtrackd ", 0), 0u) << output;
}

}  // namespace
}  // namespace mrtrack::daemon::testing
