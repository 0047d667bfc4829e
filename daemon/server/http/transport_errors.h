// The answers the transport gives itself, before or instead of a route: why a
// read failed, and the error replies for it (431, 413, 411, 415, 400) and for
// a principal with too many streams open (429 with Retry-After).
//
// Thread safety: pure functions.
#pragma once

#include <boost/beast/core/error.hpp>
#include <cstddef>

#include "daemon/server/route_table.h"

namespace mrtrack::daemon::http {

enum class ReadFailure {
  kHeaderTooLarge,  // 431
  kBodyTooLarge,    // 413
  kMalformed,       // 400
  kGone,            // The client closed, reset, or was too slow: close without a reply.
};
ReadFailure ClassifyReadError(const boost::beast::error_code& ec);

Reply HeaderTooLarge(std::size_t limit);
Reply BodyTooLarge(std::size_t limit);
Reply LengthRequired();
Reply UnsupportedEncoding();
Reply Malformed(const boost::beast::error_code& ec);
Reply TooManyStreams(std::size_t per_token, std::size_t in_all);

}  // namespace mrtrack::daemon::http
