// Update requests ([workflow] update_request_every, docs/NOTIFIER.md "Update
// requests"), on the real parts in process: the daemon's Core (RocksDB on
// disk, the API's routes) on a ManualClock, the Notifier, and a real SMTP
// server (python3-aiosmtpd). The seed is imported on 5 January 2026; one
// action gets a comment a month later. 91 days after the import every other
// open action is stale in the API (and ?stale=true lists exactly them), and
// the country office's digest asks for an update on each of its own; 181
// days after it, with the SMTP server gone, the repeated requests wait for a
// retry, and a comment on one action cancels its pending request. With the
// option off nothing is stale and nothing is sent.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/load.h"
#include "daemon/server/core.h"
#include "daemon/server/dispatcher.h"
#include "notifier/notifier.h"
#include "notifier/reminder.h"
#include "tests/daemon/daemon_harness.h"
#include "http_receiver.h"
#include "mime_reader.h"
#include "notifier_test_util.h"
#include "smtp_server.h"

namespace mrtrack::notifier {
namespace {

using nlohmann::json;
using notifier_test::At;

constexpr char kOffice[] = "kaz-co";  // The seed's one unit with an address.
constexpr char kOfficeAddress[] = "kazakhstan.co@example.org";

class UpdateRequestsTest : public ::testing::Test {
 protected:
  UpdateRequestsTest() : clock_(At("2026-01-05T10:00:00Z")), port_(notifier_test::UnusedPort()) {}

  void Open(const std::string& every) {
    smtp_ = std::make_unique<notifier_test::SmtpServer>(port_, dir_.Sub("received"));
    ASSERT_TRUE(smtp_->ready()) << "python3-aiosmtpd is needed";
    daemon::testing::TestConfig c;
    c.data_dir = dir_.Sub("data");
    std::string toml = daemon::testing::TestConfigToml(c);
    // The test's SMTP server (no auth), and the option.
    Replace(toml, "url = \"smtp://127.0.0.1:9\"\nusername = \"mrtrack\"\npassword = \"" +
                      std::string(daemon::testing::kSmtpPassword) + "\"\n",
            "url = \"smtp://127.0.0.1:" + std::to_string(port_) + "\"\nstarttls = false\n");
    if (!every.empty()) Replace(toml, "\n[workflow]\n", "\n[workflow]\nupdate_request_every = \"" + every + "\"\n");
    auto loaded = config::LoadConfigString(toml, "test", dir_.path());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    auto runtime = daemon::RuntimeConfig::Make(*loaded);
    ASSERT_TRUE(runtime.ok()) << runtime.status().ToString();
    auto core = daemon::Core::Open(*runtime, {.clock = &clock_});
    ASSERT_TRUE(core.ok()) << core.status().ToString();
    core_ = std::move(*core);
    NotifierOptions options;
    options.jitter_seed = 7;
    auto n = Notifier::Open(core_->store(), core_->projections(), std::make_shared<const config::Config>(*loaded),
                            clock_, options);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    notifier_ = std::move(*n);
    const json imported = Call("POST", "/v1/imports", daemon::testing::SeedText(), "text/plain");
    ASSERT_TRUE(imported.is_object() && imported.contains("evaluation_id")) << imported.dump();
  }

  static void Replace(std::string& text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }

  // Dispatches as an admin; the answer's JSON.
  json Call(const std::string& method, const std::string& target, const std::string& body = "",
            const std::string& content_type = "application/json") {
    daemon::RequestContext ctx;
    ctx.request_id = "in-process";
    ctx.method = method;
    const auto question = target.find('?');
    ctx.path = target.substr(0, question);
    for (std::string rest = question == std::string::npos ? "" : target.substr(question + 1); !rest.empty();) {
      const std::string pair = rest.substr(0, rest.find('&'));
      rest = pair.size() < rest.size() ? rest.substr(pair.size() + 1) : "";
      ctx.query.emplace(pair.substr(0, pair.find('=')), pair.substr(pair.find('=') + 1));
    }
    ctx.body = body;
    ctx.headers.emplace("content-type", content_type);
    ctx.runtime = core_->config().Get();
    ctx.principal = daemon::Principal{"cli:tester", config::Role::kAdmin, {}};
    daemon::Reply reply = daemon::Dispatch(core_->routes(), std::move(ctx)).reply;
    EXPECT_EQ(reply.status, 200) << method << " " << target << ": " << reply.body;
    return json::parse(reply.body, nullptr, false);
  }

  void Comment(const std::string& action, const std::string& text) {
    Call("POST", "/v1/actions/" + action + "/comments", json{{"text", text}}.dump());
  }

  // Open actions by id, with whether the office is responsible.
  std::map<std::string, bool> OpenActions() {
    std::map<std::string, bool> out;
    const json page = Call("GET", "/v1/actions?open=true&limit=1000");
    for (const auto& a : page["items"]) {
      const auto& units = a["responsible"]["units"];
      out[a["action_id"]] = std::find(units.begin(), units.end(), kOffice) != units.end();
    }
    return out;
  }

  std::set<std::string> StaleIds() {
    std::set<std::string> out;
    const json page = Call("GET", "/v1/actions?stale=true&limit=1000");
    for (const auto& a : page["items"]) out.insert(a["action_id"]);
    return out;
  }

