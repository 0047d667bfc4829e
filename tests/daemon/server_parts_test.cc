// Unit tests of the daemon's parts that need no process: the error mapping,
// request parsing, authentication and the role matrix, routing, metrics, and
// the OpenAPI document against the route table.
#include <gtest/gtest.h>

#include <cctype>

#include "common/crypto.h"
#include "daemon/server/auth.h"
#include "daemon/server/error_mapping.h"
#include "daemon/server/json_io.h"
#include "daemon/server/metrics.h"
#include "daemon/server/openapi.h"
#include "daemon/server/route_table.h"
#include "daemon/server/routes.h"

namespace mrtrack::daemon {
namespace {

using nlohmann::json;

TEST(ErrorMappingTest, EveryCodeHasItsStatus) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 413);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 422);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kCorruption), 500);
  EXPECT_EQ(HttpStatusFor(StatusCode::kIoError), 500);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

TEST(ErrorMappingTest, BodyCarriesCodeFieldAndActualVersion) {
  EXPECT_EQ(ErrorBody(Status(StatusCode::kConflict, "moved on", "expected_version"), 7),
            json::parse(
                R"({"error":{"code":"conflict","message":"moved on","field":"expected_version","actual_version":7}})"));
  EXPECT_EQ(ErrorBody(NotFound("no such action")),
            json::parse(R"({"error":{"code":"not_found","message":"no such action"}})"));
}

TEST(JsonIoTest, ParsesOneObject) {
  EXPECT_TRUE(ParseJsonObject(R"({"a":1})").ok());
  auto broken = ParseJsonObject(R"({"a":)");
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(broken.status().field(), "body");
  EXPECT_EQ(ParseJsonObject("[]").status().message(), "expected a JSON object, not an array");
  EXPECT_EQ(ParseJsonObject("").status().field(), "body");
}

TEST(JsonIoTest, FieldsHaveTypesAndUnknownOnesAreRefused) {
  json body = {
      {"status", "Ongoing"}, {"units", {"a", 3}}, {"expected_version", 2}, {"extra", true}, {"deadline", nullptr}};
  JsonFields fields(body);
  EXPECT_EQ(*fields.RequiredString("status"), "Ongoing");
  EXPECT_EQ(fields.RequiredString("reason").status().message(), "is required");
  EXPECT_EQ(fields.RequiredStringArray("units").status().field(), "units[1]");
  EXPECT_EQ(**fields.OptionalUint("expected_version"), 2u);
  EXPECT_FALSE(fields.RequiredNullableString("deadline")->has_value());
  Status unknown = fields.RejectUnknown();
  EXPECT_EQ(unknown.field(), "extra");
  EXPECT_EQ(unknown.message(), "unknown field");

  json wrong = {{"status", 1}, {"expected_version", -3}, {"event_id", "nope"}};
  JsonFields w(wrong);
  EXPECT_EQ(w.RequiredString("status").status().message(), "must be a string, not a number");
  EXPECT_EQ(w.OptionalUint("expected_version").status().field(), "expected_version");
  EXPECT_EQ(ReadCommandOptions(w).status().field(), "expected_version");
}

TEST(JsonIoTest, QueryParametersAreCheckedAgainstTheRoute) {
  RequestContext ctx;
  ctx.query = {{"limit", "5"}, {"status", "Ongoing,Completed"}, {"status", "Initiated"}};
  std::vector<QueryParam> allowed = {{"limit", "integer", ""}, {"status", "string", "", true}};
  EXPECT_TRUE(CheckQueryParams(ctx, allowed).ok());
  EXPECT_EQ(QueryValues(ctx, "status"), (std::vector<std::string>{"Ongoing", "Completed", "Initiated"}));
  EXPECT_EQ(QueryPage(ctx)->limit, 5u);
  ctx.query.emplace("limit", "6");
  EXPECT_EQ(CheckQueryParams(ctx, allowed).message(), "given more than once");
  ctx.query = {{"limt", "5"}};
  EXPECT_EQ(CheckQueryParams(ctx, allowed).field(), "limt");
  ctx.query = {{"limit", "-1"}};
  EXPECT_EQ(QueryPage(ctx).status().field(), "limit");
  ctx.query = {{"overdue", "1"}};
  EXPECT_EQ(QueryBool(ctx, "overdue").status().message(), "must be true or false");
}

