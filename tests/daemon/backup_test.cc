// End to end: `mrtrack backup` against the real mrtrackd while clients keep
// writing, `mrtrack restore` into a new data directory, and a second daemon
// on the restored data serving the state the first had at the backup's
// position.
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "tests/cli/cli_run.h"
#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/timeless.h"

namespace mrtrack::daemon::testing {
namespace {

namespace fs = std::filesystem;
using cli_test::RunCli;
using nlohmann::json;

class BackupTest : public DaemonTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartDaemon());
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
    WriteFile(dir_.Sub("admin.token"), std::string(kAdminToken) + "\n");
    WriteFile(dir_.Sub("reader.token"), std::string(kReaderToken) + "\n");
  }
  std::string Url() const { return "--url http://127.0.0.1:" + std::to_string(daemon_->port()); }
};

TEST_F(BackupTest, ABackupTakenWhileClientsWriteRestoresToTheSameStateAndVerifies) {
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      auto client = Admin();
      for (int i = 0; !stop && i < 2000; ++i) {
        auto r = PostJson(*client, "/v1/actions/" + own_action_ + "/comments",
                          {{"text", "writer " + std::to_string(w) + " comment " + std::to_string(i)}});
        if (r.status == 200) ++acknowledged;
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (acknowledged < 40 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  auto backup = RunCli(Url() + " --token-file " + dir_.Sub("admin.token") + " backup " + dir_.Sub("backup") + " --json",
                       "2>" + dir_.Sub("backup.err"));
  const int during = acknowledged;
  while (acknowledged < during + 20 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.out << ReadFile(dir_.Sub("backup.err"));
  json made = json::parse(backup.out);
  const std::uint64_t position = made["position"].get<std::uint64_t>();
  const std::uint64_t head = GetJson(*Admin(), "/readyz").body["position"].get<std::uint64_t>();
  // Writes went on before and after the copy was taken.
  EXPECT_GT(position, 40u);
  EXPECT_LT(position, head);
  EXPECT_TRUE(fs::exists(dir_.Sub("backup/manifest.json")));
  // The staged copy goes once the reply is done with (the server may finish
  // with the connection a moment after the client).
  auto staged = [&] { return fs::exists(dir_.Sub("data/backups.tmp")) && !fs::is_empty(dir_.Sub("data/backups.tmp")); };
  const auto gone_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (staged() && std::chrono::steady_clock::now() < gone_by) std::this_thread::yield();
  EXPECT_FALSE(staged()) << "the staged copy is removed once streamed";

  auto restore = RunCli("restore " + dir_.Sub("backup") + " " + dir_.Sub("restored") + " --json");
  ASSERT_EQ(restore.exit_code, 0) << restore.out;
  json restored = json::parse(restore.out);
  EXPECT_EQ(restored["events_verified"], position);
  EXPECT_EQ(restored["chain_head"], made["chain_head"]);
  auto verify = RunCli("--data-dir " + dir_.Sub("restored") + " verify --json");
  ASSERT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_EQ(json::parse(verify.out)["head"], made["chain_head"]);

  const std::string query = "/v1/actions?limit=1000&evaluation=" + evaluation_id_;
  JsonResponse then = GetJson(*Admin(), query + "&as_of=" + std::to_string(position));
  ASSERT_EQ(then.status, 200) << then.raw;
  StopDaemon();

  TestConfig second;
  second.data_dir = dir_.Sub("restored");
  ASSERT_NO_FATAL_FAILURE(StartDaemon(second));
  JsonResponse now = GetJson(*Admin(), query);
  ASSERT_EQ(now.status, 200) << now.raw;
  EXPECT_EQ(TimelessActions(now.body), TimelessActions(then.body));
  EXPECT_EQ(GetJson(*Admin(), "/readyz").body["position"], position);
  // The restored daemon writes on from the backup's head.
  auto r = PostJson(*Admin(), "/v1/actions/" + own_action_ + "/comments", {{"text", "after the restore"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["event"]["position"], position + 1);
}

TEST_F(BackupTest, OnlyAnAdminMayTakeABackupAndARestoreNeverOverwritesALog) {
  auto denied = RunCli(Url() + " --token-file " + dir_.Sub("reader.token") + " backup " + dir_.Sub("b1"));
  EXPECT_EQ(denied.exit_code, 1) << denied.out;
  EXPECT_NE(denied.out.find("permission_denied"), std::string::npos) << denied.out;
  EXPECT_FALSE(fs::exists(dir_.Sub("b1")));
  JsonResponse anonymous = GetJson(*daemon_->Client(), "/v1/admin/backup");
  EXPECT_EQ(anonymous.status, 401);

  auto made = RunCli(Url() + " --token-file " + dir_.Sub("admin.token") + " backup " + dir_.Sub("b2"));
  ASSERT_EQ(made.exit_code, 0) << made.out;
  EXPECT_NE(made.out.find("checked against its manifest"), std::string::npos) << made.out;
  auto again = RunCli(Url() + " --token-file " + dir_.Sub("admin.token") + " backup " + dir_.Sub("b2"));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("not empty"), std::string::npos) << again.out;

  // Into the running daemon's own data directory: refused, nothing touched.
  auto over = RunCli("restore " + dir_.Sub("b2") + " " + dir_.Sub("data"));
  EXPECT_EQ(over.exit_code, 1) << over.out;
  EXPECT_NE(over.out.find("holds a log already"), std::string::npos) << over.out;
  EXPECT_EQ(GetJson(*Admin(), "/readyz").status, 200);
}

TEST_F(BackupTest, AnOfflineBackupOfADataDirectoryIsTheSame) {
  StopDaemon();
  auto made = RunCli("--data-dir " + dir_.Sub("data") + " backup " + dir_.Sub("offline") + " --json");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  json m = json::parse(made.out);
  auto verify = RunCli("--data-dir " + dir_.Sub("data") + " verify --json");
  ASSERT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_EQ(m["chain_head"], json::parse(verify.out)["head"]);
  auto restore = RunCli("restore " + dir_.Sub("offline") + " " + dir_.Sub("restored"));
  ASSERT_EQ(restore.exit_code, 0) << restore.out;
  EXPECT_NE(restore.out.find("views rebuilt: 1 evaluations"), std::string::npos) << restore.out;
}

}  // namespace
}  // namespace mrtrack::daemon::testing
