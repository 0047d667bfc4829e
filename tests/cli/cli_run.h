// Runs the real `mrtrack` binary (MRTRACK_CLI) through the shell and
// collects what it printed; CliDataDirTest gives each test a data directory
// of its own.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace mrtrack::cli_test {

struct CliRun {
  int exit_code = -1;  // -1 when it did not exit normally (a crash).
  std::string out;
};

// `args` as a shell would split them; stderr goes to out too unless
// `stderr_redirect` sends it elsewhere (e.g. "2>/dev/null").
inline CliRun RunCli(const std::string& args, const std::string& stderr_redirect = "2>&1") {
  const std::string cmd = std::string(MRTRACK_CLI) + " " + args + " " + stderr_redirect;
  CliRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A fresh data directory under the test's temporary directory, removed after
// the test; Mrtrack() runs the CLI offline on it with the example config and
// actor "tester".
class CliDataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("mrtrack-cli-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs mrtrack with the example config on the data directory; stderr is merged.
  CliRun Mrtrack(const std::string& args) { return MrtrackWith(ExampleConfig(), args); }
  CliRun MrtrackWith(const std::string& config, const std::string& args) {
    return RunCli("--data-dir " + dir_.string() + " --config " + config + " --actor tester " + args);
  }

  static std::string ExampleConfig() { return std::string(MRTRACK_SOURCE_DIR) + "/config/mrtrack.example.toml"; }
  static std::string Fixture(const std::string& relative) {
    return std::string(MRTRACK_SOURCE_DIR) + "/tests/fixtures/" + relative;
  }

  std::filesystem::path dir_;
};

}  // namespace mrtrack::cli_test
