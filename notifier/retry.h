// Retrying parked reminders (docs/NOTIFIER.md "Retries and parking"): the
// reason each ReminderRequeued records, and the retry on a data directory
// that no notifier runs on (`mrtrack reminders retry` offline). A running
// notifier retries with Notifier::RetryParked, which delivers at once; here
// the reminders become pending and the next mrtrackd to start delivers them.
//
// Thread safety: RetryParkedInStore must not run beside a Notifier on the
// same store (the notifier is the only writer of reminder streams; a data
// directory is only opened by one process at a time).
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "events/store.h"
#include "notifier/outbox.h"

namespace mrtrack::notifier {

// "retry asked by ops-admin for channel email for reminders parked since 2025-03-24T08:00:00Z".
std::string RetryReason(const RequeueFilter& filter, const std::string& actor);

// Queues the parked reminders `filter` selects again, recording `actor`;
// returns their ids. Folds the reminder streams of `store` first (one scan).
Result<std::vector<std::string>> RetryParkedInStore(events::EventStore& store, const Clock& clock,
                                                    const RequeueFilter& filter, const std::string& actor);

}  // namespace mrtrack::notifier
