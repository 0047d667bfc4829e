// End to end: every route the server registers × every kind of caller, and
// whether the call is allowed. The expected matrix is written out here, apart
// from the code that enforces it; a new route fails this test until it has a
// row.
#include <map>
#include <set>

#include "daemon/server/routes.h"
#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

enum class Caller { kNone, kUnknownToken, kAdmin, kEditor, kAuditor, kReader, kValidator };

const char* CallerName(Caller c) {
  switch (c) {
    case Caller::kNone:
      return "no token";
    case Caller::kUnknownToken:
      return "unknown token";
    case Caller::kAdmin:
      return "admin";
    case Caller::kEditor:
      return "editor";
    case Caller::kAuditor:
      return "auditor";
    case Caller::kReader:
      return "reader";
    case Caller::kValidator:
      return "validator";
  }
  return "?";
}

std::string TokenOf(Caller c) {
  switch (c) {
    case Caller::kNone:
      return "";
    case Caller::kUnknownToken:
      return "not-a-configured-token";
    case Caller::kAdmin:
      return kAdminToken;
    case Caller::kEditor:
      return kEditorToken;
    case Caller::kAuditor:
      return kAuditorToken;
    case Caller::kReader:
      return kReaderToken;
    case Caller::kValidator:
      return kValidatorToken;
  }
  return "";
}

// docs/API.md "Authentication and roles": the roles allowed per route
// ("public": no bearer token needed; the calendar feed takes a calendar
// token in its query instead, whoever calls). For the editor, command routes are exercised
// on an action of its own unit here and on a foreign one below.
const std::map<std::string, std::set<std::string>> kMatrix = {
    {"importEvaluation", {"admin"}},
    {"listActions", {"admin", "validator", "editor", "auditor", "reader"}},
    {"getAction", {"admin", "validator", "editor", "auditor", "reader"}},
    {"listComments", {"admin", "validator", "editor", "auditor", "reader"}},
    {"changeStatus", {"admin", "editor"}},
    {"changeDeadline", {"admin", "editor"}},
    {"changeResponsible", {"admin", "editor"}},
    {"addComment", {"admin", "editor"}},
    {"editDescription", {"admin", "editor"}},
    {"requestCompletion", {"admin", "editor"}},
    {"acceptCompletion", {"admin", "validator"}},
    {"rejectCompletion", {"admin", "validator"}},
    {"requestExtension", {"admin", "editor"}},
    {"acceptExtension", {"admin", "validator"}},
    {"rejectExtension", {"admin", "validator"}},
    {"setRecommendationPriority", {"admin", "validator"}},
    {"uploadEvidence", {"admin", "validator", "editor"}},
    {"getEvidence", {"admin", "validator", "editor", "auditor"}},
    {"listEvaluations", {"admin", "validator", "editor", "auditor", "reader"}},
    {"getEvaluation", {"admin", "validator", "editor", "auditor", "reader"}},
    {"getActionHistory", {"admin", "validator", "editor", "auditor"}},
    {"getEvaluationHistory", {"admin", "validator", "editor", "auditor"}},
    {"summarizeUnits", {"admin", "validator", "editor", "auditor", "reader"}},
    {"summarizeTrend", {"admin", "validator", "editor", "auditor", "reader"}},
    {"summarizeEvaluations", {"admin", "validator", "editor", "auditor", "reader"}},
    {"getReport", {"admin", "validator", "editor", "auditor", "reader"}},
    {"listEvents", {"admin", "validator", "editor", "auditor"}},
    {"streamEvents", {"admin", "validator", "editor", "auditor"}},
    {"getActionReminders", {"admin", "validator", "editor", "auditor"}},
    {"previewReminders", {"admin", "validator", "auditor"}},
    {"retryParkedReminders", {"admin"}},
    {"verifyLog", {"admin", "validator", "auditor"}},
    {"exportAudit", {"admin", "validator", "auditor"}},
    {"getBackup", {"admin"}},
    {"createCalendarToken", {"admin", "editor"}},
    {"revokeCalendarToken", {"admin", "editor"}},
    {"getUnitCalendar", {"public"}},
    {"getHealth", {"public"}},
    {"getReadiness", {"public"}},
    {"getMetrics", {"public"}},
    {"getOpenApi", {"public"}},
};

