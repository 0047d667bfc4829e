// Rejection notices, end to end: the real mrtrackd, a real SMTP server
// (python3-aiosmtpd) and the requests of docs/API.md "Requests". A validator
// rejects a completion request and an extension request of the programme
// team's action: the team's address receives exactly one message for each,
// naming the action, what was asked, the reason, who rejected it and the
// link to the action; after a restart nothing is sent twice. A French
// organisation's unit reads it in French.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/test_units.h"
#include "http_receiver.h"
#include "mime_reader.h"
#include "notifier_test_util.h"
#include "smtp_server.h"
#include "tests/support/wait_for.h"

namespace mrtrack::notifier {
namespace {

using daemon::testing::DaemonProcess;
using daemon::testing::GetJson;
using daemon::testing::kAdminToken;
using daemon::testing::kEditorToken;
using daemon::testing::kValidatorToken;
using daemon::testing::PostJson;
using nlohmann::json;
using test_support::WaitFor;

const char kTeamAddress[] = "kaz-programme@example.org";

class DaemonRejectionTest : public ::testing::Test {
 protected:
  DaemonRejectionTest() : port_(notifier_test::UnusedPort()), smtp_(port_, dir_.Sub("received")) {}

  // The seed's units (each with an address), the test's tokens, no reminder
  // rules: the notices are all that is sent.
  void WriteConfig(const std::string& language) {
    namespace t = daemon::testing;
    t::WriteFile(config_, "[server]\nlisten = \"127.0.0.1:0\"\npublic_url = \"https://mrtrack.example.org\"\n"
                          "[storage]\ndata_dir = \"" + dir_.Sub("data") + "\"\n"
                          "[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\nlanguage = \"" +
                              language + "\"\n"
                          "[smtp]\nurl = \"smtp://127.0.0.1:" + std::to_string(port_) +
                              "\"\nstarttls = false\nfrom = \"mrtrack@example.org\"\n"
                          "[reminders]\nbefore = []\non_deadline = false\noverdue_every = \"0d\"\n"
                          "escalate_after = \"0d\"\n" +
                              t::UnitsToml(t::UnitAddresses::kEveryUnit) +
                              t::TokenToml(t::kAdminName, "admin", kAdminToken) +
                              t::TokenToml(t::kEditorName, "editor", kEditorToken, {"kaz-programme"}) +
                              t::TokenToml(t::kValidatorName, "validator", kValidatorToken));
  }

  void Start() {
    daemon_ = std::make_unique<DaemonProcess>(config_, dir_.Sub("mrtrackd-" + std::to_string(++starts_) + ".log"));
    ASSERT_TRUE(daemon_->WaitReady()) << daemon_->Log();
  }

  void Stop() {
    daemon_->Signal(SIGTERM);
    ASSERT_EQ(daemon_->WaitExit(), 0) << daemon_->Log();
  }

  // Imports the seed; returns the programme team's first action.
  std::string ImportSeed() {
    auto admin = daemon_->Client(kAdminToken);
    auto imported = daemon::testing::PostRaw(*admin, "/v1/imports", daemon::testing::SeedText(), "text/plain");
    EXPECT_EQ(imported.status, 200) << imported.raw;
    return imported.body.value("evaluation_id", "") + "-r1-a1";
  }

  // Posts `body` as the editor to `path`; returns the request id.
  std::string Request(const std::string& path, const json& body) {
    auto editor = daemon_->Client(kEditorToken);
    auto answer = PostJson(*editor, path, body);
    EXPECT_EQ(answer.status, 200) << answer.raw;
    return answer.body.value("request_id", "");
  }

  void Reject(const std::string& path, const std::string& reason) {
    auto validator = daemon_->Client(kValidatorToken);
    auto answer = PostJson(*validator, path + "/reject", {{"reason", reason}});
    ASSERT_EQ(answer.status, 200) << answer.raw;
  }

  std::vector<notifier_test::MimePart> Received() {
    std::vector<notifier_test::MimePart> out;
    for (const auto& raw : notifier_test::ReadMaildir(dir_.Sub("received"))) {
      out.push_back(notifier_test::ParseMime(raw));
    }
    return out;
  }

  // The plain-text part of a received message.
  static std::string TextOf(const notifier_test::MimePart& m) { return m.parts.at(0).parts.at(0).body; }

  // Waits until this process's notifier has run a pass (its first one plans
  // and delivers what the log owes).
  void WaitForAPass() {
    auto admin = daemon_->Client(kAdminToken);
    auto ticks = [&]() -> long {
      auto m = admin->Get("/metrics");
      if (!m) return -1;
      const std::string name = "\nmrtrack_notifier_ticks_total ";  // The sample, not its # HELP line.
      const auto at = m->body.find(name);
      return at == std::string::npos ? -1 : std::stol(m->body.substr(at + name.size()));
    };
    ASSERT_TRUE(WaitFor([&] { return ticks() >= 1; }, std::chrono::seconds(60)));
  }