std::vector<config::Token> Tokens() {
  config::Token admin{"boss", config::Role::kAdmin, HexEncode(Sha256("s3cret-admin")), {}};
  config::Token editor{"team", config::Role::kEditor, HexEncode(Sha256("s3cret-editor")), {"kaz-co"}};
  return {admin, editor};
}

TEST(AuthTest, BearerTokensAreKnownByTheirHash) {
  Authenticator auth(Tokens());
  auto admin = auth.Authenticate("Bearer s3cret-admin");
  ASSERT_TRUE(admin.ok());
  EXPECT_EQ(admin->name, "boss");
  EXPECT_EQ(auth.Authenticate("bearer s3cret-editor")->units, std::vector<std::string>{"kaz-co"});
  for (const char* header : {"", "Bearer", "Bearer ", "Basic s3cret-admin", "Bearer s3cret-admin2"}) {
    auto r = auth.Authenticate(header);
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << header;
    EXPECT_EQ(r.status().message().find("s3cret"), std::string::npos);
  }
}

TEST(AuthTest, RoleMatrixAndEditorUnits) {
  using config::Role;
  EXPECT_TRUE(RoleAllows(Role::kReader, Access::kView));
  EXPECT_FALSE(RoleAllows(Role::kReader, Access::kHistory));
  EXPECT_TRUE(RoleAllows(Role::kEditor, Access::kHistory));
  EXPECT_FALSE(RoleAllows(Role::kEditor, Access::kAudit));
  EXPECT_TRUE(RoleAllows(Role::kAuditor, Access::kAudit));
  EXPECT_FALSE(RoleAllows(Role::kAuditor, Access::kCommand));
  EXPECT_FALSE(RoleAllows(Role::kEditor, Access::kImport));
  EXPECT_TRUE(RoleAllows(Role::kAdmin, Access::kImport));
  // Operating the daemon (the backup) is the admin's alone.
  EXPECT_TRUE(RoleAllows(Role::kAdmin, Access::kAdmin));
  for (Role r : {Role::kValidator, Role::kEditor, Role::kAuditor, Role::kReader}) {
    EXPECT_FALSE(RoleAllows(r, Access::kAdmin)) << config::RoleName(r);
  }
  // The evaluation office reads everything and validates, but changes nothing directly.
  for (Access a : {Access::kView, Access::kHistory, Access::kAudit, Access::kValidate, Access::kUpload}) {
    EXPECT_TRUE(RoleAllows(Role::kValidator, a)) << AccessName(a);
  }
  EXPECT_FALSE(RoleAllows(Role::kValidator, Access::kCommand));
  EXPECT_FALSE(RoleAllows(Role::kValidator, Access::kImport));
  EXPECT_TRUE(RoleAllows(Role::kAdmin, Access::kValidate));
  for (Role r : {Role::kEditor, Role::kAuditor, Role::kReader}) EXPECT_FALSE(RoleAllows(r, Access::kValidate));
  EXPECT_TRUE(RoleAllows(Role::kEditor, Access::kUpload));
  EXPECT_FALSE(RoleAllows(Role::kAuditor, Access::kUpload));

  Principal editor{"team", Role::kEditor, {"kaz-co"}};
  EXPECT_TRUE(CheckMayChangeAction(editor, {"government", "kaz-co"}).ok());
  Status denied = CheckMayChangeAction(editor, {"government"});
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.message(), "token 'team' may change actions of kaz-co; this action belongs to government");
  EXPECT_TRUE(CheckMayChangeAction(Principal{"boss", Role::kAdmin, {}}, {}).ok());
}

