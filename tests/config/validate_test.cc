#include "config/validate.h"

#include <gtest/gtest.h>

#include "config/load.h"

namespace mrtrack::config {
namespace {

Status Load(const std::string& toml) { return LoadConfigString(toml, "t").status(); }

TEST(ConfigValidateTest, UnknownTimeZone) {
  Status s = Load("[organisation]\ntime_zone = \"Mars/Olympus\"\n");
  EXPECT_EQ(s.field(), "t: organisation.time_zone");
  EXPECT_NE(s.message().find("unknown time zone 'Mars/Olympus'"), std::string::npos);
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
