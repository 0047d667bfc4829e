// End to end: TLS when a certificate and key are configured — the protocol
// and suite policy (checked with openssl s_client), the reload on SIGHUP. The test makes
// a self-signed certificate for 127.0.0.1 with the openssl command line.
#include <signal.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

// Runs a shell command; its exit code, with stdout and stderr in `output`.
int RunShell(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class TlsTest : public DaemonTest {
 protected:
  void SetUp() override {
    cert_ = dir_.Sub("cert.pem");
    key_ = dir_.Sub("key.pem");
    ASSERT_NO_FATAL_FAILURE(MakeCertificate("127.0.0.1", cert_, key_));
  }
  static void MakeCertificate(const std::string& name, const std::string& cert, const std::string& key) {
    std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + name +
                          " -addext subjectAltName=IP:127.0.0.1 -keyout '" + key + "' -out '" + cert + "' 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a test certificate";
  }
  // A handshake with `openssl s_client` and these options: its exit code
  // (0: a session was established) and its output.
  int Handshake(const std::string& options, std::string& output) const {
    return RunShell("openssl s_client -connect 127.0.0.1:" + std::to_string(daemon_->port()) + " " + options +
                   " </dev/null",
               output);
  }
  std::string cert_, key_;
};

TEST_F(TlsTest, ServesHttpsWithTheConfiguredCertificate) {
  TestConfig config;
  config.tls_certificate = cert_;
  config.tls_private_key = key_;
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  ASSERT_TRUE(daemon_->tls());

  httplib::SSLClient verified("127.0.0.1", daemon_->port());
  verified.set_ca_cert_path(cert_.c_str());
  verified.enable_server_certificate_verification(true);
  verified.set_bearer_token_auth(kReaderToken);
  auto res = verified.Get("/v1/actions");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);

  httplib::Client plain("127.0.0.1", daemon_->port());
  plain.set_read_timeout(std::chrono::seconds(5));
  auto refused = plain.Get("/healthz");
  EXPECT_TRUE(!refused || refused->status != 200);
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
}

TEST_F(TlsTest, OldProtocolsAndSuitesWithoutForwardSecrecyAreRefused) {
  TestConfig config;
  config.tls_certificate = cert_;
  config.tls_private_key = key_;
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  std::string out;
  // SECLEVEL=0 lets the client offer what Debian's defaults would not: the
  // refusal is the server's.
  EXPECT_NE(Handshake("-tls1 -cipher DEFAULT@SECLEVEL=0", out), 0) << out;
  EXPECT_NE(Handshake("-tls1_1 -cipher DEFAULT@SECLEVEL=0", out), 0) << out;
  EXPECT_NE(Handshake("-tls1_2 -cipher AES128-GCM-SHA256", out), 0) << out;    // RSA key exchange
  EXPECT_NE(Handshake("-tls1_2 -cipher ECDHE-RSA-AES128-SHA256", out), 0) << out;  // not AEAD
  EXPECT_EQ(Handshake("-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256", out), 0) << out;
  EXPECT_EQ(Handshake("-tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305", out), 0) << out;
  EXPECT_EQ(Handshake("-tls1_3", out), 0) << out;
  EXPECT_NE(out.find("TLSv1.3"), std::string::npos) << out;
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
}

TEST_F(TlsTest, SighupReloadsTheCertificateAndABadOneKeepsTheOldOne) {
  TestConfig config;
  config.tls_certificate = cert_;
  config.tls_private_key = key_;
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  std::string out;
  ASSERT_EQ(Handshake("-tls1_3", out), 0) << out;
  EXPECT_NE(out.find("CN = 127.0.0.1"), std::string::npos) << out;

  // A renewed pair under the same names.
  ASSERT_NO_FATAL_FAILURE(MakeCertificate("renewed", dir_.Sub("new-cert.pem"), dir_.Sub("new-key.pem")));
  WriteFile(cert_, ReadFile(dir_.Sub("new-cert.pem")));
  WriteFile(key_, ReadFile(dir_.Sub("new-key.pem")));
  daemon_->Signal(SIGHUP);
  ASSERT_TRUE(daemon_->WaitForLog("config reloaded"));
  ASSERT_EQ(Handshake("-tls1_3", out), 0) << out;
  EXPECT_NE(out.find("CN = renewed"), std::string::npos) << out;

  // A broken certificate: logged, and the renewed one stays in force.
  WriteFile(cert_, "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
  daemon_->Signal(SIGHUP);
  ASSERT_TRUE(daemon_->WaitForLog("TLS certificate reload failed"));
  ASSERT_EQ(Handshake("-tls1_3", out), 0) << out;
  EXPECT_NE(out.find("CN = renewed"), std::string::npos) << out;
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
}

TEST_F(TlsTest, AnUnreadableKeyStopsTheStart) {
  TestConfig config;
  config.data_dir = dir_.Sub("data");
  config.tls_certificate = cert_;
  config.tls_private_key = dir_.Sub("missing-key.pem");
  WriteFile(dir_.Sub("tls.toml"), TestConfigToml(config));
  DaemonProcess daemon(dir_.Sub("tls.toml"), dir_.Sub("tls.log"));
  EXPECT_EQ(daemon.WaitExit(), 1);
  EXPECT_NE(daemon.Log().find("cannot load the TLS certificate"), std::string::npos) << daemon.Log();
}

}  // namespace
}  // namespace mrtrack::daemon::testing
