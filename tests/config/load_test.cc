#include "config/load.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/crypto.h"

namespace mrtrack::config {
namespace {

std::string ExamplePath() { return std::string(MRTRACK_SOURCE_DIR) + "/config/mrtrack.example.toml"; }

TEST(ConfigLoadTest, ExampleLoadsWithEveryUnit) {
  auto c = LoadConfigFile(ExamplePath());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->organisation.time_zone, "Asia/Almaty");
  ASSERT_NE(c->FindUnit("kaz-co"), nullptr);
  EXPECT_EQ(c->FindUnit("kaz-co")->escalation, "ecaro");
  EXPECT_EQ(c->tokens.size(), 5u);
  EXPECT_EQ(c->tokens[1].role, Role::kEditor);
  EXPECT_EQ(c->tokens[2].role, Role::kValidator);
  EXPECT_EQ(c->tokens[2].sha256, HexEncode(Sha256("demo-validator-token")));
  EXPECT_TRUE(c->workflow.closure_validation);
  EXPECT_EQ(c->workflow.max_evidence_bytes, std::size_t{20} << 20);
  EXPECT_EQ(c->workflow.max_extensions, 2);
  EXPECT_EQ(c->tokens[0].sha256, HexEncode(Sha256("demo-admin-token")));
  EXPECT_EQ(c->reminders.before.size(), 3u);
  EXPECT_EQ(c->reminders.before[0], std::chrono::days(30));
  EXPECT_EQ(c->reminders.catch_up_window, std::chrono::hours(48));
  ASSERT_EQ(c->webhooks.size(), 1u);
  EXPECT_EQ(c->webhooks[0].name, "kaz-team");
  EXPECT_NE(DescribeConfig(*c).find("kaz-co (UN Women Kazakhstan Country Office)"), std::string::npos);
}

TEST(ConfigLoadTest, EmbeddedDefaultIsTheExampleWithALocalDataDir) {
  auto c = LoadEmbeddedDefault();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->storage.data_dir, "mrtrack-data");
  EXPECT_EQ(c->units.size(), 6u);
  EXPECT_EQ(c->server.listen, "127.0.0.1:8420");
  // Made for a first run: no quiet hours, no placeholder chat webhook.
  EXPECT_TRUE(c->reminders.quiet_start.empty());
  EXPECT_TRUE(c->webhooks.empty());
  for (const auto& unit : c->units) EXPECT_TRUE(unit.webhooks.empty()) << unit.id;
}

TEST(ConfigLoadTest, WorkflowSectionAndItsLimits) {
  auto c = LoadConfigString("[workflow]\nclosure_validation = false\nmax_evidence_bytes = 4096\nmax_extensions = 0\n", "t", ".");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->workflow.closure_validation);
  EXPECT_EQ(c->workflow.max_evidence_bytes, 4096u);
  EXPECT_EQ(c->workflow.max_extensions, 0);
  auto small = LoadConfigString("[workflow]\nmax_evidence_bytes = 10\n", "t", ".");
  EXPECT_EQ(small.status().field(), "t: workflow.max_evidence_bytes");
  auto many = LoadConfigString("[workflow]\nmax_extensions = -1\n", "t", ".");
  EXPECT_EQ(many.status().field(), "t: workflow.max_extensions");
  auto unknown = LoadConfigString("[workflow]\nclosure = true\n", "t", ".");
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  auto validator = LoadConfigString("[[tokens]]\nname = \"eo\"\nrole = \"validator\"\nsha256 = \"" + std::string(64, 'b') + "\"\n", "t", ".");
  ASSERT_TRUE(validator.ok()) << validator.status().ToString();
  EXPECT_EQ(validator->tokens[0].role, Role::kValidator);
  EXPECT_STREQ(RoleName(Role::kValidator), "validator");
}

