// The shared walk of the audit exports (internal to projections/): checks a
// position range against the log, then visits its events in order with the
// chain hash before each, checking that no position is missing.
//
// Thread safety: a free function; the store may be appended to meanwhile.
#pragma once

#include <functional>

#include "common/crypto.h"
#include "common/status.h"
#include "events/store.h"
#include "projections/audit_export.h"

namespace mrtrack::projections {

// Errors: see ExportJsonl; a non-OK status from `visit` stops the walk and is
// returned.
Result<ExportSummary> WalkRange(const events::EventStore& store, const ExportRange& range,
                                const std::function<Status(const events::RecordedEvent&, const Sha256Digest& prev)>& visit);

}  // namespace mrtrack::projections
