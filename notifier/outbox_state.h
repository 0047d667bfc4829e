// OutboxState: the notifier's durable outbox, indexed from the reminder
// streams of the log by the one fold of the reminder stream
// (events/domain/reminder_stream.h). A reminder is pending from its
// ReminderDue until it is delivered or skipped; a parked one waits for a
// requeue (a fixed configuration, an operator's retry). Rebuilding from the
// log after a restart therefore resends nothing that was confirmed and loses
// nothing that was pending or parked.
//
// Malformed reminder events are handled exactly as the views handle them:
// the fold refuses the event (kCorruption) and the reminder stays as it was.
// The outbox logs each one, counts it (malformed()) and goes on.
//
// Thread safety: none; the outbox (outbox.h) owns one under its mutex.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "events/domain/reminder_stream.h"
#include "events/event.h"
#include "events/store.h"
#include "notifier/reminder.h"

namespace mrtrack::notifier {

struct OutboxEntry {
  Reminder reminder;                    // As its ReminderDue planned it.
  events::ReminderStreamState stream;   // What its stream says now.
  std::uint64_t version() const { return stream.version; }
  // Failed attempts since the reminder was (re)queued.
  int attempts_in_budget() const { return stream.attempts - stream.attempts_at_requeue; }
};

struct OutboxCounts {
  std::uint64_t delivered = 0, skipped = 0;  // Reminders in each final state.
};

class OutboxState {
 public:
  // Folds one event; events of other streams only move position().
  void Apply(const events::RecordedEvent& event);

  // Forgets what is known of one reminder and folds its whole stream again
  // (after another writer touched it).
  void Reload(const std::string& reminder_id, const std::vector<events::RecordedEvent>& stream);

  // Whether a stream exists for this reminder id (in any state).
  bool Known(const std::string& reminder_id) const;
  // The stream's version (0 when none).
  std::uint64_t Version(const std::string& reminder_id) const;
  const std::map<std::string, OutboxEntry>& pending() const { return pending_; }
  const std::map<std::string, OutboxEntry>& parked() const { return parked_; }
  const OutboxCounts& counts() const { return counts_; }
  // The last e-mail reminder delivered with the action's calendar event (not
  // a notice, and with a deadline) per action and unit ("<action>\n<unit>")
  // since the last calendar cancellation planned for them: whose calendar
  // holds the action's event.
  const std::map<std::string, events::ReminderDueData>& emailed() const { return emailed_; }
  // Reminder events the fold refused, and the last refusal.
  std::uint64_t malformed() const { return malformed_; }
  const std::string& last_malformed() const { return last_malformed_; }
  // The last log position folded.
  std::uint64_t position() const { return position_; }

 private:
  // Every reminder stream is in exactly one of these three, by its state.
  std::map<std::string, OutboxEntry> pending_, parked_;
  std::map<std::string, events::ReminderStreamState> final_;  // Delivered or skipped (and never-due streams).
  std::map<std::string, events::ReminderDueData> emailed_;
  OutboxCounts counts_;
  std::uint64_t malformed_ = 0;
  std::string last_malformed_;
  std::uint64_t position_ = 0;
};

// "reminder-<id>" -> "<id>", or "" for other streams.
std::string ReminderIdOfStream(const std::string& stream);

}  // namespace mrtrack::notifier
