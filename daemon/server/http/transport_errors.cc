#include "daemon/server/http/transport_errors.h"

#include <boost/beast/http/error.hpp>
#include <string>

#include "daemon/server/http/reply_writer.h"

namespace mrtrack::daemon::http {

namespace bhttp = boost::beast::http;

ReadFailure ClassifyReadError(const boost::beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return ReadFailure::kHeaderTooLarge;
  if (ec == bhttp::error::body_limit) return ReadFailure::kBodyTooLarge;
  // end_of_stream and partial_message: the client closed, mid-request or not.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return ReadFailure::kGone;
  if (&ec.category() == &bhttp::make_error_code(bhttp::error::bad_method).category()) return ReadFailure::kMalformed;
  return ReadFailure::kGone;  // Socket errors and the read deadline.
}

Reply HeaderTooLarge(std::size_t limit) {
  return TransportError(431, "header_too_large",
                        "the request line and headers are larger than " + std::to_string(limit) +
                            " bytes (server.max_header_bytes)",
                        "header");
}

Reply BodyTooLarge(std::size_t limit) {
  return TransportError(413, "resource_exhausted",
                        "request body is larger than " + std::to_string(limit) + " bytes (server.max_body_bytes)",
                        "body");
}

Reply LengthRequired() {
  return TransportError(411, "length_required", "a request with a body needs Content-Length or chunked encoding",
                        "Content-Length");
}

Reply UnsupportedEncoding() {
  return TransportError(415, "unsupported_media_type",
                        "request bodies must not have a Content-Encoding; send them uncompressed", "Content-Encoding");
}

Reply Malformed(const boost::beast::error_code& ec) {
  return TransportError(400, "invalid_argument", "malformed HTTP request: " + ec.message());
}

Reply TooManyStreams(std::size_t per_token, std::size_t in_all) {
  Reply reply = TransportError(429, "too_many_streams",
                               "too many event streams and long-polls open: at most " + std::to_string(per_token) +
                                   " per token (server.max_streams_per_token) and " + std::to_string(in_all) +
                                   " in all (server.max_streams)");
  reply.headers.emplace_back("Retry-After", "5");
  return reply;
}

}  // namespace mrtrack::daemon::http
