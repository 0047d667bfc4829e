// Outbox: the durable record of what the notifier owes, kept as reminder
// streams in the event store (outbox_state.h folds them).
//
// Plan() writes every newly due reminder as ReminderDue on its own stream
// "reminder-<id>" with ExpectedVersion::NoStream — before any delivery, and
// never twice — and records ReminderSkipped (with the reason) for pending
// reminders whose facts changed (completion, deadline move, reassignment),
// that a later reminder of the same chain supersedes, or that were missed by
// more than the catch-up window. Ready() hands out what may be attempted
// now; the Record* calls write each attempt's outcome. Results go to the
// stream with ExpectedVersion::Exact, so a second writer would be detected
// rather than interleaved.
//
// Thread safety: none; the Notifier calls it under its own mutex.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "config/config.h"
#include "events/store.h"
#include "notifier/action_facts.h"
#include "notifier/outbox_state.h"
#include "notifier/reminder.h"
#include "notifier/send_schedule.h"

namespace mrtrack::notifier {

// The reason recorded for a reminder whose time passed long ago.
inline constexpr char kMissedReason[] = "missed by more than the catch-up window";

struct PlanReport {
  std::size_t written = 0;     // New ReminderDue events (to be delivered).
  std::size_t late = 0;        // Of those, marked late.
  std::size_t missed = 0;      // Written and skipped at once (older than the catch-up window).
  std::size_t cancelled = 0;   // Pending reminders skipped because the facts changed.
  std::size_t superseded = 0;  // Pending reminders skipped for a later one of the same chain.
};

class Outbox {
 public:
  // Folds every reminder stream of `store` (one scan of the log). `store`
  // must outlive the outbox.
  static Result<std::unique_ptr<Outbox>> Open(events::EventStore& store);

  // Reconciles pending reminders with `actions` and writes what the rules
  // make due at `now`. A reminder first written more than `late_after` after
  // its time is marked late; one older than rules.catch_up_window is
  // recorded as ReminderDue + ReminderSkipped(kMissedReason).
  Result<PlanReport> Plan(const std::vector<ActionFacts>& actions, const config::Config& config,
                          const SendSchedule& schedule, Timestamp now, std::chrono::seconds late_after);

  // Pending reminders whose next attempt is due at `now` (due_at, or the
  // retry time after a failure), in due order. Those older than the catch-up
  // window are recorded as skipped instead and not returned.
  Result<std::vector<Reminder>> Ready(Timestamp now, std::chrono::seconds catch_up_window);

  // Failed attempts so far (0 for unknown ids).
  int Attempts(const std::string& reminder_id) const;

  // Records the outcome of one attempt at sending `group` as one message.
  Status RecordDelivered(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                         const std::string& message_id);
  Status RecordFailed(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                      const std::string& error, bool permanent, std::optional<Timestamp> retry_at);
  Status RecordSkipped(const std::vector<std::string>& reminder_ids, const std::string& reason);

  std::size_t Depth() const { return state_.pending().size(); }
  const OutboxState& state() const { return state_; }

 private:
  explicit Outbox(events::EventStore& store, OutboxState state) : store_(store), state_(std::move(state)) {}

  struct Write {
    std::string reminder_id;
    bool new_stream = false;
    std::vector<events::NewEvent> events;
  };
  // Appends all writes atomically, folding them into state_. On a version
  // conflict (another writer), writes them one by one and re-reads the
  // streams that conflicted.
  Status Apply(std::vector<Write> writes);
  Status AppendOne(Write write);
  Status Resync(const std::string& reminder_id);

  events::EventStore& store_;
  OutboxState state_;
};

}  // namespace mrtrack::notifier
