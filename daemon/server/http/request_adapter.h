// The request as Beast parsed it, turned into the transport-neutral
// RequestContext that Dispatch takes: the path percent-decoded, the query
// decoded into parameters, header names in lower case, the body moved.
//
// Thread safety: pure functions.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "daemon/server/route_table.h"

namespace mrtrack::daemon::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

// Everything but request_id and runtime, which the caller sets.
RequestContext ToRequestContext(Request&& request);
// The same without the body (a body spooled to a file: the caller sets body_file).
RequestContext ToRequestContext(const boost::beast::http::request_header<>& header);

// The path of a request target ("/v1/x?y" -> "/v1/x"), percent-decoded.
std::string TargetPath(std::string_view target);

// %XX decoded; '+' is a space when plus_is_space (query strings). Malformed
// escapes are kept as they are.
std::string PercentDecode(std::string_view text, bool plus_is_space);

// The X-Request-Id a client may give: 1-128 of [A-Za-z0-9._:-].
bool ValidRequestId(std::string_view id);

}  // namespace mrtrack::daemon::http
