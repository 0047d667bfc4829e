// End to end: a unit's calendar feed against the real mrtrackd — tokens
// issued by the unit's editor and kept (hashed) in the log across restarts,
// the feed read by an independent parser (python3-icalendar,
// check_calendar_feed.py) before and after a deadline moves, revocation
// (docs/API.md "Calendar feeds").
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

const char kOtherEditorToken[] = "edt-co-unit-calendar-secret";

class CalendarFeedTest : public DaemonTest {
 protected:
  void SetUp() override {
    config_.extra_tokens.push_back({"co-editor", "editor", kOtherEditorToken, {"kaz-co"}});
    ASSERT_NO_FATAL_FAILURE(StartDaemon(config_));
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
  }

  // GET of a feed address (the path and query of its url); status and body.
  std::pair<int, std::string> Feed(const std::string& url, const std::string& bearer = "") {
    const std::string path = url.substr(url.find("/v1/"));
    auto res = daemon_->Client(bearer)->Get(path);
    if (!res) return {-1, ""};
    if (res->status == 200) {
      EXPECT_EQ(res->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
    }
    return {res->status, res->body};
  }

  // The open actions of `unit` with a deadline, as the API lists them.
  int OpenWithDeadline(const std::string& unit) {
    JsonResponse list = GetJson(*Admin(), "/v1/actions?open=true&limit=1000&unit=" + unit);
    int n = 0;
    for (const auto& a : list.body["items"]) n += a["deadline"].is_null() ? 0 : 1;
    return n;
  }

  TestConfig config_;
};

TEST_F(CalendarFeedTest, FeedParsesKeepsTheUidWhenADeadlineMovesAndDiesWithItsToken) {
  const std::string tokens = "/v1/units/kaz-programme/calendar-tokens";
  auto editor = daemon_->Client(kEditorToken);
  // Only an admin or an editor of the unit issues tokens; unknown units are 404.
  EXPECT_EQ(PostJson(*daemon_->Client(kOtherEditorToken), tokens, {{"name", "not mine"}}).status, 403);
  EXPECT_EQ(PostJson(*daemon_->Client(kValidatorToken), tokens, {{"name", "validator"}}).status, 403);
  EXPECT_EQ(PostJson(*Admin(), "/v1/units/no-such-unit/calendar-tokens", {{"name", "x"}}).status, 404);
  EXPECT_EQ(PostJson(*editor, tokens, json::object()).status, 400);

  JsonResponse issued = PostJson(*editor, tokens, {{"name", "Outlook of the programme team"}});
  ASSERT_EQ(issued.status, 200) << issued.raw;
  const std::string url = issued.body["url"];
  const std::string token_id = issued.body["token_id"];
  EXPECT_EQ(issued.body["name"], "Outlook of the programme team");
  EXPECT_EQ(issued.body["issued_by"], kEditorName);
  EXPECT_EQ(url.rfind("http://127.0.0.1:", 0), 0u) << url;
  const std::string token = url.substr(url.find("token=") + 6);
  ASSERT_EQ(token.rfind("cal_", 0), 0u) << url;

  // The token survives a restart; the log keeps only its hash.
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config_));
  auto [status, before] = Feed(url);
  ASSERT_EQ(status, 200) << before;
  // Whoever holds the address reads the feed: it takes no bearer token, and one does not change it.
  EXPECT_EQ(Feed(url, kReaderToken).first, 200);
  const JsonResponse events = GetJson(*Admin(), "/v1/events?from=1&limit=1000");
  bool recorded = false;
  for (const auto& e : events.body["events"]) {
    if (e["type"] != "CalendarTokenIssued") continue;
    recorded = true;
    EXPECT_EQ(e["stream"], "calendar-kaz-programme");
    EXPECT_EQ(e["actor"], kEditorName);
    EXPECT_EQ(e["data"]["token_sha256"], Sha256Hex(token));
  }
  EXPECT_TRUE(recorded) << events.raw.substr(0, 2000);
  EXPECT_EQ(events.raw.find(token), std::string::npos) << "the token itself is never stored";
  EXPECT_EQ(ReadFile(dir_.Sub("mrtrackd-1.log")).find(token), std::string::npos) << "nor logged";
  EXPECT_EQ(daemon_->Log().find(token), std::string::npos) << "nor logged";

  // A moved deadline: the same UID, a higher SEQUENCE, the new day.
  JsonResponse moved = PostJson(*Admin(), "/v1/actions/" + own_action_ + "/deadline",
                                {{"deadline", "2031-05-31"}, {"justification", "the ministry asked for time"}});
  ASSERT_EQ(moved.status, 200) << moved.raw;
  auto [status_after, after] = Feed(url);
  ASSERT_EQ(status_after, 200) << after;
  WriteFile(dir_.Sub("before.ics"), before);
  WriteFile(dir_.Sub("after.ics"), after);
  const std::string command = "/usr/bin/python3 " + std::string(MRTRACK_SOURCE_DIR) +
                              "/tests/daemon/check_calendar_feed.py " + dir_.Sub("before.ics") + " " +
                              dir_.Sub("after.ics") + " " + std::to_string(OpenWithDeadline("kaz-programme")) +
                              " action-" + own_action_ + "@mrtrack 20310531 > " + dir_.Sub("check.log") + " 2>&1";
  const int rc = std::system(command.c_str());
  EXPECT_EQ(rc, 0) << ReadFile(dir_.Sub("check.log")) << "(is python3-icalendar installed?)";

  // A wrong token, another unit's address, no token: nothing to see.
  EXPECT_EQ(Feed(url + "x").first, 404);
  std::string other_unit = url;
  other_unit.replace(other_unit.find("kaz-programme"), 13, "kaz-co");
  EXPECT_EQ(Feed(other_unit).first, 404);
  EXPECT_EQ(Feed(url.substr(0, url.find('?'))).first, 400);

  // Revoked: 404 from now on, and revoking again is 404 too.
  editor = daemon_->Client(kEditorToken);  // The restarted daemon listens on another port.
  EXPECT_EQ(daemon_->Client(kOtherEditorToken)->Delete(tokens + "/" + token_id)->status, 403);
  auto revoked = editor->Delete(tokens + "/" + token_id);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_EQ(json::parse(revoked->body)["revoked"], true);
  EXPECT_EQ(Feed(url).first, 404);
  EXPECT_EQ(editor->Delete(tokens + "/" + token_id)->status, 404);
}

// Behind a proxy, feed addresses are made from [server] public_url, as the
// links of reminders are; the feed answers at the path they name.
TEST_F(CalendarFeedTest, FeedAddressesStartWithThePublicUrl) {
  ASSERT_NO_FATAL_FAILURE(StopDaemon());
  config_.public_url = "https://mrtrack.example.org/";
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config_));
  JsonResponse issued = PostJson(*Admin(), "/v1/units/kaz-programme/calendar-tokens", {{"name", "Outlook"}});
  ASSERT_EQ(issued.status, 200) << issued.raw;
  const std::string url = issued.body["url"];
  EXPECT_EQ(url.rfind("https://mrtrack.example.org/v1/units/kaz-programme/calendar.ics?token=cal_", 0), 0u) << url;
  EXPECT_EQ(Feed(url).first, 200);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
