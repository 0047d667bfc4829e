#include "daemon/server/openapi.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace mrtrack::daemon {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Malformed request: bad JSON, wrong type, unknown field or query parameter";
    case 401:
      return "Missing or unknown bearer token";
    case 403:
      return "The token's role may not do this";
    case 404:
      return "No such resource";
    case 409:
      return "Version conflict (actual_version given) or event id reused with other content";
    case 413:
      return "Body larger than server.max_body_bytes";
    case 422:
      return "Not allowed in the current state (invalid status transition)";
    case 503:
      return "Not ready or shutting down";
    default:
      return "Error";
  }
}

std::string RolesFor(Access access) {
  switch (access) {
    case Access::kPublic:
      return "no token";
    case Access::kView:
      return "admin, validator, editor, auditor, reader";
    case Access::kHistory:
      return "admin, validator, editor, auditor";
    case Access::kAudit:
      return "admin, validator, auditor";
    case Access::kCommand:
      return "admin, editor (only actions of its units)";
    case Access::kImport:
    case Access::kAdmin:
      return "admin";
    case Access::kValidate:
      return "admin, validator";
    case Access::kUpload:
      return "admin, validator, editor";
    case Access::kWebPublic:
    case Access::kWebSession:
      return "people signed in to the web app";
  }
  return "";
}

nlohmann::json ErrorResponse(int status) {
  return {{"description", Reason(status)},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

nlohmann::json Operation(const Route& route) {
  nlohmann::json op = {{"operationId", route.name},
                       {"summary", route.doc.summary},
                       {"description", route.doc.summary + "\n\nRoles: " + RolesFor(route.access) + "."},
                       {"x-mrtrack-access", AccessName(route.access)}};
  std::string tag = route.path.substr(route.path.rfind("/v1/", 0) == 0 ? 4 : 1);
  op["tags"] = {route.access == Access::kPublic && route.path.rfind("/v1/", 0) != 0 ? "operations"
                                                                                    : tag.substr(0, tag.find('/'))};

  nlohmann::json parameters = nlohmann::json::array();
  for (std::size_t open = route.path.find('{'); open != std::string::npos; open = route.path.find('{', open + 1)) {
    std::size_t close = route.path.find('}', open);
    parameters.push_back({{"name", route.path.substr(open + 1, close - open - 1)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
  }
  for (const QueryParam& q : route.doc.query) {
    nlohmann::json schema = {{"type", q.type}};
    if (q.repeatable) schema = {{"type", "array"}, {"items", {{"type", q.type}}}};
    nlohmann::json p = {
        {"name", q.name}, {"in", "query"}, {"required", false}, {"description", q.description}, {"schema", schema}};
    if (q.repeatable) {
      p["style"] = "form";
      p["explode"] = true;
    }
    parameters.push_back(std::move(p));
  }
  parameters.push_back({{"name", "X-Request-Id"},
                        {"in", "header"},
                        {"required", false},
                        {"description", "Used as the request id when 1-128 of [A-Za-z0-9._:-]; echoed in the answer."},
                        {"schema", {{"type", "string"}}}});
  op["parameters"] = std::move(parameters);

  if (!route.doc.request_schema.is_null() || route.doc.accepts_text_body) {
    nlohmann::json content = nlohmann::json::object();
    if (!route.doc.request_schema.is_null()) content["application/json"] = {{"schema", route.doc.request_schema}};
    if (route.doc.accepts_text_body) content["text/plain"] = {{"schema", {{"type", "string"}}}};
    op["requestBody"] = {{"required", true}, {"content", std::move(content)}};
  }

  nlohmann::json responses = nlohmann::json::object();
  const bool json_answer = route.doc.response_content_type == "application/json";
  nlohmann::json ok_content = nlohmann::json::object();
  ok_content[route.doc.response_content_type] = {{"schema", {{"type", json_answer ? "object" : "string"}}}};
  responses["200"] = {{"description", "OK"}, {"content", std::move(ok_content)}};
  std::set<int> errors(route.doc.error_statuses.begin(), route.doc.error_statuses.end());
  if (!route.doc.query.empty()) errors.insert(400);
  if (route.access != Access::kPublic) {
    errors.insert(401);
    errors.insert(403);
    op["security"] = nlohmann::json::array({{{"bearer", nlohmann::json::array()}}});
  } else {
    op["security"] = nlohmann::json::array();
  }
  for (int status : errors) responses[std::to_string(status)] = ErrorResponse(status);
  op["responses"] = std::move(responses);
  return op;
}

}  // namespace

nlohmann::json BuildOpenApi(const RouteTable& routes, const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& route : routes.routes()) {
    // The web app's pages are for browsers, not part of the API.
    if (!IsWebAccess(route.access)) paths[route.path][Lower(route.method)] = Operation(route);
  }
  nlohmann::json error_schema = {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message"}},
          {"properties",
           {{"code",
             {{"type", "string"}, {"description", "Stable lower-case code: invalid_argument, unauthenticated, ..."}}},
            {"message", {{"type", "string"}}},
            {"field", {{"type", "string"}, {"description", "The field, parameter or line the error is about."}}},
            {"actual_version",
             {{"type", "integer"}, {"description", "On version conflicts: the stream's version."}}}}}}}}}};
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "mrtrack"},
            {"version", version},
            {"description",
             "Follow-up of evaluation recommendations: key actions, their status, deadlines and history. "
             "See docs/API.md."}}},
          {"paths", std::move(paths)},
          {"components",
           {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas", {{"Error", std::move(error_schema)}}}}}};
}

}  // namespace mrtrack::daemon
