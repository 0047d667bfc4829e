#include "tests/daemon/daemon_harness.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "common/crypto.h"
#include "tests/daemon/test_units.h"

extern char** environ;

namespace mrtrack::daemon::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The environment without the variables systemd sets for its services, so a
// test run under systemd does not make the daemon talk to it.
std::vector<std::string> ChildEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (entry.rfind("JOURNAL_STREAM=", 0) == 0 || entry.rfind("NOTIFY_SOCKET=", 0) == 0 ||
        entry.rfind("WATCHDOG_", 0) == 0 || entry.rfind("LISTEN_", 0) == 0) {
      continue;
    }
    env.push_back(entry);
  }
  return env;
}

pid_t Spawn(const std::vector<std::string>& args, const std::string& output_path,
            const std::vector<std::string>& extra_env = {}) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env = ChildEnvironment();
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

void PollPause() { std::this_thread::sleep_for(std::chrono::milliseconds(10)); }

}  // namespace

std::string Sha256Hex(const std::string& text) { return HexEncode(Sha256(text)); }

std::string UnitsToml(UnitAddresses addresses) {
  struct Unit {
    const char* id;
    const char* name;
    const char* aliases;
    const char* escalation;
  };
  static const Unit kUnits[] = {
      {"kaz-co", "UN Women Kazakhstan Country Office",
       R"("UN Women Kazakhstan CO", "UN Women Kazakhstan Country Office", "UN Women KAZ CO", "Country Office")",
       "ecaro"},
      {"kaz-programme", "Programme Team, UN Women Kazakhstan", R"("Programme Team UN Women Kazakhstan CO", "Programme Team")",
       "kaz-co"},
      {"government", "Government institutions of Kazakhstan", R"("Government institutions", "Government")", ""},
      {"un-agencies", "UN agencies in Kazakhstan", R"("relevant UN Agencies", "UN Agencies")", ""},
      {"national-partners", "National partners", R"("relevant national partners", "national partners")", ""},
      {"ecaro", "UN Women Europe and Central Asia Regional Office", R"("ECARO", "Regional Office")", ""},
  };
  const bool every = addresses == UnitAddresses::kEveryUnit;
  std::string out;
  for (const Unit& u : kUnits) {
    const std::string id = u.id;
    out += "\n[[units]]\nid = \"" + id + "\"\nname = \"" + u.name + "\"\naliases = [" + u.aliases + "]\n";
    if (every) {
      out += "emails = [\"" + id + "@example.org\"]\n";
    } else if (id == "kaz-co") {
      out += "emails = [\"kazakhstan.co@example.org\"]\n";
    }
    // Every unit with an address escalates, so that each escalation reaches someone.
    const std::string escalation = *u.escalation != '\0' ? u.escalation : every && id != "ecaro" ? "kaz-co" : "";
    if (!escalation.empty()) out += "escalation = \"" + escalation + "\"\n";
  }
  return out;
}

std::string TokenToml(const std::string& name, const std::string& role, const std::string& token,
                      const std::vector<std::string>& units) {
  std::string out =
      "\n[[tokens]]\nname = \"" + name + "\"\nrole = \"" + role + "\"\nsha256 = \"" + Sha256Hex(token) + "\"\n";
  if (!units.empty()) {
    out += "units = [";
    for (std::size_t i = 0; i < units.size(); ++i) out += (i ? ", \"" : "\"") + units[i] + "\"";
    out += "]\n";
  }
  return out;
}