// A body that the route accepts, so that an allowed call gets past validation
// (each call changes something, so none is refused as a no-op). `units` is
// the unit the action keeps when it is reassigned.
std::string BodyFor(const std::string& name, int round, const std::string& current_status, const std::string& units) {
  std::string n = std::to_string(round);
  if (name == "importEvaluation") return SeedText();
  if (name == "changeStatus")
    return json({{"status", current_status == "Ongoing" ? "Initiated" : "Ongoing"}, {"reason", "matrix " + n}}).dump();
  if (name == "changeDeadline") {
    char date[32];
    std::snprintf(date, sizeof(date), "%04d-01-%02d", 2030 + round / 28, round % 28 + 1);
    return json({{"deadline", date}, {"justification", "matrix " + n}}).dump();
  }
  if (name == "changeResponsible") return json({{"units", {units}}, {"text", "Reassigned " + n}}).dump();
  if (name == "addComment") return json({{"text", "matrix comment " + n}}).dump();
  if (name == "editDescription") return json({{"text", "matrix description " + n}}).dump();
  if (name == "requestCompletion") return json({{"outcome", "Completed"}, {"note", "matrix " + n}}).dump();
  if (name == "acceptCompletion" || name == "acceptExtension") return json({{"note", "matrix " + n}}).dump();
  if (name == "rejectCompletion" || name == "rejectExtension") return json({{"reason", "matrix " + n}}).dump();
  if (name == "requestExtension") {
    char date[32];
    std::snprintf(date, sizeof(date), "%04d-02-%02d", 2030 + round / 28, round % 28 + 1);
    return json({{"deadline", date}, {"reason", "matrix " + n}}).dump();
  }
  if (name == "uploadEvidence") return "matrix evidence " + n;
  if (name == "createCalendarToken") return json({{"name", "matrix " + n}}).dump();
  return "";
}

class AuthMatrixTest : public DaemonTest {
 protected:
  void SetUp() override {
    // Direct closure, so that editors' status and deadline commands keep
    // working round after round; the matrix is about roles, not rules.
    TestConfig config;
    config.closure_validation = false;
    config.max_extensions = 100;
    ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
    // Evidence attached to the editor's own action, for getEvidence.
    auto admin = Admin();
    JsonResponse up = PostRaw(*admin, "/v1/evidence?name=matrix.txt", "matrix evidence", "text/plain");
    ASSERT_EQ(up.status, 200) << up.raw;
    evidence_ = up.body["sha256"];
    ASSERT_EQ(PostJson(*admin, "/v1/actions/" + own_action_ + "/comments", {{"text", "e"}, {"evidence", {evidence_}}})
                  .status,
              200);
  }

  // An open request on `action` for the decision routes, made by the admin;
  // a closed action is reopened first.
  std::string OpenRequest(const Route& route, const std::string& action) {
    auto admin = Admin();
    const std::string base = "/v1/actions/" + action;
    if (route.path.find("completion-requests") != std::string::npos) {
      json now = GetJson(*admin, base).body;
      if (now["status"] == "Completed" || now["status"] == "No Longer Applicable") {
        PostJson(*admin, base + "/status", {{"status", "Ongoing"}, {"reason", "matrix reopen"}});
      }
      return PostJson(*admin, base + "/completion-requests", {{"outcome", "Completed"}}).body.value("request_id", "");
    }
    static int day = 0;
    char date[32];
    std::snprintf(date, sizeof(date), "2040-03-%02d", ++day % 28 + 1);
    return PostJson(*admin, base + "/extension-requests", {{"deadline", date}, {"reason", "matrix"}})
        .body.value("request_id", "");
  }

  // A fresh calendar token of `unit`, issued by the admin: its id, and the
  // feed's path with its query.
  std::pair<std::string, std::string> IssueCalendarToken(const std::string& unit) {
    JsonResponse issued = PostJson(*Admin(), "/v1/units/" + unit + "/calendar-tokens", {{"name", "matrix"}});
    const std::string url = issued.body.value("url", "");
    return {issued.body.value("token_id", ""), url.empty() ? url : url.substr(url.find("/v1/"))};
  }

