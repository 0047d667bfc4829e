// Backend: where `mrtrack` sends its commands. Two kinds answer with the same
// JSON documents (docs/API.md): HttpBackend talks to a running mrtrackd;
// LocalBackend works directly on a data directory (offline commands, and the
// whole CLI when no daemon runs).
//
// Thread safety: one command at a time; not shared between threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "daemon/server/error_mapping.h"

namespace mrtrack::cli {

// Query parameters as the API names them (unit, status, overdue, as_of, ...).
using Query = std::multimap<std::string, std::string>;

class Backend {
 public:
  virtual ~Backend() = default;

  // POST /v1/imports. `content_type` is "text/plain" (GATE text), "application/json" or "text/csv".
  virtual Result<nlohmann::json> Import(const std::string& body, const std::string& content_type, const Query& query) = 0;
  // GET on a read route: "/v1/actions", "/v1/actions/{id}", ".../history",
  // "/v1/evaluations/...", "/v1/summaries/units", "/v1/audit/verify".
  virtual Result<nlohmann::json> Get(const std::string& path, const Query& query) = 0;
  // POST /v1/actions/{id}/{command} with a JSON body.
  virtual Result<nlohmann::json> Command(const std::string& action_id, const std::string& command, const nlohmann::json& body) = 0;
  // POST of a raw body (evidence uploads) to any route; answers its JSON.
  virtual Result<nlohmann::json> Post(const std::string& path, const Query& query, const std::string& body,
                                      const std::string& content_type) = 0;
  // DELETE on a route (revocations); answers its JSON.
  virtual Result<nlohmann::json> Delete(const std::string& path) = 0;
  // GET of a route that answers bytes, not JSON (evidence downloads, calendars).
  virtual Result<std::string> GetBytes(const std::string& path, const Query& query) = 0;
  // GET /v1/audit/export, streamed to `out`.
  virtual Status Export(const Query& query, std::ostream& out) = 0;
  // GET `path` (a streamed reply such as /v1/admin/backup), handing each piece
  // of a 2xx body to `sink` (false: stop); an error reply is returned as its Status.
  virtual Status Download(const std::string& path, const Query& query,
                          const std::function<bool(std::string_view)>& sink) = 0;
  // Deletes and rebuilds the projections from the log (data directory only).
  virtual Result<nlohmann::json> Rebuild() = 0;
};

struct HttpTarget {
  std::string url;    // http://host:port or https://host:port
  std::string token;  // bearer token; empty: none
  bool verify_tls = true;
};

std::unique_ptr<Backend> MakeHttpBackend(const HttpTarget& target);

using daemon::StatusFromErrorBody;

}  // namespace mrtrack::cli
