#include "daemon/server/route_table.h"

#include <algorithm>
#include <cctype>

#include "common/storage_full.h"
#include "daemon/server/error_mapping.h"

namespace mrtrack::daemon {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > i) out.push_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return out;
}

// Matches `path` against a template like "/v1/actions/{id}"; fills params.
bool MatchPath(std::string_view tmpl, std::string_view path, std::map<std::string, std::string>& params) {
  // "/v1/actions/" and "/v1/actions" are different resources: no trailing-slash leniency.
  if (path.empty() || path.front() != '/' || (path.size() > 1 && path.back() == '/')) return false;
  auto t = Segments(tmpl);
  auto p = Segments(path);
  if (t.size() != p.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].size() > 2 && t[i].front() == '{' && t[i].back() == '}') {
      found.emplace(std::string(t[i].substr(1, t[i].size() - 2)), std::string(p[i]));
    } else if (t[i] != p[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

const char* AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kView:
      return "view";
    case Access::kHistory:
      return "history";
    case Access::kAudit:
      return "audit";
    case Access::kCommand:
      return "command";
    case Access::kImport:
      return "import";
    case Access::kAdmin:
      return "admin";
    case Access::kValidate:
      return "validate";
    case Access::kUpload:
      return "upload";
    case Access::kWebPublic:
      return "web-public";
    case Access::kWebSession:
      return "web-session";
  }
  return "unknown";
}

bool IsWebAccess(Access access) { return access == Access::kWebPublic || access == Access::kWebSession; }

std::string RequestContext::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string RequestContext::ContentType() const {
  std::string value = Header("content-type");
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.pop_back();
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  return Lower(value);
}

const std::string& RequestContext::PathParam(const std::string& name) const {
  static const std::string kEmpty;
  auto it = path_params.find(name);
  return it == path_params.end() ? kEmpty : it->second;
}

const std::string& RequestContext::Actor() const {
  static const std::string kAnonymous = "anonymous";
  return principal ? principal->name : kAnonymous;
}

namespace {

// Invalid UTF-8 from stored data must not throw here: replace it.
std::string JsonText(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Reply Reply::Json(const nlohmann::json& value, int status) {
  Reply reply;
  reply.status = status;
  reply.body = JsonText(value);
  return reply;
}

Reply Reply::Json(nlohmann::json&& value, int status) {
  Reply reply;
  reply.status = status;
  reply.json_value = std::move(value);
  return reply;
}

void Reply::SerializeJson() {
  if (!json_value) return;
  body = JsonText(*json_value);
  json_value.reset();
}

Reply Reply::Error(const Status& status, std::optional<std::uint64_t> actual_version) {
  // A full disk is resource_exhausted like a body too large, but it is the
  // server's storage that is short: RFC 4918 "Insufficient Storage". Nothing
  // was written; the same request succeeds once space is freed.
  const int http = IsStorageFull(status) ? 507 : HttpStatusFor(status.code());
  return Json(ErrorBody(status, actual_version), http);
}

void RouteTable::Add(Route route) { routes_.push_back(std::move(route)); }

RouteTable::Match RouteTable::Find(std::string_view method, std::string_view path) const {
  Match match;
  // HEAD is served by GET handlers (cpp-httplib drops the body).
  std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPath(route.path, path, params)) continue;
    match.allowed_methods.push_back(route.method);
    if (match.route == nullptr && route.method == wanted) {
      match.route = &route;
      match.params = std::move(params);
    }
  }
  return match;
}

std::size_t RouteTable::LargestBodyLimit(std::size_t server_default) const {
  std::size_t largest = server_default;
  for (const Route& route : routes_) largest = std::max(largest, BodyLimit(route, server_default));
  return largest;
}

}  // namespace mrtrack::daemon
