// Replies onto the wire: a handler's Reply as a Beast response (status,
// headers, X-Request-Id, Connection), the head of a chunked reply, and the
// errors the transport answers itself before any route runs (431, 413, 411,
// 415, 429, 400) with the same JSON error body as the API's own.
//
// Thread safety: pure functions.
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "daemon/server/route_table.h"

namespace mrtrack::daemon::http {

using Response = boost::beast::http::response<boost::beast::http::string_body>;
using StreamHead = boost::beast::http::response<boost::beast::http::empty_body>;

// `version` is the request's (10 or 11).
Response MakeResponse(Reply&& reply, unsigned version, bool keep_alive, const std::string& request_id);
// Status and headers of a reply whose body follows in chunks.
StreamHead MakeStreamHead(const Reply& reply, unsigned version, bool keep_alive, const std::string& request_id);

// An error answered by the transport: {"error": {"code", "message", "field"?}}.
Reply TransportError(int status, const std::string& code, const std::string& message, const std::string& field = "");

}  // namespace mrtrack::daemon::http
