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
  ctx.wants_json_value = true;
  Dispatched dispatched = Dispatch(routes_, std::move(ctx));
  Reply& reply = dispatched.reply;
  if (reply.status >= 200 && reply.status < 300) return std::move(reply);
  reply.SerializeJson();
  auto parsed = nlohmann::json::parse(reply.body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error")) return StatusFromErrorBody(parsed["error"], reply.status);
  return Internal(method + " " + path + " answered HTTP " + std::to_string(reply.status));
}

namespace {

// The answer's JSON: its value when the route made it with Reply::Json(json&&), else its text parsed.
Result<nlohmann::json> AnswerJson(Reply& reply, const std::string& what) {
  if (reply.json_value) return std::move(*reply.json_value);
  auto parsed = nlohmann::json::parse(reply.body, nullptr, false);
  if (parsed.is_discarded()) return Internal(what + " did not answer JSON");
  return parsed;
}

}  // namespace

Result<nlohmann::json> ApiClient::Get(const std::string& path,
                                      const std::multimap<std::string, std::string>& query) const {
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, Call("GET", path, query, "", ""));
  return AnswerJson(reply, "GET " + path);
}

Result<Reply> ApiClient::GetReply(const std::string& path,
                                  const std::multimap<std::string, std::string>& query) const {
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, Call("GET", path, query, "", ""));
  reply.SerializeJson();
  return reply;
}

Result<nlohmann::json> ApiClient::Post(const std::string& path, const nlohmann::json& body) const {
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, Call("POST", path, {}, body.dump(), "application/json"));
  return AnswerJson(reply, "POST " + path);
}

Result<nlohmann::json> ApiClient::PostText(const std::string& path,
                                           const std::multimap<std::string, std::string>& query, std::string body,
                                           const std::string& content_type) const {
  MRTRACK_ASSIGN_OR_RETURN(Reply reply, Call("POST", path, query, std::move(body), content_type));
  return AnswerJson(reply, "POST " + path);
}

}  // namespace mrtrack::daemon::web
