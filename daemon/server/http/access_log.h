// The access log line and the request metrics, once per request, whatever
// answered it (a route, or the transport refusing it).
//
// Thread safety: safe from any thread.
#pragma once

#include <chrono>
#include <string>

#include "daemon/server/metrics.h"

namespace mrtrack::daemon::http {

struct RequestRecord {
  std::chrono::steady_clock::time_point start;
  std::string request_id;
  std::string method;
  std::string path;  // Never the query: nothing passed in one reaches the log.
  std::string route = "unmatched";
  std::string actor = "-";
  std::string remote;  // "address:port"
};

void LogRequest(Metrics& metrics, const RequestRecord& record, int status);

}  // namespace mrtrack::daemon::http
