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

enum class Caller { kNone, kUnknownToken, kAdmin, kEditor, kAuditor, kReader };

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
  }
  return "";
}

// docs/API.md "Authentication and roles": the roles allowed per route
// ("public": no token needed). For the editor, command routes are exercised
// on an action of its own unit here and on a foreign one below.
const std::map<std::string, std::set<std::string>> kMatrix = {
    {"importEvaluation", {"admin"}},
    {"listActions", {"admin", "editor", "auditor", "reader"}},
    {"getAction", {"admin", "editor", "auditor", "reader"}},
    {"listComments", {"admin", "editor", "auditor", "reader"}},
    {"changeStatus", {"admin", "editor"}},
    {"changeDeadline", {"admin", "editor"}},
    {"changeResponsible", {"admin", "editor"}},
    {"addComment", {"admin", "editor"}},
    {"editDescription", {"admin", "editor"}},
    {"listEvaluations", {"admin", "editor", "auditor", "reader"}},
    {"getEvaluation", {"admin", "editor", "auditor", "reader"}},
    {"getActionHistory", {"admin", "editor", "auditor"}},
    {"getEvaluationHistory", {"admin", "editor", "auditor"}},
    {"summarizeUnits", {"admin", "editor", "auditor", "reader"}},
    {"summarizeEvaluations", {"admin", "editor", "auditor", "reader"}},
    {"listEvents", {"admin", "editor", "auditor"}},
    {"streamEvents", {"admin", "editor", "auditor"}},
    {"getActionReminders", {"admin", "editor", "auditor"}},
    {"previewReminders", {"admin", "auditor"}},
    {"verifyLog", {"admin", "auditor"}},
    {"exportAudit", {"admin", "auditor"}},
    {"getBackup", {"admin"}},
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
  return "";
}

class AuthMatrixTest : public DaemonTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartDaemon());
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
  }

  std::string PathFor(const Route& route, const std::string& action) const {
    std::string path = route.path;
    auto replace = [&](const std::string& from, const std::string& to) {
      if (auto at = path.find(from); at != std::string::npos) path.replace(at, from.size(), to);
    };
    replace("{id}", route.path.rfind("/v1/evaluations", 0) == 0 ? evaluation_id_ : action);
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
    std::string content_type = route.name == "importEvaluation" ? "text/plain" : "application/json";
    std::string current = GetJson(*Admin(), "/v1/actions/" + action).body.value("status", "");
    std::string keep_unit = action == own_action_ ? "kaz-programme" : "kaz-co";
    auto res = client->Post(path, BodyFor(route.name, round, current, keep_unit), content_type);
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
         {Caller::kNone, Caller::kUnknownToken, Caller::kAdmin, Caller::kEditor, Caller::kAuditor, Caller::kReader}) {
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