  notifier_test::TempDir dir_;
  const int port_;
  notifier_test::SmtpServer smtp_;
  const std::string config_ = dir_.Sub("mrtrack.toml");
  std::unique_ptr<DaemonProcess> daemon_;
  int starts_ = 0;
};

TEST_F(DaemonRejectionTest, EachRejectionIsToldOnceToTheUnitEvenAcrossARestart) {
  ASSERT_TRUE(smtp_.ready()) << "python3-aiosmtpd is needed";
  WriteConfig("en");
  ASSERT_NO_FATAL_FAILURE(Start());
  const std::string action = ImportSeed();
  const std::string path = "/v1/actions/" + action;
  const json before = GetJson(*daemon_->Client(kAdminToken), path).body;
  const std::string ref = before["label"].get<std::string>().empty() ? "1.1" : before["label"].get<std::string>();

  const std::string completion =
      Request(path + "/completion-requests", {{"outcome", "Completed"}, {"note", "Workshop held"}});
  ASSERT_NO_FATAL_FAILURE(Reject(path + "/completion-requests/" + completion, "The report is a draft"));
  const std::string extension =
      Request(path + "/extension-requests", {{"deadline", "2030-06-30"}, {"reason", "Elections"}});
  ASSERT_NO_FATAL_FAILURE(Reject(path + "/extension-requests/" + extension, "No new elements since the last one"));

  ASSERT_TRUE(WaitFor([&] { return Received().size() >= 2; }, std::chrono::seconds(60))) << daemon_->Log();
  std::vector<notifier_test::MimePart> mails = Received();
  ASSERT_EQ(mails.size(), 2u);
  std::string completion_text, extension_text;
  for (const auto& m : mails) {
    EXPECT_EQ(m.headers.at("to"), kTeamAddress);
    const std::string subject = m.headers.at("subject");
    if (subject.find("to Completed") != std::string::npos) {
      EXPECT_EQ(subject, "[UN Women Kazakhstan] Your request to set key action " + ref + " to Completed was not "
                         "accepted");
      completion_text = TextOf(m);
    } else {
      EXPECT_EQ(subject, "[UN Women Kazakhstan] Your request to move the deadline of key action " + ref +
                             " to 30 June 2030 was not accepted");
      extension_text = TextOf(m);
    }
  }
  const std::string link = "https://mrtrack.example.org/actions/" + action + "?signin=";
  ASSERT_FALSE(completion_text.empty());
  EXPECT_NE(completion_text.find("Your request to set key action " + ref +
                                 " to Completed was not accepted by evaluation-office on "),
            std::string::npos)
      << completion_text;
  EXPECT_NE(completion_text.find("Reason:          The report is a draft"), std::string::npos) << completion_text;
  EXPECT_NE(completion_text.find(before["description"].get<std::string>().substr(0, 30)), std::string::npos);
  EXPECT_NE(completion_text.find(before["evaluation_title"].get<std::string>()), std::string::npos);
  EXPECT_NE(completion_text.find(link), std::string::npos) << completion_text;
  ASSERT_FALSE(extension_text.empty());
  EXPECT_NE(extension_text.find("Reason:          No new elements since the last one"), std::string::npos)
      << extension_text;
  EXPECT_NE(extension_text.find("Its deadline stays "), std::string::npos) << extension_text;
  EXPECT_NE(extension_text.find(link), std::string::npos);

  // Each notice's fate is in the log, once; a restart sends nothing again.
  ASSERT_NO_FATAL_FAILURE(Stop());
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(WaitForAPass());
  EXPECT_EQ(Received().size(), 2u);
  auto reminders = GetJson(*daemon_->Client(kAdminToken), path + "/reminders");
  ASSERT_EQ(reminders.status, 200) << reminders.raw;
  int delivered = 0;
  for (const auto& r : reminders.body["items"]) {
    EXPECT_EQ(r["chain"], "notice");
    EXPECT_EQ(r["state"], "delivered");
    EXPECT_EQ(r["attempts"], 1);
    ++delivered;
  }
  EXPECT_EQ(delivered, 2) << reminders.raw;
  ASSERT_NO_FATAL_FAILURE(Stop());
}

TEST_F(DaemonRejectionTest, AFrenchUnitReadsItInFrench) {
  ASSERT_TRUE(smtp_.ready()) << "python3-aiosmtpd is needed";
  WriteConfig("fr");
  ASSERT_NO_FATAL_FAILURE(Start());
  const std::string action = ImportSeed();
  const std::string path = "/v1/actions/" + action;
  const std::string request =
      Request(path + "/completion-requests", {{"outcome", "Completed"}, {"note", "Atelier tenu"}});
  ASSERT_NO_FATAL_FAILURE(Reject(path + "/completion-requests/" + request, "Le rapport est un brouillon"));

  ASSERT_TRUE(WaitFor([&] { return !Received().empty(); }, std::chrono::seconds(60))) << daemon_->Log();
  const auto mails = Received();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].headers.at("to"), kTeamAddress);
  EXPECT_EQ(mails[0].headers.at("subject"),
            "[UN Women Kazakhstan] Votre demande de passer l’action clé 1.1 à l’état « terminée » n’a pas été acceptée");
  const std::string text = TextOf(mails[0]);
  EXPECT_NE(text.find("Bonjour Programme Team, UN Women Kazakhstan,"), std::string::npos) << text;
  EXPECT_NE(text.find("n’a pas été acceptée par evaluation-office le "), std::string::npos) << text;
  EXPECT_NE(text.find("Motif :           Le rapport est un brouillon"), std::string::npos) << text;
  EXPECT_NE(text.find("Ouvrir l’action : https://mrtrack.example.org/actions/" + action), std::string::npos) << text;
  ASSERT_NO_FATAL_FAILURE(Stop());
}

}  // namespace
}  // namespace mrtrack::notifier
