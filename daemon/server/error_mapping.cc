#include "daemon/server/error_mapping.h"

#include <map>

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
    case StatusCode::kUnsupportedMediaType:
      return 415;
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

Status StatusFromErrorBody(const nlohmann::json& e, int http_status) {
  static const std::map<std::string, StatusCode> kCodes{
      {"invalid_argument", StatusCode::kInvalidArgument}, {"not_found", StatusCode::kNotFound},
      {"conflict", StatusCode::kConflict}, {"failed_precondition", StatusCode::kFailedPrecondition},
      {"already_exists", StatusCode::kAlreadyExists}, {"unauthenticated", StatusCode::kUnauthenticated},
      {"permission_denied", StatusCode::kPermissionDenied}, {"resource_exhausted", StatusCode::kResourceExhausted},
      {"unsupported_media_type", StatusCode::kUnsupportedMediaType},
      {"unavailable", StatusCode::kUnavailable}, {"corruption", StatusCode::kCorruption},
      {"io_error", StatusCode::kIoError}};
  auto it = kCodes.find(e.value("code", ""));
  std::string message = e.value("message", "HTTP " + std::to_string(http_status));
  if (e.contains("actual_version")) message += " (actual version " + e["actual_version"].dump() + ")";
  return Status(it == kCodes.end() ? StatusCode::kInternal : it->second, message, e.value("field", ""));
}

}  // namespace mrtrack::daemon
