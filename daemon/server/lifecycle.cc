#include "daemon/server/lifecycle.h"

#include <systemd/sd-daemon.h>

#include <csignal>

#include "daemon/server/logging.h"

namespace mrtrack::daemon {

Lifecycle::Lifecycle(boost::asio::io_context& io, Callbacks callbacks)
    : callbacks_(std::move(callbacks)),
      strand_(boost::asio::make_strand(io)),
      signals_(strand_, SIGTERM, SIGINT, SIGHUP),
      watchdog_(strand_) {}

void Lifecycle::Start() {
  WaitForSignal();
  auto interval = WatchdogInterval();
  if (interval.count() > 0) {
    watchdog_period_ = interval / 2;
    Log(spdlog::level::info, "systemd watchdog enabled",
        {{"interval_ms", std::to_string(interval.count() / 1000)},
         {"ping_every_ms", std::to_string(watchdog_period_.count() / 1000)}});
    ScheduleWatchdog();
  }
}

void Lifecycle::Stop() {
  stopped_ = true;
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  watchdog_.cancel();
}

void Lifecycle::WaitForSignal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec || stopped_) return;  // Cancelled by Stop().
    if (signal == SIGHUP) {
      if (callbacks_.on_reload) callbacks_.on_reload();
    } else if (!terminating_) {
      terminating_ = true;
      if (callbacks_.on_terminate) callbacks_.on_terminate(signal);
    } else {
      Log(spdlog::level::warn, "already stopping; waiting for requests in flight to finish");
    }
    if (!stopped_) WaitForSignal();
  });
}

void Lifecycle::ScheduleWatchdog() {
  sd_notify(0, "WATCHDOG=1");
  watchdog_.expires_after(watchdog_period_);
  watchdog_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    ScheduleWatchdog();
  });
}

void Lifecycle::NotifyReady(const std::string& status) { sd_notify(0, ("READY=1\nSTATUS=" + status).c_str()); }

void Lifecycle::NotifyStopping() { sd_notify(0, "STOPPING=1\nSTATUS=stopping: finishing requests in flight"); }

// systemd expects READY=1 again when the reload is done.
void Lifecycle::NotifyReloading() { sd_notify(0, "RELOADING=1\nSTATUS=reloading configuration"); }

void Lifecycle::NotifyStatus(const std::string& status) { sd_notify(0, ("STATUS=" + status).c_str()); }

std::chrono::microseconds Lifecycle::WatchdogInterval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0) return std::chrono::microseconds(0);
  return std::chrono::microseconds(static_cast<std::int64_t>(usec));
}

}  // namespace mrtrack::daemon