std::string TestConfigToml(const TestConfig& c) {
  std::ostringstream out;
  out << "[server]\nlisten = \"127.0.0.1:0\"\nmax_body_bytes = " << c.max_body_bytes
      << "\nworker_threads = 8\nlog_format = \"" << c.log_format << "\"\nlog_level = \"info\"\n";
  auto text_key = [&out](const char* key, const std::string& value) {
    if (!value.empty()) out << key << " = \"" << value << "\"\n";
  };
  auto count_key = [&out](const char* key, std::size_t value) {
    if (value != 0) out << key << " = " << value << "\n";
  };
  text_key("public_url", c.public_url);
  text_key("header_timeout", c.header_timeout);
  text_key("body_timeout", c.body_timeout);
  text_key("idle_timeout", c.idle_timeout);
  text_key("drain_timeout", c.drain_timeout);
  count_key("max_header_bytes", c.max_header_bytes);
  count_key("max_connections", c.max_connections);
  count_key("max_connections_per_address", c.max_connections_per_address);
  count_key("max_streams", c.max_streams);
  count_key("max_streams_per_token", c.max_streams_per_token);
  if (!c.tls_certificate.empty()) {
    out << "tls_certificate = \"" << c.tls_certificate << "\"\ntls_private_key = \"" << c.tls_private_key << "\"\n";
  }
  out << "\n[storage]\ndata_dir = \"" << c.data_dir
      << "\"\n\n[organisation]\nname = \"Test\"\ntime_zone = \"Asia/Almaty\"\n";
  out << UnitsToml(UnitAddresses::kCountryOfficeOnly);
  out << TokenToml(kAdminName, "admin", kAdminToken, {});
  out << TokenToml(kEditorName, "editor", kEditorToken, {"kaz-programme"});
  out << TokenToml("auditor-ci", "auditor", kAuditorToken, {});
  out << TokenToml(kValidatorName, "validator", kValidatorToken, {});
  if (c.include_reader) out << TokenToml("dashboard-ci", "reader", kReaderToken, {});
  for (const auto& t : c.extra_tokens) out << TokenToml(t.name, t.role, t.token, t.units);
  out << "\n[workflow]\nclosure_validation = " << (c.closure_validation ? "true" : "false")
      << "\nmax_evidence_bytes = " << c.max_evidence_bytes << "\nmax_extensions = " << c.max_extensions << "\n";
  // An SMTP password, only so that tests can check it never reaches the log.
  out << "\n[smtp]\nurl = \"smtp://127.0.0.1:9\"\nusername = \"mrtrack\"\npassword = \"" << kSmtpPassword
      << "\"\nfrom = \"mrtrack@example.org\"\n";
  // No reminders: the log then holds only what a test writes (the notifier
  // has its own suites).
  out << "\n[reminders]\nbefore = []\non_deadline = false\noverdue_every = \"0d\"\nescalate_after = \"0d\"\n";
  return out.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string SeedText() {
  return ReadFile(std::string(MRTRACK_SOURCE_DIR) +
                  "/tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt");
}

DaemonProcess::DaemonProcess(std::string config_path, std::string log_path, std::vector<std::string> extra_env)
    : log_path_(std::move(log_path)) {
  pid_ = Spawn({MRTRACKD_PATH, "--config", config_path}, log_path_, extra_env);
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

std::string DaemonProcess::Log() const { return ReadFile(log_path_); }

::testing::AssertionResult DaemonProcess::WaitReady(std::chrono::seconds timeout) {
  if (pid_ <= 0) return ::testing::AssertionFailure() << "mrtrackd did not start";
  auto deadline = Clock::now() + timeout;
  static const std::regex kListening(R"(listening.*(https?)://127\.0\.0\.1:(\d+))");
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return ::testing::AssertionFailure() << "mrtrackd exited with " << ExitCodeOf(status) << ":\n" << Log();
    }
    if (port_ == 0) {
      std::smatch m;
      std::string log = Log();
      if (std::regex_search(log, m, kListening)) {
        tls_ = m[1] == "https";
        port_ = std::stoi(m[2]);
      }
    }
    if (port_ != 0) {
      auto client = Client();
      client->set_connection_timeout(std::chrono::seconds(1));
      auto res = client->Get("/readyz");
      if (res && res->status == 200) return ::testing::AssertionSuccess();
    }
    PollPause();
  }
  return ::testing::AssertionFailure() << "mrtrackd not ready in time:\n" << Log();
}

::testing::AssertionResult DaemonProcess::WaitForLog(const std::string& text, std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (Log().find(text) != std::string::npos) return ::testing::AssertionSuccess();
    PollPause();
  }
  return ::testing::AssertionFailure() << "no log line with '" << text << "':\n" << Log();
}

void DaemonProcess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

int DaemonProcess::WaitExit(std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return ExitCodeOf(status);
    }
    PollPause();
  }
  return -1;
}

std::unique_ptr<httplib::Client> DaemonProcess::Client(const std::string& token) const {
  auto client =
      std::make_unique<httplib::Client>(std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_));
  if (tls_) client->enable_server_certificate_verification(false);
  if (!token.empty()) client->set_bearer_token_auth(token.c_str());
  client->set_read_timeout(std::chrono::seconds(60));
  client->set_keep_alive(true);
  return client;
}

int RunMrtrackd(const std::vector<std::string>& args, std::string& output) {
  TempDir dir;
  std::vector<std::string> argv = {MRTRACKD_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = Spawn(argv, dir.Sub("output"));
  if (pid <= 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  output = ReadFile(dir.Sub("output"));
  return ExitCodeOf(status);
}

namespace {
JsonResponse ToJson(const httplib::Result& res) {
  JsonResponse out;
  if (!res) {
    out.status = -1;
    out.raw = httplib::to_string(res.error());
    return out;
  }
  out.status = res->status;
  out.raw = res->body;
  out.headers = res->headers;
  out.body = nlohmann::json::parse(res->body, nullptr, /*allow_exceptions=*/false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}
}  // namespace

JsonResponse GetJson(httplib::Client& client, const std::string& path, const httplib::Headers& headers) {
  return ToJson(client.Get(path, headers));
}

JsonResponse PostJson(httplib::Client& client, const std::string& path, const nlohmann::json& body) {
  return ToJson(client.Post(path, body.dump(), "application/json"));
}

JsonResponse PostRaw(httplib::Client& client, const std::string& path, const std::string& body,
                     const std::string& content_type) {
  return ToJson(client.Post(path, body, content_type));
}

void DaemonTest::StartDaemon(TestConfig config) {
  if (config.data_dir.empty()) config.data_dir = dir_.Sub("data");
  config_path_ = dir_.Sub("mrtrack.toml");
  WriteFile(config_path_, TestConfigToml(config));
  daemon_ = std::make_unique<DaemonProcess>(config_path_, dir_.Sub("mrtrackd-" + std::to_string(++starts_) + ".log"));
  ASSERT_TRUE(daemon_->WaitReady());
}

void DaemonTest::StopDaemon() {
  daemon_->Signal(SIGTERM);
  ASSERT_EQ(daemon_->WaitExit(), 0) << daemon_->Log();
}

void DaemonTest::ImportSeed() {
  auto admin = Admin();
  JsonResponse r = PostRaw(*admin, "/v1/imports", SeedText(), "text/plain");
  ASSERT_EQ(r.status, 200) << r.raw;
  evaluation_id_ = r.body["evaluation_id"];
  own_action_ = evaluation_id_ + "-r1-a1";
  foreign_action_ = evaluation_id_ + "-r3-a1";
}

}  // namespace mrtrack::daemon::testing