  std::string evidence_;

  std::string PathFor(const Route& route, const std::string& action) {
    std::string path = route.path;
    auto replace = [&](const std::string& from, const std::string& to) {
      if (auto at = path.find(from); at != std::string::npos) path.replace(at, from.size(), to);
    };
    // Unit routes: the unit of the action (the editor's own, or another).
    const std::string unit = action == own_action_ ? "kaz-programme" : "kaz-co";
    if (route.name == "getUnitCalendar") return IssueCalendarToken(unit).second;
    if (route.path.find("{token_id}") != std::string::npos) replace("{token_id}", IssueCalendarToken(unit).first);
    replace("{id}", route.path.rfind("/v1/evaluations", 0) == 0       ? evaluation_id_
                    : route.path.rfind("/v1/units", 0) == 0           ? unit
                    : route.path.rfind("/v1/recommendations", 0) == 0 ? evaluation_id_ + "-r1"
                                                                      : action);
    replace("{sha256}", evidence_);
    replace("{period}", "2025-01");
    if (route.path.find("{request_id}") != std::string::npos) {
      replace("{request_id}", OpenRequest(route, action));
    }
    if (route.name == "uploadEvidence") path += "?name=matrix.txt";
    if (route.name == "summarizeTrend") path += "?from=2025-01&to=2025-03";
    if (route.name == "streamEvents") path += "?from=1";
    return path;
  }

  // The status of one call; streams are cut after their headers.
  int Call(Caller caller, const Route& route, const std::string& action, int round) {
    std::string path = PathFor(route, action);
    auto client = daemon_->Client(TokenOf(caller));
    if (route.method == "GET") {
      int status = 0;
      auto res = client->Get(
          path,
          [&](const httplib::Response& r) {
            status = r.status;
            return route.name != "streamEvents";  // Do not wait for an endless stream.
          },
          [](const char*, std::size_t) { return true; });
      return status;
    }
    if (route.method == "DELETE") {
      auto res = client->Delete(path);
      return res ? res->status : -1;
    }
    std::string content_type =
        route.name == "importEvaluation" || route.name == "uploadEvidence" ? "text/plain" : "application/json";
    const json now = GetJson(*Admin(), "/v1/actions/" + action).body;
    std::string keep_unit = action == own_action_ ? "kaz-programme" : "kaz-co";
    std::string body = BodyFor(route.name, round, now.value("status", ""), keep_unit);
    // Each allowed call changes the priority (of the first recommendation).
    if (route.name == "setRecommendationPriority") {
      const json first = GetJson(*Admin(), "/v1/evaluations/" + evaluation_id_).body["recommendations"][0];
      body = json({{"priority", first.value("priority", "") == "high" ? "normal" : "high"}}).dump();
    }
    auto res = client->Post(path, body, content_type);
    return res ? res->status : -1;
  }
};

TEST_F(AuthMatrixTest, EveryRouteForEveryCaller) {
  Services none;
  auto table = BuildRouteTable(none);
  std::set<std::string> seen;
  int round = 0;
  for (const Route& route : table->routes()) {
    // The web app's pages take sessions, not tokens: WebPagesTakeNoBearerToken.
    if (IsWebAccess(route.access)) continue;
    seen.insert(route.name);
    auto row = kMatrix.find(route.name);
    ASSERT_NE(row, kMatrix.end()) << "route " << route.name << " (" << route.method << " " << route.path
                                  << ") has no row in the role matrix of this test and docs/API.md";
    bool is_public = row->second.count("public") > 0;
    for (Caller caller :
         {Caller::kNone, Caller::kUnknownToken, Caller::kAdmin, Caller::kEditor, Caller::kAuditor, Caller::kReader,
          Caller::kValidator}) {
      std::string role = CallerName(caller);
      int status = Call(caller, route, own_action_, ++round);
      SCOPED_TRACE(route.method + " " + route.path + " as " + role);
      if (is_public) {
        EXPECT_EQ(status, 200);
      } else if (caller == Caller::kNone || caller == Caller::kUnknownToken) {
        EXPECT_EQ(status, 401);
      } else if (row->second.count(role) > 0) {
        EXPECT_TRUE(status >= 200 && status < 300) << "allowed, got " << status;
      } else {
        EXPECT_EQ(status, 403);
      }
    }
  }
  EXPECT_EQ(seen.size(), kMatrix.size()) << "the matrix lists routes the server does not have";
}

