// Outbox: the durable record of what the notifier owes, kept as reminder
// streams in the event store (outbox_state.h indexes them with the stream's
// one fold).
//
// Plan() makes sure the current state of every open action is owed to its
// units: the latest occurrence of each chain the rules make due
// (planner.h) is written as ReminderDue on its own stream "reminder-<id>"
// with ExpectedVersion::NoStream — before any delivery, and never twice —
// however long ago its time was (an import of old actions, a month of
// downtime): it is never dropped. Pending or parked reminders of the same
// chain that were never sent are folded into it: skipped as superseded, and
// listed in its `supersedes`. Pending or parked reminders whose facts changed
// (completion, deadline move, reassignment) are skipped with the reason.
//
// Ready() hands out what may be attempted now; FixMessage() records the
// message a group of reminders goes out in before its first attempt, so
// every retry sends the same message under the same id; the Record* calls
// write each attempt's outcome. A permanent failure parks a reminder;
// Requeue() (an operator's retry, a reload that changed the channel) makes it
// pending again. Results go to the stream with ExpectedVersion::Exact, so a
// second writer would be detected rather than interleaved.
//
// Thread safety: none; the Notifier calls it from one thread at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "config/config.h"
#include "events/domain/workflow_events.h"
#include "events/store.h"
#include "notifier/action_facts.h"
#include "notifier/outbox_state.h"
#include "notifier/reminder.h"
#include "notifier/send_schedule.h"

namespace mrtrack::notifier {

struct PlanReport {
  std::size_t written = 0;     // New ReminderDue events (to be delivered).
  std::size_t late = 0;        // Of those, taken up after their time (downtime, a new import).
  std::size_t cancelled = 0;   // Pending or parked reminders skipped because the facts changed.
  std::size_t superseded = 0;  // Pending or parked reminders folded into a later one of their chain.
  std::size_t expired = 0;     // Notices older than the catch-up window, recorded as skipped.
};

// A reminder ready for an attempt, with the message it was fixed in (empty
// before its first attempt).
struct ReadyReminder {
  Reminder reminder;
  std::string message_id;
  Timestamp message_built_at{};
  int attempts_in_budget = 0;  // Failed attempts since it was (re)queued.
  int attempts = 0;            // Attempts recorded so far.
};

// Which parked reminders Requeue() takes: all, or those of one channel,
// or those parked at or after an instant.
struct RequeueFilter {
  std::optional<std::string> channel;
  std::optional<Timestamp> since;
};

class Outbox {
 public:
  // Folds every reminder stream of `store` and notes every rejection (one
  // scan of the log). `store` and `clock` (the store's: it stands for the
  // recorded_at of what the outbox appends) must outlive the outbox.
  static Result<std::unique_ptr<Outbox>> Open(events::EventStore& store, const Clock& clock);

  // Reconciles pending and parked reminders with `actions` and writes what
  // the rules make due at `now`, and the notices of the rejections appended
  // since the last call. A reminder first written more than `late_after`
  // after its time, about an action that existed by then, is marked late
  // (delayed by downtime).
  Result<PlanReport> Plan(const std::vector<ActionFacts>& actions, const config::Config& config,
                          const SendSchedule& schedule, Timestamp now, std::chrono::seconds late_after);

  // Pending reminders whose next attempt is due at `now` (due_at, or the
  // retry time after a failure), in due order.
  std::vector<ReadyReminder> Ready(Timestamp now) const;
  // The earliest next attempt of a pending reminder after `now` (a retry), if any.
  std::optional<Timestamp> NextAttemptAfter(Timestamp now) const;

  // Records that `group` goes out as message `message_id`, rendered for `built_at`.
  Status FixMessage(const std::vector<Reminder>& group, const std::string& message_id, Timestamp built_at);
  // Records the outcome of one attempt at sending `group` as message `message_id`.
  Status RecordDelivered(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                         const std::string& message_id);
  Status RecordFailed(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                      const std::string& error, Timestamp retry_at, const std::string& message_id);
  Status RecordParked(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                      const std::string& reason, const std::string& message_id);
  Status RecordSkipped(const std::vector<std::string>& reminder_ids, const std::string& reason);
  // Makes the parked reminders `filter` selects pending again (ReminderRequeued
  // with `reason`, written by `actor`). Returns their ids.
  Result<std::vector<std::string>> Requeue(const RequeueFilter& filter, const std::string& reason,
                                           const std::string& actor);

  std::size_t Depth() const { return state_.pending().size(); }
  const OutboxState& state() const { return state_; }

 private:
  Outbox(events::EventStore& store, const Clock& clock) : store_(store), clock_(clock) {}


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
  // Keeps `event` for the notices when it is a rejection; moves scanned_.
  void NoteRejection(const events::RecordedEvent& event);
  // Notes the rejections appended after scanned_.
  Status ReadRejections();
  // The notices of the rejections noted, to write at `now`; keeps in
  // untold_ those whose action the facts do not show yet.
  std::vector<Write> NoticeWrites(const std::map<std::string, const ActionFacts*>& by_id,
                                  const config::Config& config, Timestamp now, std::chrono::seconds late_after,
                                  PlanReport& report);

  events::EventStore& store_;
  const Clock& clock_;
  OutboxState state_;
  std::vector<events::RejectionData> untold_;  // Rejections whose notices are not all written yet.
  std::uint64_t scanned_ = 0;                  // The last log position looked at for rejections.
};

}  // namespace mrtrack::notifier