TEST(ConfigLoadTest, UpdateRequestsAndReports) {
  EXPECT_EQ(LoadConfigString("", "t", ".")->workflow.update_request_every.count(), 0);
  EXPECT_TRUE(LoadConfigString("", "t", ".")->reports.empty());
  const std::string unit = "[[units]]\nid = \"kaz-co\"\n";
  auto c = LoadConfigString(unit + "[workflow]\nupdate_request_every = \"90d\"\n"
                                   "[[reports]]\nname = \"board\"\nrecipients = [\"board@example.org\"]\n"
                                   "[[reports]]\nname = \"weekly-co\"\nrecipients = [\"co@example.org\"]\n"
                                   "every = \"weekly\"\nday = 5\nunits = [\"kaz-co\"]\nlanguage = \"fr\"\n",
                            "t", ".");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->workflow.update_request_every, std::chrono::days(90));
  ASSERT_EQ(c->reports.size(), 2u);
  EXPECT_EQ(c->reports[0].every, ReportSchedule::Every::kMonthly);
  EXPECT_EQ(c->reports[0].day, 1);
  EXPECT_TRUE(c->reports[0].units.empty());
  EXPECT_EQ(c->reports[1].every, ReportSchedule::Every::kWeekly);
  EXPECT_EQ(c->reports[1].day, 5);
  EXPECT_EQ(c->reports[1].units, std::vector<std::string>{"kaz-co"});
  EXPECT_EQ(c->reports[1].language, "fr");

  const std::string board = "[[reports]]\nname = \"board\"\nrecipients = [\"board@example.org\"]\n";
  EXPECT_EQ(LoadConfigString("[workflow]\nupdate_request_every = \"12h\"\n", "t", ".").status().field(),
            "t: workflow.update_request_every");
  EXPECT_EQ(LoadConfigString(board + "every = \"daily\"\n", "t", ".").status().field(), "t: reports[0].every");
  EXPECT_EQ(LoadConfigString(board + "day = 29\n", "t", ".").status().field(), "t: reports[0].day");
  EXPECT_EQ(LoadConfigString(board + "every = \"weekly\"\nday = 8\n", "t", ".").status().field(), "t: reports[0].day");
  EXPECT_EQ(LoadConfigString(board + "units = [\"nowhere\"]\n", "t", ".").status().field(), "t: reports[0].units");
  EXPECT_EQ(LoadConfigString(board + board, "t", ".").status().field(), "t: reports[1].name");
  EXPECT_EQ(LoadConfigString("[[reports]]\nname = \"board\"\n", "t", ".").status().field(), "t: reports[0].recipients");
  EXPECT_EQ(LoadConfigString("[[reports]]\nname = \"Board\"\nrecipients = [\"b@example.org\"]\n", "t", ".")
                .status().field(),
            "t: reports[0].name");
  EXPECT_EQ(LoadConfigString(board + "cc = []\n", "t", ".").status().code(), StatusCode::kInvalidArgument);
}

