// The OpenAPI 3.1 document of the API, generated from the RouteTable the
// server registers (so every served route is documented, by construction).
//
// Thread safety: pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/server/route_table.h"

namespace mrtrack::daemon {

nlohmann::json BuildOpenApi(const RouteTable& routes, const std::string& version);

}  // namespace mrtrack::daemon
