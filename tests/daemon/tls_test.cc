// End to end: TLS when a certificate and key are configured. The test makes
// a self-signed certificate for 127.0.0.1 with the openssl command line.
#include <cstdlib>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

class TlsTest : public DaemonTest {
 protected:
  void SetUp() override {
    cert_ = dir_.Sub("cert.pem");
    key_ = dir_.Sub("key.pem");
    std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
        key_ + "' -out '" + cert_ + "' 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a test certificate";
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
