// End to end: the real `mrtrack` binary on a temporary data directory.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
};

class CliOfflineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("mrtrack-cli-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs mrtrack with the example config on the data directory; stderr is merged.
  CliRun Mrtrack(const std::string& args) {
    std::string cmd = std::string(MRTRACK_CLI) + " --data-dir " + dir_.string() + " --config " + MRTRACK_SOURCE_DIR +
                      "/config/mrtrack.example.toml --actor tester " + args + " 2>&1";
    CliRun r;
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }

  std::string Seed() const { return std::string(MRTRACK_SOURCE_DIR) + "/tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt"; }

  std::filesystem::path dir_;
};

TEST_F(CliOfflineTest, ImportListSetStatusHistoryVerify) {
  CliRun imported = Mrtrack("--json import " + Seed());
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  auto report = nlohmann::json::parse(imported.out);
  EXPECT_EQ(report["recommendations"], 11);
  EXPECT_EQ(report["key_actions"], 23);
  std::string eval = report["evaluation_id"];

  CliRun again = Mrtrack("--json import " + Seed());
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(nlohmann::json::parse(again.out)["events_appended"], 0);

  CliRun listed = Mrtrack("--json list --unit government --limit 1000");
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_EQ(nlohmann::json::parse(listed.out)["total"], 8);

  std::string action = eval + "-r1-a1";
  CliRun done = Mrtrack("set-status " + action + " Completed --reason 'sessions held'");
  ASSERT_EQ(done.exit_code, 0) << done.out;
  CliRun reopen = Mrtrack("set-status " + action + " Ongoing");
  EXPECT_EQ(reopen.exit_code, 1);
  EXPECT_NE(reopen.out.find("needs a reason"), std::string::npos) << reopen.out;

  CliRun commented = Mrtrack("comment " + action + " 'agenda shared'");
  ASSERT_EQ(commented.exit_code, 0) << commented.out;
  CliRun history = Mrtrack("--json history " + action);
  ASSERT_EQ(history.exit_code, 0) << history.out;
  auto items = nlohmann::json::parse(history.out)["items"];
  ASSERT_GE(items.size(), 3u);
  EXPECT_EQ(items[items.size() - 2]["type"], "KeyActionStatusChanged");
  EXPECT_EQ(items[items.size() - 2]["actor"], "tester");
  EXPECT_EQ(items.back()["type"], "KeyActionCommentAdded");

  CliRun shown = Mrtrack("show " + action);
  EXPECT_NE(shown.out.find("Completed"), std::string::npos) << shown.out;
  CliRun before = Mrtrack("--json as-of 51 show " + action);
  ASSERT_EQ(before.exit_code, 0) << before.out;
  EXPECT_EQ(nlohmann::json::parse(before.out)["status"], "Initiated");

  CliRun verified = Mrtrack("verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_EQ(verified.out.rfind("ok: 53 events", 0), 0u) << verified.out;
}

TEST_F(CliOfflineTest, MalformedDocumentNamesTheLineAndWritesNothing) {
  auto bad = dir_.string() + "-bad.txt";
  FILE* f = std::fopen(bad.c_str(), "w");
  std::fputs("Management Response\n: X\n: 2022 , X (CO)\n: Title\n: X\nRecommendation: r\nManagement Response: m\n"
             "Key Actions\nResponsible Deadline Status Comments\nDo it Government institutions 2025/13 Initiated\n", f);
  std::fclose(f);
  CliRun r = Mrtrack("import " + bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("line 10"), std::string::npos) << r.out;
  CliRun verified = Mrtrack("--json verify");
  EXPECT_EQ(nlohmann::json::parse(verified.out)["events_checked"], 0) << verified.out;
  std::filesystem::remove(bad);
}

}  // namespace