TEST(RouteTableTest, MatchesTemplatesAndReportsAllowedMethods) {
  RouteTable table;
  auto ok = [](const RequestContext&) -> Result<Reply> { return Reply::Json({}); };
  table.Add({"GET", "/v1/actions/{id}", "get", Access::kView, RouteDoc::Summary("g"), ok});
  table.Add({"POST", "/v1/actions/{id}/status", "status", Access::kCommand, RouteDoc::Summary("s"), ok});
  auto get = table.Find("GET", "/v1/actions/a-1");
  ASSERT_NE(get.route, nullptr);
  EXPECT_EQ(get.params.at("id"), "a-1");
  EXPECT_NE(table.Find("HEAD", "/v1/actions/a-1").route, nullptr);
  auto wrong_method = table.Find("GET", "/v1/actions/a-1/status");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_EQ(wrong_method.allowed_methods, std::vector<std::string>{"POST"});
  EXPECT_TRUE(table.Find("GET", "/v1/actions/").allowed_methods.empty());
  EXPECT_TRUE(table.Find("GET", "/v1/actions").allowed_methods.empty());
}

TEST(OpenApiTest, EveryRegisteredRouteIsDocumented) {
  Services none;
  auto table = BuildRouteTable(none);
  json doc = BuildOpenApi(*table, "test");
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::size_t operations = 0, api_routes = 0;
  for (const auto& [path, methods] : doc["paths"].items()) operations += methods.size();
  for (const Route& route : table->routes()) api_routes += IsWebAccess(route.access) ? 0u : 1u;
  EXPECT_EQ(operations, api_routes) << "one operation per API route, no more";
  for (const Route& route : table->routes()) {
    if (IsWebAccess(route.access)) {
      // The web app's pages are for browsers: not in the API's document.
      EXPECT_FALSE(doc["paths"].contains(route.path) && doc["paths"][route.path].contains(route.method == "GET" ? "get" : "post"))
          << route.path;
      continue;
    }
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(doc["paths"].contains(route.path)) << route.path;
    ASSERT_TRUE(doc["paths"][route.path].contains(method)) << route.method << " " << route.path;
    const json& op = doc["paths"][route.path][method];
    EXPECT_EQ(op["operationId"], route.name);
    for (const QueryParam& q : route.doc.query) {
      bool found = false;
      for (const auto& p : op["parameters"]) found = found || (p["name"] == q.name && p["in"] == "query");
      EXPECT_TRUE(found) << route.name << " ?" << q.name;
    }
    if (route.access == Access::kPublic) {
      EXPECT_TRUE(op["security"].empty()) << route.name;
    } else {
      EXPECT_TRUE(op["responses"].contains("401")) << route.name;
      EXPECT_TRUE(op["responses"].contains("403")) << route.name;
    }
    if (route.path.find("{id}") != std::string::npos) {
      EXPECT_EQ(op["parameters"][0]["in"], "path");
    }
  }
}

TEST(MetricsTest, RendersCountersHistogramsAndGauges) {
  Metrics metrics;
  metrics.RecordRequest("listActions", "GET", 200, std::chrono::microseconds(3000));
  metrics.RecordRequest("listActions", "GET", 200, std::chrono::microseconds(2000000));
  metrics.RecordReload(false);
  metrics.AddGauge("mrtrack_store_head_position", "head", [] { return 42.0; });
  std::string text = metrics.Render();
  EXPECT_NE(text.find("mrtrack_http_requests_total{route=\"listActions\",method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("mrtrack_http_request_duration_seconds_bucket{route=\"listActions\",le=\"0.005\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("mrtrack_http_request_duration_seconds_bucket{route=\"listActions\",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("mrtrack_config_reloads_total{result=\"error\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE mrtrack_store_head_position gauge\nmrtrack_store_head_position 42\n"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace mrtrack::daemon
