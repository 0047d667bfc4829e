// StoreWriteHealth: whether a store can write appends now, for readiness
// checks (the daemon's /readyz and mrtrack_component_up{component="store"}).
//
// Thread safety: safe from any thread; cheap (one uncontended lock).
#pragma once

#include "common/status.h"
#include "events/store.h"

namespace mrtrack::events {

// Ok while appends can be written, and for a read-only store or one not made
// by EventStore::Open. Otherwise why not: the writer stopped after an
// unexpected failure (until the store is reopened), or the last write failed
// (an I/O error, a full disk) and none has succeeded since.
Status StoreWriteHealth(const EventStore& store);

}  // namespace mrtrack::events
