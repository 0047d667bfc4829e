// The one mapping from StatusCode to HTTP status, and the JSON error body.
//
// Every error the API returns goes through here, so a code always means the
// same HTTP status (docs/API.md "Errors").
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/status.h"

namespace mrtrack::daemon {

// 400 invalid_argument, 401 unauthenticated, 403 permission_denied,
// 404 not_found, 409 conflict / already_exists, 413 resource_exhausted,
// 422 failed_precondition, 503 unavailable, 500 for the rest.
int HttpStatusFor(StatusCode code);

// {"error": {"code", "message", "field"?, "actual_version"?}}
nlohmann::json ErrorBody(const Status& status, std::optional<std::uint64_t> actual_version = std::nullopt);

// The inverse, for callers of the API (the command line, the web app): the
// Status the "error" object of such a body describes.
Status StatusFromErrorBody(const nlohmann::json& error, int http_status);

}  // namespace mrtrack::daemon
