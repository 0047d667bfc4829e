// Reading the views "now" or as of a log position or instant (`as_of`).
//
// Now: the live projection's model under its shared lock, overdue evaluated
// at the clock's now. As of: the model of the log prefix (as_of position, or
// every event recorded at or before the instant) from the snapshot cache
// (projections/snapshot_cache.h), overdue and stale evaluated at that instant
// (for a position: the time of that event).
//
// Thread safety: safe from any thread (the projection and store are).
#pragma once

#include <functional>

#include "common/status.h"
#include "daemon/server/json_io.h"
#include "daemon/server/route_table.h"
#include "daemon/server/services.h"
#include "projections/action_query.h"
#include "projections/as_of.h"
#include "projections/view_model.h"

namespace mrtrack::daemon {

using ModelReader = std::function<Status(const projections::ViewModel& model, const projections::QueryTime& time)>;

// The query time of the request's config at `at`: the organisation's zone
// and [workflow] update_request_every for "stale".
projections::QueryTime QueryTimeAt(const RequestContext& ctx, Timestamp at);

// Runs `read` on the model `as_of` asks for; returns read's status.
Status ReadModel(const Services& services, const RequestContext& ctx, const projections::AsOf& as_of,
                 const ModelReader& read);

}  // namespace mrtrack::daemon
