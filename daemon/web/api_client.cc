#include "daemon/web/api_client.h"

#include "daemon/server/dispatcher.h"
#include "daemon/server/error_mapping.h"

namespace mrtrack::daemon::web {

ApiClient::ApiClient(const RouteTable& routes, const RequestContext& page) : routes_(routes), page_(page) {}

Result<Reply> ApiClient::Call(const std::string& method, const std::string& path,
                              const std::multimap<std::string, std::string>& query, std::string body,
                              const std::string& content_type) const {
  RequestContext ctx;
  ctx.request_id = page_.request_id;
  ctx.method = method;
  ctx.path = path;
  ctx.query = query;
  if (!content_type.empty()) ctx.headers.emplace("content-type", content_type);
  ctx.body = std::move(body);
  ctx.principal = page_.principal;  // Set: Dispatch trusts it, as for the command line in process.
  ctx.runtime = page_.runtime;
  Dispatched dispatched = Dispatch(routes_, std::move(ctx));
  Reply& reply = dispatched.reply;
  if (reply.status >= 200 && reply.status < 300) return std::move(reply);
  auto parsed = nlohmann::json::parse(reply.body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error")) return StatusFromErrorBody(parsed["error"], reply.status);
  return Internal(method + " " + path + " answered HTTP " + std::to_string(reply.status));
}

Result<nlohmann::json> ApiClient::Get(const std::string& path,
                                      const std::multimap<std::string, std::string>& query) const {
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, Call("GET", path, query, "", ""));
  auto parsed = nlohmann::json::parse(reply.body, nullptr, false);
  if (parsed.is_discarded()) return Internal("GET " + path + " did not answer JSON");
  return parsed;
}

Result<Reply> ApiClient::GetReply(const std::string& path,
                                  const std::multimap<std::string, std::string>& query) const {
  return Call("GET", path, query, "", "");
}

Result<nlohmann::json> ApiClient::Post(const std::string& path, const nlohmann::json& body) const {
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, Call("POST", path, {}, body.dump(), "application/json"));
  auto parsed = nlohmann::json::parse(reply.body, nullptr, false);
  if (parsed.is_discarded()) return Internal("POST " + path + " did not answer JSON");
  return parsed;
}

Result<nlohmann::json> ApiClient::PostText(const std::string& path,
                                           const std::multimap<std::string, std::string>& query, std::string body,
                                           const std::string& content_type) const {
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, Call("POST", path, query, std::move(body), content_type));
  auto parsed = nlohmann::json::parse(reply.body, nullptr, false);
  if (parsed.is_discarded()) return Internal("POST " + path + " did not answer JSON");
  return parsed;
}

}  // namespace mrtrack::daemon::web
