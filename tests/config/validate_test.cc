#include "config/validate.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/crypto.h"
#include "config/load.h"

namespace mrtrack::config {
namespace {

Status Load(const std::string& toml) { return LoadConfigString(toml, "t").status(); }

TEST(ConfigValidateTest, UnknownTimeZone) {
  Status s = Load("[organisation]\ntime_zone = \"Mars/Olympus\"\n");
  EXPECT_EQ(s.field(), "t: organisation.time_zone");
  EXPECT_NE(s.message().find("unknown time zone 'Mars/Olympus'"), std::string::npos);
}

TEST(ConfigValidateTest, Languages) {
  EXPECT_TRUE(Load("[organisation]\nlanguage = \"fr\"\n[[units]]\nid = \"a\"\nlanguage = \"es\"\n").ok());
  Status s = Load("[organisation]\nlanguage = \"de\"\n");
  EXPECT_EQ(s.field(), "t: organisation.language");
  EXPECT_EQ(s.message(), "unknown language 'de': expected en, fr or es");
  EXPECT_EQ(Load("[[units]]\nid = \"a\"\nlanguage = \"fr-CA\"\n").field(), "t: units[0].language");
  EXPECT_EQ(Load("[[users]]\nemail = \"p@x.org\"\nlanguage = \"FR\"\n").field(), "t: users[0].language");
}

TEST(ConfigValidateTest, DanglingUnitReferences) {
  EXPECT_EQ(Load("[[units]]\nid = \"a\"\nescalation = \"b\"\n").field(), "t: units[0].escalation");
  EXPECT_EQ(Load("[[units]]\nid = \"a\"\nwebhooks = [\"chat\"]\n").field(), "t: units[0].webhooks");
  EXPECT_EQ(Load("[[tokens]]\nname = \"e\"\nrole = \"editor\"\nunits = [\"zz\"]\nsha256 = \"" + std::string(64, 'a') + "\"\n").field(),
            "t: tokens[0].units");
  EXPECT_EQ(Load("[webhooks.chat]\nurl = \"http://127.0.0.1:9/\"\nfeed_units = [\"q\"]\n").field(), "t: webhooks.chat.feed_units");
}

TEST(ConfigValidateTest, UnitIdsAndAliasesAreUnique) {
  EXPECT_EQ(Load("[[units]]\nid = \"a\"\n[[units]]\nid = \"a\"\n").message(), "duplicate unit id 'a'");
  Status s = Load("[[units]]\nid = \"a\"\naliases = [\"Team\"]\n[[units]]\nid = \"b\"\naliases = [\"team\"]\n");
  EXPECT_EQ(s.message(), "alias 'team' is also an alias of unit 'a'");
  EXPECT_EQ(Load("[[units]]\nid = \"Bad Id\"\n").field(), "t: units[0].id");
}

TEST(ConfigValidateTest, Tokens) {
  EXPECT_EQ(Load("[[tokens]]\nname = \"x\"\nsha256 = \"abc\"\n").field(), "t: tokens[0].sha256");
  EXPECT_EQ(Load("[[tokens]]\nname = \"x\"\nrole = \"root\"\n").field(), "t: tokens[0].role");
  EXPECT_EQ(Load("[[tokens]]\nname = \"system\"\nsha256 = \"" + std::string(64, 'a') + "\"\n").field(), "t: tokens[0].name");
  EXPECT_EQ(Load("[[tokens]]\nname = \"e\"\nrole = \"editor\"\nsha256 = \"" + std::string(64, 'a') + "\"\n").field(), "t: tokens[0].units");
}

TEST(ConfigValidateTest, UsersAndWeb) {
  const std::string hash = "password_hash = \"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA\"\n";
  auto ok = LoadConfigString("[[units]]\nid = \"a\"\n[[users]]\nemail = \"p@example.org\"\nrole = \"editor\"\nunits = [\"a\"]\n" + hash +
                                 "[web]\nsession_idle = \"10m\"\nlink_days = 7\n",
                             "t");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->users.size(), 1u);
  EXPECT_EQ(ok->users[0].name, "p@example.org") << "the name defaults to the e-mail";
  EXPECT_EQ(ok->users[0].role, Role::kEditor);
  EXPECT_EQ(ok->web.session_idle, std::chrono::minutes(10));
  EXPECT_EQ(ok->web.link_days, 7);
  EXPECT_EQ(Load("[[users]]\nemail = \"nobody\"\n").field(), "t: users[0].email");
  EXPECT_EQ(Load("[[users]]\nemail = \"a@x\"\n[[users]]\nemail = \"A@x\"\n").message(), "duplicate user 'A@x'");
  EXPECT_EQ(Load("[[users]]\nemail = \"a@x\"\npassword_hash = \"plain\"\n").field(), "t: users[0].password_hash");
  EXPECT_EQ(Load("[[users]]\nemail = \"a@x\"\nrole = \"editor\"\n").field(), "t: users[0].units");
  EXPECT_EQ(Load("[[users]]\nemail = \"a@x\"\nunits = [\"zz\"]\n").field(), "t: users[0].units");
  EXPECT_EQ(Load("[[users]]\nemail = \"a@x\"\nrole = \"root\"\n").field(), "t: users[0].role");
  EXPECT_EQ(Load("[[users]]\nemail = \"a@x\"\npassword = \"x\"\n").message(), "unknown key 'password'");
  EXPECT_EQ(Load("[web]\nlink_days = 0\n").field(), "t: web.link_days");
  EXPECT_EQ(Load("[web]\nsession_idle = \"2h\"\nsession_max = \"1h\"\n").field(), "t: web.session_max");
}

// [web.oidc]: the secret from its file (relative to the config's folder),
// defaults, and each refusal naming its key.
TEST(ConfigValidateTest, OidcProvider) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("mrtrack-oidc-config-" + RandomUuid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "client.secret") << "s3cret-value\n";
  auto load = [&](const std::string& oidc) { return LoadConfigString("[web.oidc]\n" + oidc, "t", dir.string()); };
  const std::string base = "issuer = \"https://login.example.org/realms/un/\"\nclient_id = \"mrtrack\"\n"
                           "client_secret_file = \"client.secret\"\n";
  auto ok = load(base);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  const OidcOptions& o = ok->web.oidc;
  EXPECT_TRUE(o.enabled());
  EXPECT_EQ(o.issuer, "https://login.example.org/realms/un") << "a trailing slash is dropped";
  EXPECT_EQ(o.client_secret, "s3cret-value");
  EXPECT_EQ(o.name, "login.example.org");
  EXPECT_EQ(o.role_claim, "mrtrack_role");
  EXPECT_EQ(o.units_claim, "mrtrack_units");
  EXPECT_EQ(o.scopes, (std::vector<std::string>{"openid", "email", "profile"}));
  const std::string described = DescribeConfig(*ok);
  EXPECT_NE(described.find("OpenID Connect: login.example.org"), std::string::npos) << described;
  EXPECT_EQ(described.find("s3cret-value"), std::string::npos) << "the secret is never shown";
  EXPECT_FALSE(LoadConfigString("", "t")->web.oidc.enabled()) << "off by default";

