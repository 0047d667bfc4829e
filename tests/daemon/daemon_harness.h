// Test harness for the end-to-end suites: runs the real mrtrackd binary on a
// loopback port (listen "127.0.0.1:0"; the bound port is read from its
// "listening" log line) with a temporary data directory and a generated
// config, and talks to it with httplib::Client.
//
// Waiting is only ever for the process (its log line, /readyz), each with a
// deadline; nothing sleeps for the clock.
//
// Thread safety: one test thread drives a DaemonProcess; clients may be used
// from several threads (one client per thread).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include "tests/support/temp_dir.h"

namespace mrtrack::daemon::testing {

// The bearer tokens of the generated config (tokens are secrets: the logs
// must never contain them, nor their hashes).
inline constexpr char kAdminToken[] = "adm-6f1d2c9e-secret-token";
inline constexpr char kEditorToken[] = "edt-81a4b0c2-secret-token";  // editor of kaz-programme
inline constexpr char kAuditorToken[] = "aud-3c9e77d1-secret-token";
inline constexpr char kReaderToken[] = "rdr-0b5a19f4-secret-token";
inline constexpr char kValidatorToken[] = "val-5e2f8a31-secret-token";
inline constexpr char kSmtpPassword[] = "smtp-pw-9d8c7b6a-secret";
// Token names (the actors recorded in events).
inline constexpr char kAdminName[] = "admin-ci";
inline constexpr char kEditorName[] = "programme-editor";
inline constexpr char kValidatorName[] = "evaluation-office";

using TempDir = test_support::TempDir;

struct ExtraToken {
  std::string name, role, token;
  std::vector<std::string> units;
};

struct TestConfig {
  std::string data_dir;
  std::size_t max_body_bytes = 256 * 1024;
  std::string log_format = "text";
  std::string tls_certificate, tls_private_key;
  std::string public_url;  // [server] public_url; empty: none.
  bool include_reader = true;
  std::vector<ExtraToken> extra_tokens;
  // [server] limits; empty or 0 leaves the daemon's default.
  std::string header_timeout, body_timeout, idle_timeout, drain_timeout;  // "1s"
  std::size_t max_header_bytes = 0;
  std::size_t max_connections = 0, max_connections_per_address = 0;
  std::size_t max_streams = 0, max_streams_per_token = 0;
  // [workflow]
  bool closure_validation = true;
  std::size_t max_evidence_bytes = 20 << 20;
  int max_extensions = 2;
};

// The TOML text of a config with the seed's unit directory and the tokens above.
std::string TestConfigToml(const TestConfig& config);
void WriteFile(const std::string& path, const std::string& content);
std::string ReadFile(const std::string& path);
std::string SeedText();
std::string Sha256Hex(const std::string& text);

class DaemonProcess {
 public:
  // Starts `mrtrackd --config config_path`, stdout and stderr to log_path,
  // with `extra_env` ("NAME=value") added to the environment.
  DaemonProcess(std::string config_path, std::string log_path, std::vector<std::string> extra_env = {});
  ~DaemonProcess();  // SIGKILLs a process still running.
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Waits for the listening line and a 200 from /readyz.
  ::testing::AssertionResult WaitReady(std::chrono::seconds timeout = std::chrono::seconds(30));
  // Waits until the log contains `text` (a process's log line).
  ::testing::AssertionResult WaitForLog(const std::string& text,
                                        std::chrono::seconds timeout = std::chrono::seconds(30));
  void Signal(int signal);
  // Waits for the process to exit: its exit code, or 128 + signal.
  int WaitExit(std::chrono::seconds timeout = std::chrono::seconds(60));

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool tls() const { return tls_; }
  std::string Log() const;
  std::unique_ptr<httplib::Client> Client(const std::string& token = "") const;

 private:
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  bool tls_ = false;
};

// Runs `mrtrackd args...` to completion; returns the exit code, fills output
// with stdout and stderr together.
int RunMrtrackd(const std::vector<std::string>& args, std::string& output);

// GET/POST helpers returning status and parsed JSON (null when not JSON).
struct JsonResponse {
  int status = 0;
  nlohmann::json body;
  std::string raw;
  httplib::Headers headers;
};
JsonResponse GetJson(httplib::Client& client, const std::string& path, const httplib::Headers& headers = {});
JsonResponse PostJson(httplib::Client& client, const std::string& path, const nlohmann::json& body);
JsonResponse PostRaw(httplib::Client& client, const std::string& path, const std::string& body,
                     const std::string& content_type);

// A daemon on a fresh data directory, ready; the seed imported when asked.
class DaemonTest : public ::testing::Test {
 protected:
  void StartDaemon(TestConfig config = {});
  void StopDaemon();  // SIGTERM, expects exit code 0.
  void ImportSeed();
  std::unique_ptr<httplib::Client> Admin() const { return daemon_->Client(kAdminToken); }

  TempDir dir_;
  std::string config_path_;
  std::unique_ptr<DaemonProcess> daemon_;
  int starts_ = 0;
  std::string evaluation_id_;
  // Seed actions: r1-a1 belongs to kaz-programme (the editor's unit);
  // r3-a1 to kaz-co and government (not the editor's).
  std::string own_action_, foreign_action_;
};

}  // namespace mrtrack::daemon::testing
