#include "daemon/server/http/access_log.h"

#include <cstdio>

#include "daemon/server/logging.h"

namespace mrtrack::daemon::http {

void LogRequest(Metrics& metrics, const RequestRecord& record, int status) {
  auto duration =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - record.start);
  metrics.RecordRequest(record.route, record.method, status, duration);
  char ms[32];
  std::snprintf(ms, sizeof(ms), "%.3f", static_cast<double>(duration.count()) / 1000.0);
  Log(status >= 500 ? spdlog::level::err : spdlog::level::info, "request",
      {{"request_id", record.request_id},
       {"actor", record.actor},
       {"method", record.method},
       {"path", record.path},
       {"route", record.route},
       {"status", std::to_string(status)},
       {"duration_ms", ms},
       {"remote", record.remote}});
}

}  // namespace mrtrack::daemon::http