  // "1.2": how messages name an action.
  std::string Ref(const std::string& action) {
    const json a = Call("GET", "/v1/actions/" + action);
    if (!a["label"].get<std::string>().empty()) return a["label"];
    return std::to_string(a["recommendation_number"].get<int>()) + "." + std::to_string(a["number"].get<int>());
  }

  std::vector<notifier_test::MimePart> Received() {
    std::vector<notifier_test::MimePart> out;
    for (const auto& raw : notifier_test::ReadMaildir(dir_.Sub("received"))) {
      out.push_back(notifier_test::ParseMime(raw));
    }
    return out;
  }

  notifier_test::TempDir dir_;
  ManualClock clock_;
  const int port_;
  std::unique_ptr<notifier_test::SmtpServer> smtp_;
  std::unique_ptr<daemon::Core> core_;
  std::unique_ptr<Notifier> notifier_;
};

TEST_F(UpdateRequestsTest, StaleActionsAreListedAskedForAndAnUpdateCancelsTheRequest) {
  ASSERT_NO_FATAL_FAILURE(Open("90d"));
  const std::map<std::string, bool> open = OpenActions();
  // Two open actions of the office: one commented a month after the import, one left alone.
  std::vector<std::string> office_actions;
  for (const auto& [id, office] : open) {
    if (office) office_actions.push_back(id);
  }
  ASSERT_GE(office_actions.size(), 2u);
  const std::string updated = office_actions[0], office_action = office_actions[1];
  EXPECT_TRUE(StaleIds().empty()) << "nothing is stale on the day of the import";

  clock_.Set(At("2026-02-04T10:00:00Z"));
  Comment(updated, "Consultations started");

  clock_.Set(At("2026-04-06T10:00:00Z"));  // 91 days after the import, 61 after the comment.
  std::set<std::string> expected;
  for (const auto& [id, office] : open) {
    if (id != updated) expected.insert(id);
  }
  EXPECT_EQ(StaleIds(), expected);
  EXPECT_EQ(Call("GET", "/v1/actions?stale=true&limit=1000")["total"], expected.size());
  EXPECT_FALSE(Call("GET", "/v1/actions/" + updated)["stale"].get<bool>());
  EXPECT_TRUE(Call("GET", "/v1/actions/" + office_action)["stale"].get<bool>());
  EXPECT_EQ(Call("GET", "/v1/actions?stale=false&limit=1000&open=true")["total"], 1);

  ASSERT_OK(notifier_->Tick(clock_.Now()));
  auto mails = Received();
  ASSERT_EQ(mails.size(), 1u) << "one digest for the office";
  EXPECT_EQ(mails[0].headers.at("to"), kOfficeAddress);
  const std::string text = mails[0].parts.at(0).parts.at(0).body;
  for (const auto& [id, office] : open) {
    const bool asked = text.find("Key action " + Ref(id) + ": no update for 91 days") != std::string::npos;
    EXPECT_EQ(asked, office && id != updated) << id << "\n" << text;
  }
  EXPECT_NE(text.find("Please open the action and record where it stands"), std::string::npos) << text;

  // The request repeats every 90 days while no update comes. With the SMTP
  // server gone it waits for a retry; a comment cancels it.
  smtp_.reset();
  clock_.Set(At("2026-07-05T10:00:00Z"));  // 181 days after the import.
  ASSERT_OK(notifier_->Tick(clock_.Now()));
  const std::string pending =
      ReminderId(office_action, "update-180d", *ParseDate("2026-01-05"), kOffice, kEmailChannel);
  // Each office action's second request, and the first of the one commented in February.
  EXPECT_EQ(notifier_->Metrics().outbox_depth, office_actions.size());
  clock_.Set(At("2026-07-05T10:05:00Z"));
  Comment(office_action, "Draft plan shared");
  EXPECT_FALSE(Call("GET", "/v1/actions/" + office_action)["stale"].get<bool>());
  ASSERT_OK(notifier_->Tick(clock_.Now()));
  auto stream = core_->store().ReadStream(events::ReminderStream(pending), 1, events::Direction::kForward, 100);
  ASSERT_OK(stream);
  ASSERT_FALSE(stream->empty());
  EXPECT_EQ(stream->back().type, events::types::kReminderSkipped);
  EXPECT_EQ(stream->back().data["reason"].get<std::string>().rfind("action updated at 2026-07-05T10:05:00", 0), 0u)
      << stream->back().data.dump();
  EXPECT_EQ(notifier_->Metrics().outbox_depth, office_actions.size() - 1);
}

TEST_F(UpdateRequestsTest, WithTheOptionOffNothingIsStaleAndNothingIsSent) {
  ASSERT_NO_FATAL_FAILURE(Open(""));
  clock_.Set(At("2026-07-25T10:00:00Z"));  // 201 days after the import.
  EXPECT_TRUE(StaleIds().empty());
  const json page = Call("GET", "/v1/actions?limit=1000");
  ASSERT_FALSE(page["items"].empty());
  for (const auto& a : page["items"]) EXPECT_FALSE(a["stale"].get<bool>());
  ASSERT_OK(notifier_->Tick(clock_.Now()));
  EXPECT_TRUE(Received().empty());
  EXPECT_EQ(notifier_->Metrics().reminders_written, 0u);
}

}  // namespace
}  // namespace mrtrack::notifier
