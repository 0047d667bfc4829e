// End to end: what mrtrackd writes to stderr — one access-log line per
// request, text or JSON — and that no token, token hash or password ever
// appears in it, whatever the requests did.
#include <signal.h>
#include <sys/stat.h>

#include <sstream>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

class LogsTest : public DaemonTest {
 protected:
  // Requests that put secrets where a careless server might log them.
  void ProvokeTheLog() {
    ImportSeed();
    {
      auto anonymous = daemon_->Client();
      anonymous->Get("/v1/actions?token=" + std::string(kAdminToken));
      anonymous->Get("/v1/actions", {{"Authorization", std::string("Bearer ") + kAdminToken + "x"}});
      anonymous->Get("/v1/actions", {{"Authorization", std::string("Basic ") + kReaderToken}});
    }
    daemon_->Client(kReaderToken)->Post("/v1/imports", "x", "text/plain");
    daemon_->Client(kEditorToken)
        ->Post("/v1/actions/" + foreign_action_ + "/comments", json({{"text", kAuditorToken}}).dump(),
               "application/json");
    daemon_->Client(kAdminToken)->Get("/v1/nowhere?password=" + std::string(kSmtpPassword));
    daemon_->Client(kAdminToken)
        ->Post("/v1/actions/" + own_action_ + "/status", "{bad json " + std::string(kAdminToken), "application/json");
    daemon_->Signal(SIGHUP);
    ASSERT_TRUE(daemon_->WaitForLog("config reloaded"));
    ASSERT_NO_FATAL_FAILURE(StopDaemon());
  }

  void ExpectNoSecrets(const std::string& log) {
    for (const std::string secret : {kAdminToken, kEditorToken, kAuditorToken, kReaderToken, kSmtpPassword}) {
      EXPECT_EQ(log.find(secret), std::string::npos) << "secret in the log: " << secret;
      EXPECT_EQ(log.find(Sha256Hex(secret)), std::string::npos) << "hash of a secret in the log: " << secret;
    }
  }
};

TEST_F(LogsTest, TextLogHasOneAccessLineAndNoSecrets) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  ASSERT_NO_FATAL_FAILURE(ProvokeTheLog());
  std::string log = daemon_->Log();
  ExpectNoSecrets(log);
  EXPECT_NE(log.find(" info request request_id="), std::string::npos) << log;
  EXPECT_NE(log.find("actor=" + std::string(kEditorName) + " method=POST path=/v1/actions/" + foreign_action_ +
                     "/comments route=addComment status=403 duration_ms="),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("actor=- method=GET path=/v1/actions route=listActions status=401"), std::string::npos) << log;
}

TEST_F(LogsTest, JsonLogLinesAreObjectsWithFields) {
  TestConfig config;
  config.log_format = "json";
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  ASSERT_NO_FATAL_FAILURE(ProvokeTheLog());
  std::string log = daemon_->Log();
  ExpectNoSecrets(log);
  std::istringstream lines(log);
  std::string line;
  int requests = 0, parsed = 0;
  bool saw_import = false;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    json record = json::parse(line, nullptr, false);
    // The first lines come before the config is read (text until then).
    if (record.is_discarded()) continue;
    ++parsed;
    EXPECT_TRUE(record.contains("time") && record.contains("level") && record.contains("msg")) << line;
    if (record["msg"] == "request") {
      ++requests;
      for (const char* key : {"request_id", "actor", "method", "path", "route", "status", "duration_ms", "remote"}) {
        EXPECT_TRUE(record.contains(key)) << key << " missing in " << line;
      }
      if (record["route"] == "importEvaluation" && record["actor"] == kAdminName && record["status"] == "200")
        saw_import = true;
    }
  }
  EXPECT_GE(parsed, 10);
  EXPECT_GE(requests, 8);
  EXPECT_TRUE(saw_import) << log;
}

// A request path that decodes to CR, LF, ESC and NUL: raw in a log, it
// would forge a record ("forged ...") and send a terminal escape.
constexpr char kForgedPath[] = "/v1/x%0d%0aforged%1b[31m%00end";
const std::string kDecodedForgedPath = std::string("/v1/x\r\nforged\x1b[31m") + '\0' + "end";

void ExpectNoRawControls(const std::string& log) {
  for (char c : {'\r', '\x1b', '\0', '\x7f'}) {
    EXPECT_EQ(log.find(c), std::string::npos) << "raw control character " << int(c) << " in the log";
  }
  EXPECT_EQ(log.find("\nforged"), std::string::npos) << log;
}

TEST_F(LogsTest, TextLogEscapesControlCharactersOfAPath) {
  ASSERT_NO_FATAL_FAILURE(StartDaemon());
  auto response = Admin()->Get(kForgedPath);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
  std::string log = daemon_->Log();
  ExpectNoRawControls(log);
  EXPECT_NE(log.find(R"(path="/v1/x\r\nforged\x1b[31m\x00end")"), std::string::npos) << log;
}

TEST_F(LogsTest, JsonLogEscapesControlCharactersOfAPath) {
  TestConfig config;
  config.log_format = "json";
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  auto response = Admin()->Get(kForgedPath);
  ASSERT_TRUE(response);
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
  std::string log = daemon_->Log();
  ExpectNoRawControls(log);
  EXPECT_NE(log.find(R"("/v1/x\r\nforged\u001b[31m\u0000end")"), std::string::npos) << log;
  bool found = false;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    json record = json::parse(line, nullptr, false);
    if (!record.is_discarded() && record.value("path", "") == kDecodedForgedPath) found = true;
  }
  EXPECT_TRUE(found) << "no record whose path decodes back to the request's\n" << log;
}

TEST(JournalLogTest, UnderJournaldLinesHavePrioritiesAndNoTimestamps) {
  TempDir dir;
  TestConfig config;
  config.data_dir = dir.Sub("data");
  WriteFile(dir.Sub("mrtrack.toml"), TestConfigToml(config));
  // journald hands services a stream whose device:inode is in JOURNAL_STREAM;
  // here the log file plays that part.
  std::string log = dir.Sub("journal.log");
  WriteFile(log, "");
  struct stat st {};
  ASSERT_EQ(stat(log.c_str(), &st), 0);
  DaemonProcess daemon(dir.Sub("mrtrack.toml"), log,
                       {"JOURNAL_STREAM=" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino)});
  ASSERT_TRUE(daemon.WaitReady());
  daemon.Client(kReaderToken)->Get("/v1/summaries/units");
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.WaitExit(), 0);
  std::istringstream lines(daemon.Log());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_EQ(line.rfind("<6>", 0), 0u) << line;  // info
    EXPECT_EQ(line.find("Z info "), std::string::npos) << line;
  }
  EXPECT_GE(count, 4);
  EXPECT_NE(daemon.Log().find("<6>request request_id="), std::string::npos) << daemon.Log();
}

}  // namespace
}  // namespace mrtrack::daemon::testing