TEST(ConfigLoadTest, EmptyTextGivesDefaults) {
  auto c = LoadConfigString("", "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->server.max_body_bytes, 4u << 20);
  EXPECT_EQ(c->organisation.time_zone, "UTC");
  EXPECT_TRUE(c->reminders.digest);
}

TEST(ConfigLoadTest, UnknownKeyNamesItsPathAndLine) {
  auto c = LoadConfigString("[server]\nlisten = \"127.0.0.1:1\"\nlisen = \"x\"\n", "t.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().message(), "unknown key 'lisen'");
  EXPECT_EQ(c.status().field(), "t.toml: server.lisen (line 3)");
}

TEST(ConfigLoadTest, UnknownTopLevelAndUnitKeys) {
  EXPECT_EQ(LoadConfigString("colour = 1\n", "t").status().message(), "unknown key 'colour'");
  auto c = LoadConfigString("[[units]]\nid = \"a\"\nemail = [\"x@y\"]\n", "t");
  EXPECT_EQ(c.status().field(), "t: units[0].email (line 3)");
}

TEST(ConfigLoadTest, SyntaxErrorNamesLineAndColumn) {
  auto c = LoadConfigString("[server\n", "t.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().field().find("t.toml line 1"), std::string::npos) << c.status().field();
}

TEST(ConfigLoadTest, WrongTypeIsAnError) {
  auto c = LoadConfigString("[server]\nmax_body_bytes = \"big\"\n", "t");
  EXPECT_EQ(c.status().message(), "must be an integer");
  EXPECT_EQ(c.status().field(), "t: server.max_body_bytes (line 2)");
}

TEST(ConfigLoadTest, BadDurations) {
  auto c = LoadConfigString("[reminders]\noverdue_every = \"weekly\"\n", "t");
  EXPECT_EQ(c.status().field(), "t: reminders.overdue_every");
  EXPECT_NE(c.status().message().find("not a duration"), std::string::npos);
  auto b = LoadConfigString("[reminders]\nbefore = [\"30d\", \"12h\"]\n", "t");
  EXPECT_EQ(b.status().field(), "t: reminders.before[1]");
  EXPECT_EQ(ParseDuration("90s").value(), std::chrono::seconds(90));
  EXPECT_EQ(ParseDuration("2d").value(), std::chrono::seconds(172800));
  EXPECT_FALSE(ParseDuration("-1d").ok());
  EXPECT_FALSE(ParseDuration("d").ok());
}

// Links in reminders and calendar feed addresses start with server.public_url
// when it is set, else with the listen address.
TEST(ConfigLoadTest, PublicUrlIsTheBaseOfLinks) {
  auto set = LoadConfigString("[server]\npublic_url = \"https://mrtrack.example.org/\"\n", "t");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->server.public_url, "https://mrtrack.example.org/");
  EXPECT_EQ(PublicBaseUrl(*set), "https://mrtrack.example.org");
  EXPECT_NE(DescribeConfig(*set).find("  links:         https://mrtrack.example.org\n"), std::string::npos);

  auto unset = LoadConfigString("[server]\nlisten = \"127.0.0.1:9000\"\n", "t");
  ASSERT_TRUE(unset.ok()) << unset.status().ToString();
  EXPECT_EQ(PublicBaseUrl(*unset), "http://127.0.0.1:9000");
  Config tls = *unset;
  tls.server.tls_certificate = "cert.pem";
  EXPECT_EQ(PublicBaseUrl(tls), "https://127.0.0.1:9000");

  for (const char* bad : {"mrtrack.example.org", "https://", "ftp://mrtrack.example.org", "https:///path"}) {
    auto c = LoadConfigString(std::string("[server]\npublic_url = \"") + bad + "\"\n", "t");
    EXPECT_EQ(c.status().message(), "must be an http:// or https:// address such as https://mrtrack.example.org") << bad;
    EXPECT_EQ(c.status().field(), "t: server.public_url") << bad;
  }
  auto query = LoadConfigString("[server]\npublic_url = \"https://mrtrack.example.org/?a=1\"\n", "t");
  EXPECT_EQ(query.status().field(), "t: server.public_url");
}

// Delivery timeouts stay below half of the unit's WatchdogSec: longer ones are
// refused with the reason, not silently shortened.
TEST(ConfigLoadTest, DeliveryTimeoutsStayBelowHalfTheWatchdogInterval) {
  auto defaults = LoadConfigString("", "t");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->smtp.timeout, std::chrono::seconds(10));
  auto longest = LoadConfigString("[smtp]\ntimeout = \"15s\"\n[webhooks.w]\nurl = \"https://x.example.org\"\n"
                                  "timeout = \"15s\"\n", "t");
  ASSERT_TRUE(longest.ok()) << longest.status().ToString();
  EXPECT_EQ(longest->webhooks[0].timeout, kMaxDeliveryTimeout);
  const std::string why =
      "must be between 1s and 15s: a delivery must end within half of the service's watchdog interval "
      "(WatchdogSec of mrtrackd.service)";
  auto smtp = LoadConfigString("[smtp]\ntimeout = \"30s\"\n", "t");
  EXPECT_EQ(smtp.status().message(), why);
  EXPECT_EQ(smtp.status().field(), "t: smtp.timeout");
  auto webhook = LoadConfigString("[webhooks.w]\nurl = \"https://x.example.org\"\ntimeout = \"16s\"\n", "t");
  EXPECT_EQ(webhook.status().message(), why);
  EXPECT_EQ(webhook.status().field(), "t: webhooks.w.timeout");
}

TEST(ConfigLoadTest, SecretsFromFiles) {
  auto dir = std::filesystem::path(::testing::TempDir()) / "mrtrack-config-secrets";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "token") << "s3cret-token\n";
  std::ofstream(dir / "smtp-password") << "hunter2\n";
  std::string toml =
      "[[tokens]]\nname = \"ops\"\nrole = \"admin\"\ntoken_file = \"token\"\n"
      "[smtp]\nurl = \"smtp://127.0.0.1:2525\"\npassword_file = \"smtp-password\"\n";
  std::ofstream(dir / "c.toml") << toml;
  auto c = LoadConfigFile((dir / "c.toml").string());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->tokens[0].sha256, HexEncode(Sha256("s3cret-token")));
  EXPECT_EQ(c->smtp.password, "hunter2");
  auto missing = LoadConfigString("[smtp]\npassword_file = \"/nonexistent/pw\"\n", "t");
  EXPECT_EQ(missing.status().field(), "t: smtp.password_file");
  std::filesystem::remove_all(dir);
}

TEST(ConfigLoadTest, MissingFileIsNotFound) {
  auto c = LoadConfigFile("/nonexistent/mrtrack.toml");
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mrtrack::config
