// Notifier: the reminder service of mrtrackd (docs/NOTIFIER.md). Each pass
// (Tick) brings the projections up to date, reads the key actions, lets the
// outbox cancel what no longer applies and write what the rules make due
// and the notices of rejected requests (ReminderDue before any delivery),
// delivers what is ready through the channels of the config, posts status
// changes to feed webhooks, and e-mails the reports to governing bodies that
// are due (report_sender.h).
//
// Start() runs passes in a thread of its own: one every tick_interval (real
// time), and sooner when new events arrive in the log (a completion cancels
// pending reminders, a status change reaches the feed, within
// min_event_spacing), and at the time of the next retry. Stop() ends it; it returns within about
// wait_granularity plus the time of one delivery attempt in flight (bounded
// by the channel's timeout). Tests call Tick(now) with a ManualClock instead.
//
// Construction:
//   auto n = Notifier::Open(store, projections, config, clock);
//   (*n)->Start();  ...  (*n)->Reconfigure(new_config);  ...  (*n)->Stop();
//
// Thread safety: all methods are safe to call from any thread; passes are
// serialized by an internal mutex (Tick from a test and the thread never
// overlap). Reconfigure(), Metrics() and DegradedReasons() never wait for a
// pass (the daemon calls them from the event loop that proves it is alive).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"
#include "config/config.h"
#include "events/store.h"
#include "notifier/backoff.h"
#include "notifier/channel.h"
#include "notifier/feed.h"
#include "notifier/metrics.h"
#include "notifier/outbox.h"
#include "notifier/report_sender.h"
#include "notifier/send_schedule.h"
#include "notifier/templates.h"

namespace mrtrack::projections { class Projections; }

namespace mrtrack::notifier {

struct NotifierOptions {
  // Default: 30 s. Time between passes when nothing happens.
  std::chrono::milliseconds tick_interval{30000};
  // Default: 250 ms. Least time between passes triggered by new events.
  std::chrono::milliseconds min_event_spacing{250};
  // Default: 500 ms. Longest single wait of the thread (bounds Stop()).
  std::chrono::milliseconds wait_granularity{500};
  // Default: 10 min. A reminder first written later than this after its
  // time is marked late.
  std::chrono::seconds late_after{600};
  // Default: 0 (random). Seed of the backoff jitter; tests fix it.
  std::uint64_t jitter_seed = 0;
  // Default: <data_dir>/notifier. Feed cursors.
  std::string state_dir;
  // Default: <data_dir>/maildir. Where e-mail goes without smtp.url.
  std::string maildir;
  // Default: none: channels are built from the config (and rebuilt on
  // Reconfigure). When set, used as is.
  std::shared_ptr<ChannelDirectory> channels;
  // Default: true. Each pass first calls Projections::CatchUp(), so it sees
  // every event written before it (safe alongside a ProjectionFollower).
  bool catch_up_projections = true;
};

class Notifier {
 public:
  // Rebuilds the outbox from the reminder streams of `store`. `store`,
  // `projections` and `clock` must outlive the notifier. Errors: the
  // schedule's (time zone, send time), the templates', the store's.
  static Result<std::unique_ptr<Notifier>> Open(events::EventStore& store, projections::Projections& projections,
                                                std::shared_ptr<const config::Config> config, const Clock& clock,
                                                NotifierOptions options = {});
  ~Notifier();  // Stops.
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Starts the thread (no-op when running).
  void Start();
  // Asks the thread to stop and joins it (no-op when not running).
  void Stop();
  bool Running() const { return running_.load(); }

  // One pass at `now` (or the clock's now). Errors, and exceptions, are
  // logged and counted in tick_errors and errors; the next pass tries again.
  Status Tick(Timestamp now);
  Status Tick();

  // Takes a new config (SIGHUP). Never waits for a pass or a delivery in
  // flight: the next pass uses it (a pass in progress finishes with the old
  // one). Parked reminders of every channel whose configuration changed are
  // queued again by the next pass. On error (bad templates or schedule) the
  // running config stays.
  Status Reconfigure(std::shared_ptr<const config::Config> config);