TEST_F(AuthMatrixTest, EditorsChangeOnlyActionsOfTheirUnits) {
  Services none;
  auto table = BuildRouteTable(none);
  int round = 0;
  for (const Route& route : table->routes()) {
    if (route.access != Access::kCommand) continue;
    SCOPED_TRACE(route.path);
    EXPECT_EQ(Call(Caller::kEditor, route, foreign_action_, ++round), 403);
    EXPECT_EQ(Call(Caller::kAdmin, route, foreign_action_, ++round), 200);
  }
  // The refusal names the units, and nothing was recorded for the editor.
  auto editor = daemon_->Client(kEditorToken);
  JsonResponse denied = PostJson(*editor, "/v1/actions/" + foreign_action_ + "/comments", {{"text", "not mine"}});
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.body["error"]["code"], "permission_denied");
  EXPECT_NE(denied.body["error"]["message"].get<std::string>().find("kaz-programme"), std::string::npos);
  JsonResponse history = GetJson(*Admin(), "/v1/actions/" + foreign_action_ + "/history");
  for (const auto& item : history.body["items"]) EXPECT_NE(item["actor"], kEditorName);
}

// docs/API.md: a comment is shown with its author to every role, readers
// included; who changed what (history, feed, export) readers do not see.
TEST_F(AuthMatrixTest, ReadersSeeCommentsWithTheirAuthorsButNoHistory) {
  ASSERT_EQ(PostJson(*Admin(), "/v1/actions/" + own_action_ + "/comments", {{"text", "agenda shared"}}).status, 200);
  auto reader = daemon_->Client(kReaderToken);
  JsonResponse action = GetJson(*reader, "/v1/actions/" + own_action_);
  ASSERT_EQ(action.status, 200) << action.raw;
  ASSERT_FALSE(action.body["comments"].empty()) << action.raw;
  EXPECT_EQ(action.body["comments"].back()["author"], kAdminName);
  EXPECT_EQ(action.body["last_comment"]["author"], kAdminName);
  JsonResponse list = GetJson(*reader, "/v1/actions?limit=1");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["items"][0]["last_comment"]["author"], kAdminName);
  JsonResponse page = GetJson(*reader, "/v1/actions/" + own_action_ + "/comments");
  ASSERT_EQ(page.status, 200) << page.raw;
  EXPECT_EQ(page.body["items"].back()["author"], kAdminName);
  EXPECT_EQ(GetJson(*reader, "/v1/actions/" + own_action_ + "/history").status, 403);
}

TEST_F(AuthMatrixTest, WebPagesTakeNoBearerToken) {
  auto admin = Admin();
  auto page = admin->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 303) << "a token does not sign anyone in to the web app";
  EXPECT_EQ(page->get_header_value("Location").rfind("/sign-in?next=", 0), 0u);
  const std::size_t events = GetJson(*admin, "/v1/actions/" + own_action_ + "/history").body["items"].size();
  auto form = admin->Post("/actions/" + own_action_ + "/comments", "text=hi", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 401);
  EXPECT_NE(form->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_EQ(GetJson(*admin, "/v1/actions/" + own_action_ + "/history").body["items"].size(), events);
}

TEST_F(AuthMatrixTest, UnauthenticatedAnswersSayBearer) {
  auto anonymous = daemon_->Client();
  auto res = anonymous->Get("/v1/actions");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer realm=\"mrtrack\"");
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "unauthenticated");
  auto basic = anonymous->Get("/v1/actions", {{"Authorization", "Basic YWRtaW46YWRtaW4="}});
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->status, 401);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
