#include "notifier/notifier.h"

#include <exception>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "common/sign_in_link.h"
#include "common/time.h"
#include "notifier/channels/channel_directory.h"
#include "events/domain/ids.h"
#include "notifier/dispatcher.h"
#include "notifier/facts_from_projections.h"
#include "notifier/reminder_events.h"
#include "notifier/retry.h"
#include "projections/projections.h"

namespace mrtrack::notifier {
namespace {

bool SameSmtp(const config::SmtpOptions& a, const config::SmtpOptions& b) {
  return a.url == b.url && a.username == b.username && a.password == b.password && a.from == b.from &&
         a.starttls == b.starttls && a.timeout == b.timeout;
}

bool SameWebhook(const config::WebhookChannel& a, const config::WebhookChannel& b) {
  return a.kind == b.kind && a.url == b.url && a.secret == b.secret && a.timeout == b.timeout;
}

// The channels whose configuration differs between `before` and `after`:
// "email" when the SMTP settings or any unit's addresses changed,
// "webhook:<name>" when that webhook's settings changed.
std::set<std::string> ChangedChannels(const config::Config& before, const config::Config& after) {
  std::set<std::string> out;
  bool email = !SameSmtp(before.smtp, after.smtp) || before.units.size() != after.units.size();
  for (std::size_t i = 0; !email && i < before.units.size(); ++i) {
    email = before.units[i].id != after.units[i].id || before.units[i].emails != after.units[i].emails;
  }
  if (email) out.insert(kEmailChannel);
  for (const auto& w : after.webhooks) {
    const config::WebhookChannel* old = FindWebhook(kWebhookChannelPrefix + w.name, before);
    if (old == nullptr || !SameWebhook(*old, w)) out.insert(kWebhookChannelPrefix + w.name);
  }
  return out;
}

std::int64_t Micros(Timestamp t) { return t.time_since_epoch().count(); }

// The last position up to which what was appended after `from` are reminder
// events only: the notifier is the only writer of reminder streams, so these
// are a pass's own writes and count as seen. Whatever else was appended
// meanwhile (an import landing mid-pass) stays unseen and gets a pass of its
// own. A failed read counts nothing as seen: the next pass comes anyway.
std::uint64_t OwnWritesUpTo(const events::EventStore& store, std::uint64_t from, std::uint64_t head) {
  const std::string prefix = events::ReminderStream("");
  std::uint64_t seen = from;
  Status s = store.Scan(from + 1, [&](const events::RecordedEvent& e) {
    if (e.position > head || e.stream.compare(0, prefix.size(), prefix) != 0) return false;
    seen = e.position;
    return true;
  });
  return s.ok() ? seen : from;
}

}  // namespace

Notifier::Notifier(events::EventStore& store, projections::Projections& projections, const Clock& clock,
                   NotifierOptions options)
    : store_(store), projections_(projections), clock_(clock), options_(std::move(options)) {}

Notifier::~Notifier() { Stop(); }

Result<std::unique_ptr<Notifier>> Notifier::Open(events::EventStore& store, projections::Projections& projections,
                                                 std::shared_ptr<const config::Config> config, const Clock& clock,
                                                 NotifierOptions options) {
  if (!config) return InvalidArgument("the notifier needs a config");
  if (options.state_dir.empty()) {
    options.state_dir = (std::filesystem::path(config->storage.data_dir) / "notifier").string();
  }
  if (options.maildir.empty()) {
    options.maildir = (std::filesystem::path(config->storage.data_dir) / "maildir").string();
  }
  std::unique_ptr<Notifier> n(new Notifier(store, projections, clock, std::move(options)));
  // Not shared yet; the locks are uncontended and taken for the analysis.
  MutexLock lock(&n->mu_);
  MutexLock setup_lock(&n->setup_mu_);
  MutexLock metrics_lock(&n->metrics_mu_);
  MRTRACK_ASSIGN_OR_RETURN(n->setup_, n->MakeSetup(std::move(config)));
  MRTRACK_ASSIGN_OR_RETURN(n->outbox_, Outbox::Open(store, clock));
  n->feed_ = std::make_unique<FeedPublisher>(store, n->options_.state_dir);
  n->reports_ = std::make_unique<ReportSender>(store);
  n->metrics_.outbox_depth = n->outbox_->Depth();
  n->metrics_.parked = n->outbox_->state().parked().size();
  if (const auto bad = n->outbox_->state().malformed(); bad > 0) {
    n->metrics_.errors += bad;
    n->metrics_.last_error = n->outbox_->state().last_malformed();
  }
  spdlog::info("notifier: outbox rebuilt from the log: {} pending, {} parked reminder(s)", n->outbox_->Depth(),
               n->outbox_->state().parked().size());
  return n;
}

Result<std::shared_ptr<Notifier::Setup>> Notifier::MakeSetup(std::shared_ptr<const config::Config> config) const {
  auto s = std::make_shared<Setup>();
  MRTRACK_ASSIGN_OR_RETURN(SendSchedule schedule,
                           SendSchedule::Make(config->reminders, config->organisation.time_zone));
  s->schedule = std::make_unique<SendSchedule>(schedule);
  MRTRACK_ASSIGN_OR_RETURN(Templates templates, Templates::Load(config->templates_dir));
  s->templates = std::make_unique<Templates>(std::move(templates));
  s->channels = options_.channels ? options_.channels
                                  : std::shared_ptr<ChannelDirectory>(
                                        ConfiguredChannels::Make(*config, clock_, options_.maildir));
  s->backoff = std::make_unique<Backoff>(config->reminders.initial_backoff, options_.jitter_seed);
  s->config = std::move(config);
  return s;
}

std::shared_ptr<Notifier::Setup> Notifier::CurrentSetup() const {
  MutexLock lock(&setup_mu_);
  return setup_;
}

Status Notifier::Reconfigure(std::shared_ptr<const config::Config> config) {
  if (!config) return InvalidArgument("the notifier needs a config");
  auto setup = MakeSetup(std::move(config));
  if (!setup.ok()) {
    spdlog::error("notifier: new config not taken: {}", setup.status().ToString());
    return setup.status();
  }
  std::set<std::string> changed;
  {
    MutexLock lock(&setup_mu_);
    changed = ChangedChannels(*setup_->config, *(*setup)->config);
    requeue_channels_.insert(changed.begin(), changed.end());
    setup_ = std::move(*setup);
  }
  if (!changed.empty()) wake_.store(true);
  return Status::Ok();
}

Result<std::vector<std::string>> Notifier::RetryParked(const RequeueFilter& filter, const std::string& actor) {
  std::vector<std::string> ids;
  {
    MutexLock lock(&mu_);
    MRTRACK_ASSIGN_OR_RETURN(ids, outbox_->Requeue(filter, RetryReason(filter, actor), actor));
  }
  if (!ids.empty()) {
    spdlog::info("notifier: {} parked reminder(s) queued again by {}", ids.size(), actor);
    wake_.store(true);
  }
  return ids;
}

Status Notifier::Tick() { return Tick(clock_.Now()); }

void Notifier::CountError(const std::string& what) {
  MutexLock m(&metrics_mu_);
  ++metrics_.errors;
  metrics_.last_error = what;
}

Status Notifier::Tick(Timestamp now) {
  MutexLock lock(&mu_);
  NotifierMetrics scratch;
  {
    MutexLock m(&metrics_mu_);
    scratch = metrics_;
  }
  const std::uint64_t malformed_before = outbox_->state().malformed();
  const std::uint64_t errors_before = scratch.errors;
  Status s;
  try {
    s = TickLocked(now, scratch);
  } catch (const std::exception& e) {
    s = Internal(std::string("notifier: unexpected exception in a pass: ") + e.what());
  } catch (...) {
    s = Internal("notifier: unexpected exception in a pass");
  }
  const std::uint64_t malformed = outbox_->state().malformed() - malformed_before;
  if (const auto next = outbox_->NextAttemptAfter(now)) {
    next_attempt_us_.store(Micros(*next));
  } else {
    next_attempt_us_.store(0);
  }
  MutexLock m(&metrics_mu_);
  scratch.ticks = metrics_.ticks + 1;
  scratch.tick_errors = metrics_.tick_errors;
  // The pass's own errors (the feed's) are in scratch; the thread's since, in metrics_.
  scratch.errors += malformed + (metrics_.errors - errors_before);
  if (malformed > 0) scratch.last_error = outbox_->state().last_malformed();
  scratch.last_tick = now;
  scratch.outbox_depth = outbox_->Depth();
  scratch.parked = outbox_->state().parked().size();
  last_tick_failed_ = !s.ok();
  // A pass that ran through without a new error clears what was degraded.
  if (s.ok() && scratch.errors == errors_before) errors_cleared_ = scratch.errors;
  if (!s.ok()) {
    ++scratch.tick_errors;
    ++scratch.errors;
    scratch.last_error = s.ToString();
    spdlog::error("notifier: pass failed: {}", s.ToString());
  }
  metrics_ = std::move(scratch);
  return s;
}

Status Notifier::TickLocked(Timestamp now, NotifierMetrics& scratch) {
  const std::shared_ptr<Setup> setup = CurrentSetup();
  std::set<std::string> requeue;
  {
    MutexLock lock(&setup_mu_);
    requeue.swap(requeue_channels_);
  }
  for (const auto& channel : requeue) {
    RequeueFilter filter;
    filter.channel = channel;
    auto ids = outbox_->Requeue(filter, "the configuration of channel " + channel + " changed", kNotifierActor);
    if (!ids.ok()) {
      MutexLock lock(&setup_mu_);
      requeue_channels_.insert(channel);  // Next pass.
      return ids.status();
    }
    if (!ids->empty()) spdlog::info("notifier: {} parked reminder(s) of {} queued again", ids->size(), channel);
  }

  if (options_.catch_up_projections) {
    auto caught = projections_.CatchUp();
    if (!caught.ok()) return caught.status().WithContext("notifier: projections");
  }
  std::vector<ActionFacts> facts;
  projections_.Read([&](const projections::ViewModel& model) { facts = FactsFromModel(model); });

  const config::Config& config = *setup->config;
  const std::size_t skipped_before = outbox_->state().counts().skipped;
  MRTRACK_ASSIGN_OR_RETURN(PlanReport plan, outbox_->Plan(facts, config, *setup->schedule, now, options_.late_after));
  if (plan.written + plan.cancelled + plan.superseded > 0) {
    spdlog::info("notifier: {} reminder(s) due ({} late), {} cancelled, {} superseded", plan.written, plan.late,
                 plan.cancelled, plan.superseded);
  }
  scratch.reminders_written += plan.written;
  scratch.reminders_late += plan.late;

  // Read on every pass: replacing the key file revokes the links of earlier reminders at once.
  auto sign_in_key = LoadSignInLinkKey(config.storage.data_dir);
  if (!sign_in_key.ok()) spdlog::warn("notifier: reminders go without sign-in links: {}", sign_in_key.status().ToString());
  const MessageContext ctx{config, *setup->templates, *setup->schedule, sign_in_key.ok() ? *sign_in_key : std::string()};
  Status status = Status::Ok();
  auto delivered = DeliverReady(*outbox_, *setup->channels, ctx, *setup->backoff, now, scratch);
  if (!delivered.ok()) status = delivered.status();

  FeedActionLookup lookup = [this](const std::string& action_id,
                                   std::uint64_t position) -> std::optional<FeedActionInfo> {
    if (!options_.catch_up_projections) projections_.WaitForPosition(position, std::chrono::seconds(2));
    std::optional<FeedActionInfo> info;
    projections_.Read([&](const projections::ViewModel& model) {
      const auto* a = model.FindAction(action_id);
      if (a == nullptr) return;
      FeedActionInfo i;
      i.units = a->responsible.units;
      i.label = a->label;
      i.description = a->description;
      if (const auto* ev = model.FindEvaluation(a->evaluation_id)) i.evaluation_title = ev->title;
      info = std::move(i);
    });
    return info;
  };
  Status feed = feed_->Pass(config, *setup->templates, *setup->channels, lookup, now, *setup->backoff, scratch);
  if (status.ok()) status = feed;
  // Its errors are counted in scratch (degraded until a pass without one) and logged.
  reports_->Pass(config, *setup->templates, *setup->schedule, *setup->channels, now, *setup->backoff, scratch);

  scratch.reminders_skipped += outbox_->state().counts().skipped - skipped_before;
  return status;
}

NotifierMetrics Notifier::Metrics() const {
  MutexLock m(&metrics_mu_);
  return metrics_;
}

std::vector<std::string> Notifier::DegradedReasons() const {
  MutexLock m(&metrics_mu_);
  std::vector<std::string> reasons;
  if (last_tick_failed_) reasons.push_back("notifier: the last pass failed: " + metrics_.last_error);
  if (metrics_.errors > errors_cleared_) {
    reasons.push_back("notifier: " + std::to_string(metrics_.errors - errors_cleared_) +
                      " error(s) since the last pass without one (mrtrack_notifier_errors_total); the last: " +
                      metrics_.last_error);
  }
  return reasons;
}

std::uint64_t Notifier::FeedCursor(const std::string& name) const {
  MutexLock lock(&mu_);
  return feed_->Cursor(name);
}

void Notifier::Start() {
  MutexLock lock(&thread_mu_);
  if (running_.load()) return;
  stop_.store(false);
  running_.store(true);
  thread_ = std::thread([this] { Run(); });
}

void Notifier::Stop() {
  MutexLock lock(&thread_mu_);
  if (!thread_.joinable()) return;
  stop_.store(true);
  thread_.join();
  running_.store(false);
}

void Notifier::Run() {
  using Steady = std::chrono::steady_clock;
  auto next_tick = Steady::now();
  auto last_tick = Steady::time_point{};
  std::uint64_t seen = 0;
  while (!stop_.load()) {
    // No exception leaves this thread: whatever happens is logged, counted and the loop goes on.
    try {
      const auto now = Steady::now();
      const bool new_events = store_.HeadPosition() > seen;
      const std::int64_t retry_us = next_attempt_us_.load();
      const bool retry_due = retry_us != 0 && Micros(clock_.Now()) >= retry_us;
      if (now >= next_tick || wake_.exchange(false) || retry_due ||
          (new_events && now - last_tick >= options_.min_event_spacing)) {
        const std::uint64_t head_before = store_.HeadPosition();
        Tick(clock_.Now()).IgnoreError();  // Logged and counted by Tick.
        seen = OwnWritesUpTo(store_, head_before, store_.HeadPosition());
        last_tick = Steady::now();
        next_tick = last_tick + options_.tick_interval;
        continue;
      }
      auto wait = std::min<Steady::duration>(next_tick - now, options_.wait_granularity);
      if (retry_us != 0) {
        const auto until_retry = std::chrono::microseconds(retry_us - Micros(clock_.Now()));
        wait = std::min<Steady::duration>(wait, until_retry);
      }
      if (new_events) wait = std::min<Steady::duration>(wait, options_.min_event_spacing - (now - last_tick));
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait) + std::chrono::milliseconds(1);
      if (new_events) {
        std::this_thread::sleep_for(ms);  // Spacing passes under a burst of writes.
      } else {
        store_.WaitForPositionAfter(seen, ms);
      }
    } catch (const std::exception& e) {
      spdlog::error("notifier: unexpected exception in its thread: {}", e.what());
      CountError(std::string("exception in the notifier's thread: ") + e.what());
      std::this_thread::sleep_for(options_.wait_granularity);
    } catch (...) {
      spdlog::error("notifier: unexpected exception in its thread");
      CountError("exception in the notifier's thread");
      std::this_thread::sleep_for(options_.wait_granularity);
    }
  }
}

}  // namespace mrtrack::notifier