  // Queues the parked reminders `filter` selects again, recording `actor`
  // (e.g. the token's name) as who asked; returns their ids. Waits for a
  // pass in progress; the next pass (right after) delivers them.
  Result<std::vector<std::string>> RetryParked(const RequeueFilter& filter, const std::string& actor);

  NotifierMetrics Metrics() const;
  // Why the notifier is not fully healthy (empty when it is): the last pass
  // failed, or errors were counted (exceptions caught, reminder events or
  // feed events refused) since the last pass that ran without one. A pass
  // that completes without a new error clears them; the error counter
  // (Metrics().errors) keeps the total.
  std::vector<std::string> DegradedReasons() const;
  // The feed cursor of webhook `name` (0 when none).
  std::uint64_t FeedCursor(const std::string& name) const;

 private:
  struct Setup {
    std::shared_ptr<const config::Config> config;
    std::unique_ptr<SendSchedule> schedule;
    std::unique_ptr<Templates> templates;
    std::shared_ptr<ChannelDirectory> channels;
    std::unique_ptr<Backoff> backoff;  // Used by passes only (one at a time).
  };
  Notifier(events::EventStore& store, projections::Projections& projections, const Clock& clock,
           NotifierOptions options);
  Result<std::shared_ptr<Setup>> MakeSetup(std::shared_ptr<const config::Config> config) const;
  std::shared_ptr<Setup> CurrentSetup() const MRTRACK_EXCLUDES(setup_mu_);
  Status TickLocked(Timestamp now, NotifierMetrics& scratch) MRTRACK_REQUIRES(mu_);
  void CountError(const std::string& what) MRTRACK_EXCLUDES(metrics_mu_);
  void Run();

  // Constant after construction.
  events::EventStore& store_;
  projections::Projections& projections_;
  const Clock& clock_;
  const NotifierOptions options_;

  // Guarded by setup_mu_, which is only held to read or swap these (never
  // during a pass): a reload never waits for a delivery.
  mutable Mutex setup_mu_ MRTRACK_ACQUIRED_AFTER(mu_);
  std::shared_ptr<Setup> setup_ MRTRACK_GUARDED_BY(setup_mu_);
  // Channels whose configuration changed: their parked reminders are queued again by the next pass.
  std::set<std::string> requeue_channels_ MRTRACK_GUARDED_BY(setup_mu_);

  // Guarded by mu_ (held for a whole pass).
  mutable Mutex mu_;
  std::unique_ptr<Outbox> outbox_ MRTRACK_GUARDED_BY(mu_);
  std::unique_ptr<FeedPublisher> feed_ MRTRACK_GUARDED_BY(mu_);
  std::unique_ptr<ReportSender> reports_ MRTRACK_GUARDED_BY(mu_);

  // Guarded by metrics_mu_ (held only to copy).
  mutable Mutex metrics_mu_ MRTRACK_ACQUIRED_AFTER(mu_);
  NotifierMetrics metrics_ MRTRACK_GUARDED_BY(metrics_mu_);
  bool last_tick_failed_ MRTRACK_GUARDED_BY(metrics_mu_) = false;
  // metrics_.errors at the end of the last pass that counted no new error:
  // errors beyond it make the notifier degraded (DegradedReasons).
  std::uint64_t errors_cleared_ MRTRACK_GUARDED_BY(metrics_mu_) = 0;

  // The next retry's time on clock_ (microseconds since the epoch; 0: none),
  // and a request for a pass now (a reload to act on, a retry).
  std::atomic<std::int64_t> next_attempt_us_{0};
  std::atomic<bool> wake_{false};

  // The thread: started and stopped by the owner.
  Mutex thread_mu_;
  std::thread thread_ MRTRACK_GUARDED_BY(thread_mu_);
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
};

}  // namespace mrtrack::notifier
