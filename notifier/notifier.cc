#include "notifier/notifier.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "notifier/channels/channel_directory.h"
#include "notifier/dispatcher.h"
#include "notifier/facts_from_projections.h"
#include "projections/projections.h"

namespace mrtrack::notifier {

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
  MutexLock metrics_lock(&n->metrics_mu_);
  MRTRACK_ASSIGN_OR_RETURN(n->setup_, n->MakeSetup(std::move(config)));
  MRTRACK_ASSIGN_OR_RETURN(n->outbox_, Outbox::Open(store));
  n->feed_ = std::make_unique<FeedPublisher>(store, n->options_.state_dir);
  n->backoff_ = std::make_unique<Backoff>(n->setup_.config->reminders.initial_backoff, n->options_.jitter_seed);
  n->metrics_.outbox_depth = n->outbox_->Depth();
  spdlog::info("notifier: outbox rebuilt from the log: {} pending reminder(s)", n->outbox_->Depth());
  return n;
}

Result<Notifier::Setup> Notifier::MakeSetup(std::shared_ptr<const config::Config> config) const {
  Setup s;
  MRTRACK_ASSIGN_OR_RETURN(SendSchedule schedule,
                           SendSchedule::Make(config->reminders, config->organisation.time_zone));
  s.schedule = std::make_unique<SendSchedule>(schedule);
  MRTRACK_ASSIGN_OR_RETURN(Templates templates, Templates::Load(config->templates_dir));
  s.templates = std::make_unique<Templates>(std::move(templates));
  s.channels = options_.channels ? options_.channels
                                 : std::shared_ptr<ChannelDirectory>(
                                       ConfiguredChannels::Make(*config, clock_, options_.maildir));
  s.config = std::move(config);
  return s;
}

Status Notifier::Reconfigure(std::shared_ptr<const config::Config> config) {
  if (!config) return InvalidArgument("the notifier needs a config");
  auto setup = MakeSetup(std::move(config));
  if (!setup.ok()) {
    spdlog::error("notifier: new config not taken: {}", setup.status().ToString());
    return setup.status();
  }
  MutexLock lock(&mu_);
  setup_ = std::move(*setup);
  backoff_ = std::make_unique<Backoff>(setup_.config->reminders.initial_backoff, options_.jitter_seed);
  return Status::Ok();
}

Status Notifier::Tick() { return Tick(clock_.Now()); }

Status Notifier::Tick(Timestamp now) {
  MutexLock lock(&mu_);
  Status s = TickLocked(now);
  MutexLock m(&metrics_mu_);
  ++metrics_.ticks;
  metrics_.last_tick = now;
  metrics_.outbox_depth = outbox_->Depth();
  if (!s.ok()) {
    ++metrics_.tick_errors;
    spdlog::error("notifier: pass failed: {}", s.ToString());
  }
  return s;
}

Status Notifier::TickLocked(Timestamp now) {
  if (options_.catch_up_projections) {
    auto caught = projections_.CatchUp();
    if (!caught.ok()) return caught.status().WithContext("notifier: projections");
  }
  std::vector<ActionFacts> facts;
  projections_.Read([&](const projections::ViewModel& model) { facts = FactsFromModel(model); });

  const config::Config& config = *setup_.config;
  const std::size_t skipped_before = outbox_->state().counts().skipped;
  MRTRACK_ASSIGN_OR_RETURN(PlanReport plan, outbox_->Plan(facts, config, *setup_.schedule, now, options_.late_after));
  if (plan.written + plan.missed + plan.cancelled + plan.superseded > 0) {
    spdlog::info("notifier: {} reminder(s) due ({} late), {} missed, {} cancelled, {} superseded", plan.written,
                 plan.late, plan.missed, plan.cancelled, plan.superseded);
  }
  NotifierMetrics scratch;
  {
    MutexLock m(&metrics_mu_);
    scratch = metrics_;
  }
  scratch.reminders_written += plan.written;
  scratch.reminders_late += plan.late;

  const MessageContext ctx{config, *setup_.templates, *setup_.schedule};
  Status status = Status::Ok();
  auto delivered = DeliverReady(*outbox_, *setup_.channels, ctx, *backoff_, now, scratch);
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
  Status feed = feed_->Pass(config, *setup_.templates, *setup_.channels, lookup, now, *backoff_, scratch);
  if (status.ok()) status = feed;

  scratch.reminders_skipped += outbox_->state().counts().skipped - skipped_before;
  {
    MutexLock m(&metrics_mu_);
    scratch.ticks = metrics_.ticks;
    scratch.tick_errors = metrics_.tick_errors;
    metrics_ = std::move(scratch);
  }
  return status;
}

NotifierMetrics Notifier::Metrics() const {
  MutexLock m(&metrics_mu_);
  return metrics_;
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
    const auto now = Steady::now();
    const bool new_events = store_.HeadPosition() > seen;
    if (now >= next_tick || (new_events && now - last_tick >= options_.min_event_spacing)) {
      // Whatever this pass appends itself counts as seen.
      Tick(clock_.Now()).IgnoreError();  // Logged and counted by Tick.
      seen = store_.HeadPosition();
      last_tick = Steady::now();
      next_tick = last_tick + options_.tick_interval;
      continue;
    }
    auto wait = std::min<Steady::duration>(next_tick - now, options_.wait_granularity);
    if (new_events) wait = std::min<Steady::duration>(wait, options_.min_event_spacing - (now - last_tick));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait) + std::chrono::milliseconds(1);
    if (new_events) {
      std::this_thread::sleep_for(ms);  // Spacing passes under a burst of writes.
    } else {
      store_.WaitForPositionAfter(seen, ms);
    }
  }
}

}  // namespace mrtrack::notifier
