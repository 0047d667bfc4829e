// Dispatch: one request through the route table, independent of the
// transport — routing (404/405), bearer authentication (401), the role
// matrix (403), query parameter checks (400), the handler, and the one error
// mapping. The HTTP server calls it for every request; in-process callers
// (the `mrtrack` command line on a data directory) call it with a principal
// already set and get exactly the same answers.
//
// Thread safety: safe to call concurrently (handlers are).
#pragma once

#include <string>

#include "daemon/server/route_table.h"

namespace mrtrack::daemon {

struct Dispatched {
  Reply reply;
  std::string route = "unmatched";  // The route's name, for logs and metrics.
  std::string actor = "-";          // The caller's token name once known.
};

// `ctx` needs method, path, query, headers, body, request_id and runtime;
// path_params are filled here. When ctx.principal is already set it is
// trusted (in-process callers); otherwise the Authorization header decides.
Dispatched Dispatch(const RouteTable& routes, RequestContext ctx);

}  // namespace mrtrack::daemon
