// Runs the real `mrtrack` binary (MRTRACK_CLI) through the shell and
// collects what it printed.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

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

}  // namespace mrtrack::cli_test
