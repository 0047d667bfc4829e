// OutboxState: the notifier's durable outbox as folded from the reminder
// streams of the log. A reminder is pending from its ReminderDue until its
// stream records ReminderDelivered, a permanent ReminderFailed or
// ReminderSkipped; a retryable ReminderFailed counts an attempt and sets when
// to try next. Rebuilding from the log after a restart therefore resends
// nothing that was confirmed and loses nothing that was pending.
//
// Thread safety: none; the outbox (outbox.h) owns one under its mutex.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "events/event.h"
#include "events/store.h"
#include "notifier/reminder.h"

namespace mrtrack::notifier {

struct OutboxEntry {
  Reminder reminder;
  std::uint64_t version = 0;       // The stream's version (for ExpectedVersion::Exact).
  int attempts = 0;                // Failed attempts so far.
  std::optional<Timestamp> retry_at;  // When to try again after a failure.
  std::string last_error;
};

struct OutboxCounts {
  std::uint64_t delivered = 0, failed = 0, skipped = 0;  // Reminders in each final state.
};

class OutboxState {
 public:
  // Folds one event. Events of other streams are ignored; so are reminder
  // events that do not fit (a result before its ReminderDue). Errors:
  // kCorruption for unreadable ReminderDue data.
  Status Apply(const events::RecordedEvent& event);

  // Forgets what is known of one reminder and folds its whole stream again
  // (after another writer touched it).
  Status Reload(const std::string& reminder_id, const std::vector<events::RecordedEvent>& stream);

  // Whether a stream exists for this reminder id (pending or final).
  bool Known(const std::string& reminder_id) const { return known_.count(reminder_id) != 0; }
  const std::map<std::string, OutboxEntry>& pending() const { return pending_; }
  const OutboxCounts& counts() const { return counts_; }
  // The last log position folded.
  std::uint64_t position() const { return position_; }

 private:
  std::set<std::string> known_;
  std::map<std::string, OutboxEntry> pending_;
  OutboxCounts counts_;
  std::uint64_t position_ = 0;
};

// Scans the whole log and folds every reminder stream.
Result<OutboxState> RebuildOutbox(const events::EventStore& store);

// "reminder-<id>" -> "<id>", or "" for other streams.
std::string ReminderIdOfStream(const std::string& stream);

}  // namespace mrtrack::notifier
