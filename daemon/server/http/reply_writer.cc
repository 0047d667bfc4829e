#include "daemon/server/http/reply_writer.h"

#include <boost/beast/http/field.hpp>

namespace mrtrack::daemon::http {
namespace {

namespace bhttp = boost::beast::http;

template <class Message>
void SetHead(Message& message, const Reply& reply, bool keep_alive, const std::string& request_id) {
  message.result(static_cast<unsigned>(reply.status));
  for (const auto& [name, value] : reply.headers) message.insert(name, value);
  message.set(bhttp::field::content_type, reply.content_type);
  message.set("X-Request-Id", request_id);
  message.keep_alive(keep_alive);
}

}  // namespace

Response MakeResponse(Reply&& reply, unsigned version, bool keep_alive, const std::string& request_id) {
  Response response;
  response.version(version);
  SetHead(response, reply, keep_alive, request_id);
  reply.SerializeJson();  // Replies made outside Dispatch (the front's own refusals, long-poll answers).
  response.body() = std::move(reply.body);
  response.prepare_payload();
  return response;
}

StreamHead MakeStreamHead(const Reply& reply, unsigned version, bool keep_alive, const std::string& request_id) {
  StreamHead head;
  head.version(version);
  SetHead(head, reply, keep_alive, request_id);
  head.chunked(true);
  return head;
}

Reply TransportError(int status, const std::string& code, const std::string& message, const std::string& field) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  return Reply::Json({{"error", std::move(error)}}, status);
}

}  // namespace mrtrack::daemon::http
