#include "daemon/server/error_mapping.h"

namespace mrtrack::daemon {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kResourceExhausted:
      return 413;
    // Well-formed and valid, but the rules forbid it in the current state
    // (an invalid transition): RFC 9110 "Unprocessable Content".
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kCorruption:
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

nlohmann::json ErrorBody(const Status& status, std::optional<std::uint64_t> actual_version) {
  nlohmann::json error = {{"code", StatusCodeName(status.code())}, {"message", status.message()}};
  if (!status.field().empty()) error["field"] = status.field();
  if (actual_version.has_value()) error["actual_version"] = *actual_version;
  return {{"error", std::move(error)}};
}

}  // namespace mrtrack::daemon
