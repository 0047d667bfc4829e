// Process lifecycle on the Boost.Asio event loop owned by main: signals,
// the systemd watchdog, and sd_notify.
//
// SIGTERM/SIGINT call on_terminate once (a second signal while draining is
// ignored: the drain is bounded by the server's timeouts); SIGHUP calls
// on_reload each time. WATCHDOG=1 is sent from a timer at half of
// WATCHDOG_USEC, so a stuck event loop stops the pings and systemd restarts
// the service. Without NOTIFY_SOCKET every notification is a no-op.
//
// Thread safety: construct and Start() before the io_context runs; the
// callbacks and Stop() run on the Lifecycle's strand, one at a time, whichever
// of the io_context's threads runs them; Notify* may be called from any thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <functional>
#include <string>

namespace mrtrack::daemon {

class Lifecycle {
 public:
  struct Callbacks {
    std::function<void(int signal)> on_terminate;
    std::function<void()> on_reload;
  };

  Lifecycle(boost::asio::io_context& io, Callbacks callbacks);

  // Starts waiting for signals and, when systemd asked for one, the watchdog.
  void Start();
  // Stops waiting for signals and the watchdog timer, so io_context::run() can
  // return. Only from a callback (on the strand).
  void Stop();

  static void NotifyReady(const std::string& status);
  static void NotifyStopping();
  static void NotifyReloading();
  static void NotifyStatus(const std::string& status);
  // The watchdog interval systemd asked for (zero when none).
  static std::chrono::microseconds WatchdogInterval();

 private:
  void WaitForSignal();
  void ScheduleWatchdog();

  Callbacks callbacks_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer watchdog_;
  std::chrono::microseconds watchdog_period_{0};
  bool terminating_ = false;
  bool stopped_ = false;
};

}  // namespace mrtrack::daemon