  auto loopback = load("issuer = \"http://127.0.0.1:9000\"\nclient_id = \"c\"\nclient_secret_file = \"client.secret\"\n"
                       "name = \"Example ID\"\nscopes = [\"openid\", \"email\", \"mrtrack\"]\n"
                       "role_claim = \"groups\"\nredirect_uri = \"https://mrtrack.example.org/sign-in/oidc/callback\"\n");
  ASSERT_TRUE(loopback.ok()) << loopback.status().ToString();
  EXPECT_EQ(loopback->web.oidc.name, "Example ID");
  EXPECT_EQ(loopback->web.oidc.role_claim, "groups");

  EXPECT_EQ(load("issuer = \"http://login.example.org\"\nclient_id = \"c\"\nclient_secret_file = \"client.secret\"\n")
                .status().field(), "t: web.oidc.issuer") << "plain HTTP only on loopback";
  EXPECT_EQ(load("issuer = \"https://h/?x=1\"\nclient_id = \"c\"\nclient_secret_file = \"client.secret\"\n")
                .status().field(), "t: web.oidc.issuer");
  EXPECT_EQ(load("client_id = \"c\"\n").status().field(), "t: web.oidc.issuer");
  EXPECT_EQ(load("issuer = \"https://h\"\nclient_secret_file = \"client.secret\"\n").status().field(), "t: web.oidc.client_id");
  EXPECT_EQ(load("issuer = \"https://h\"\nclient_id = \"c\"\n").status().field(), "t: web.oidc.client_secret_file");
  EXPECT_EQ(load("issuer = \"https://h\"\nclient_id = \"c\"\nclient_secret_file = \"absent.secret\"\n").status().field(),
            "t: web.oidc.client_secret_file");
  EXPECT_EQ(load(base + "client_secret = \"inline\"\n").status().field(), "t: web.oidc.client_secret");
  EXPECT_EQ(load(base + "scopes = [\"email\"]\n").status().field(), "t: web.oidc.scopes");
  EXPECT_EQ(load(base + "role_claim = \"\"\n").status().field(), "t: web.oidc.role_claim");
  EXPECT_EQ(load(base + "redirect_uri = \"https://m.example.org/callback\"\n").status().field(), "t: web.oidc.redirect_uri");
  EXPECT_EQ(load(base + "timeout = \"0s\"\n").status().field(), "t: web.oidc.timeout");
  EXPECT_EQ(load(base + "groups_claim = \"g\"\n").status().message(), "unknown key 'groups_claim'");
  std::filesystem::remove_all(dir);
}

TEST(ConfigValidateTest, ServerAndChannels) {
  EXPECT_EQ(Load("[server]\nlisten = \"localhost\"\n").field(), "t: server.listen");
  EXPECT_EQ(Load("[server]\nlisten = \"localhost:99999\"\n").field(), "t: server.listen");
  EXPECT_EQ(Load("[server]\ntls_certificate = \"c.pem\"\n").field(), "t: server.tls_certificate");
  EXPECT_EQ(Load("[smtp]\nurl = \"http://mail\"\n").field(), "t: smtp.url");
  EXPECT_EQ(Load("[webhooks.x]\nkind = \"irc\"\nurl = \"http://h/\"\n").field(), "t: webhooks.x.kind");
  EXPECT_EQ(Load("[webhooks.x]\nurl = \"http://h/\"\nsecret = \"plain\"\n").field(), "t: webhooks.x.secret");
  EXPECT_EQ(Load("[reminders]\nsend_time = \"25:00\"\n").field(), "t: reminders.send_time");
  EXPECT_EQ(Load("[reminders]\nquiet_start = \"19:00\"\n").field(), "t: reminders.quiet_start");
}

TEST(ConfigValidateTest, ClockTimes) {
  EXPECT_EQ(ParseClockTime("09:30").value(), 570);
  EXPECT_FALSE(ParseClockTime("9:30").ok());
  EXPECT_FALSE(ParseClockTime("23:60").ok());
}

}  // namespace
}  // namespace mrtrack::config
