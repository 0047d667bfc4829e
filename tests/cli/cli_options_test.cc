// End to end: how the real `mrtrack` takes its global options: after the
// subcommand too, and --token with a warning.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_run.h"
#include "tests/support/temp_dir.h"

namespace mrtrack::cli_test {
namespace {

class CliOptionsTest : public ::testing::Test {
 protected:
  std::string Config() const { return std::string(MRTRACK_SOURCE_DIR) + "/config/mrtrack.example.toml"; }
  std::string Seed() const {
    return std::string(MRTRACK_SOURCE_DIR) + "/tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt";
  }
  std::string Offline() const { return "--data-dir " + dir_.Sub("data") + " --config " + Config(); }

  test_support::TempDir dir_;
};

TEST_F(CliOptionsTest, GlobalOptionsAreTakenAfterTheSubcommand) {
  // As git and kubectl take them: every global option after the subcommand and its arguments.
  CliRun imported = RunCli("import " + Seed() + " --data-dir " + dir_.Sub("data") + " --config " + Config() +
                           " --actor tester --json");
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  EXPECT_EQ(nlohmann::json::parse(imported.out)["key_actions"], 23);

  CliRun listed = RunCli("list --unit government --json " + Offline());
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_EQ(nlohmann::json::parse(listed.out)["total"], 8);

  // Mixed: some before, some after; the same answer.
  CliRun mixed = RunCli("--data-dir " + dir_.Sub("data") + " list --json --config " + Config() + " --unit government");
  ASSERT_EQ(mixed.exit_code, 0) << mixed.out;
  EXPECT_EQ(nlohmann::json::parse(mixed.out)["total"], 8);

  // A nested subcommand too.
  CliRun preview = RunCli("reminders preview --at 2025-03-24 --json " + Offline());
  ASSERT_EQ(preview.exit_code, 0) << preview.out;
  EXPECT_TRUE(nlohmann::json::parse(preview.out).is_object()) << preview.out;

  // What no level knows is still refused.
  CliRun unknown = RunCli("list --no-such-option " + Offline());
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.out.find("--no-such-option"), std::string::npos) << unknown.out;
}

TEST_F(CliOptionsTest, TokenOnTheCommandLineIsWarnedAbout) {
  CliRun help = RunCli("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Visible to other users"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("MRTRACK_TOKEN"), std::string::npos) << help.out;

  const std::string warning = "--token is visible to other users of this machine";
  CliRun given = RunCli("list --token not-a-real-token-1 " + Offline());
  EXPECT_NE(given.out.find(warning), std::string::npos) << given.out;
  EXPECT_NE(given.out.find("MRTRACK_TOKEN or --token-file"), std::string::npos) << given.out;
  CliRun equals = RunCli("--token=not-a-real-token-2 list " + Offline());
  EXPECT_NE(equals.out.find(warning), std::string::npos) << equals.out;
  // Only on stderr: stdout stays the command's output.
  CliRun stdout_only = RunCli("--json list --token not-a-real-token-3 " + Offline(), "2>/dev/null");
  EXPECT_EQ(stdout_only.out.find(warning), std::string::npos) << stdout_only.out;

  // The environment is the way that stays private: no warning.
  ::setenv("MRTRACK_TOKEN", "not-a-real-token-4", 1);
  CliRun from_env = RunCli("list " + Offline());
  ::unsetenv("MRTRACK_TOKEN");
  EXPECT_EQ(from_env.out.find(warning), std::string::npos) << from_env.out;
}

}  // namespace
}  // namespace mrtrack::cli_test
