// What the fuzz targets that go through the route table share: one Core per
// process on a scratch data directory that holds the seed management
// response, and a request context for it.
//
// Thread safety: libFuzzer calls targets from one thread; so must callers.
#pragma once

#include <string>

#include "daemon/server/core.h"
#include "daemon/server/route_table.h"

namespace mrtrack::fuzz {

// The bearer token of the config's admin ("fuzz-admin").
inline constexpr char kAdminToken[] = "fuzz-admin-token";

// Opened on first use under $TMPDIR, removed at exit; aborts when it cannot
// be opened (a broken setup, not a finding).
daemon::Core& SeededCore();
// The id of the seed's evaluation (its actions are "<id>-r1-a1" and so on).
const std::string& SeedEvaluationId();
// A context for `core` with no principal (the Authorization header decides).
daemon::RequestContext NewContext(daemon::Core& core);

}  // namespace mrtrack::fuzz
