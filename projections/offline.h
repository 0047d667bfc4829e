// Offline operations on a data directory, for the `mrtrack` command line
// (rebuild, verify, export) when no daemon is needed. The event store lives
// at <data_dir>/events and the views at <data_dir>/views.
//
// The store is opened read-only, so verify and export also work while a
// daemon runs. RebuildViews needs the views DB to itself: with a daemon
// running, RocksDB's lock makes it fail with kIoError.
//
// Thread safety: each call opens and closes what it uses.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include <date/tz.h>

#include "common/status.h"
#include "events/store.h"
#include "projections/action_query.h"
#include "projections/as_of.h"
#include "projections/audit_export.h"
#include "projections/projections.h"

namespace mrtrack::projections {

std::string EventsDirOf(const std::string& data_dir);  // <data_dir>/events
std::string ViewsDirOf(const std::string& data_dir);   // <data_dir>/views
std::string EvidenceDirOf(const std::string& data_dir);  // <data_dir>/evidence

// Deletes <data_dir>/views and rebuilds it from position 1 of the log.
Result<RebuildReport> RebuildViews(const std::string& data_dir);

// EventStore::Verify on <data_dir>/events: the report says whether the chain
// holds and, if not, the first bad position and why.
Result<events::VerifyReport> VerifyLog(const std::string& data_dir);

// ExportJsonl of <data_dir>/events.
Result<ExportSummary> ExportLogJsonl(const std::string& data_dir, const ExportRange& range, std::ostream& out);

// The key-action view as of `as_of` (replayed from the log, so the views DB
// is not needed) as CSV. `now` is the instant overdue is judged at for
// AsOf::Head(); for a time it is that time, for a position that event's time.
Status ExportActionsCsvAsOf(const std::string& data_dir, const AsOf& as_of, const ActionQuery& query,
                            const date::time_zone& zone, Timestamp now, std::ostream& out);

// Opens <data_dir>/events read-only (for the as-of, history and summary
// functions, which take a store).
Result<std::unique_ptr<events::EventStore>> OpenStoreReadOnly(const std::string& data_dir);

}  // namespace mrtrack::projections
