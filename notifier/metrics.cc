#include "notifier/metrics.h"

#include <string>

#include "common/prometheus.h"

namespace mrtrack::notifier {
namespace {

void Counter(std::string& out, const std::string& name, const std::string& help, std::uint64_t value) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " + std::to_string(value) + "\n";
}

}  // namespace

std::string RenderPrometheus(const NotifierMetrics& m) {
  std::string out;
  struct Family {
    const char* name;
    const char* help;
    std::uint64_t ChannelCounters::*field;
  };
  const Family families[] = {
      {"mrtrack_notifier_delivery_attempts_total", "Messages handed to a channel.", &ChannelCounters::attempts},
      {"mrtrack_notifier_deliveries_total", "Messages delivered.", &ChannelCounters::delivered},
      {"mrtrack_notifier_delivery_retryable_failures_total", "Failed attempts that will be retried.",
       &ChannelCounters::retryable_failures},
      {"mrtrack_notifier_delivery_permanent_failures_total", "Messages parked or dropped after a permanent failure.",
       &ChannelCounters::permanent_failures},
  };
  for (const auto& f : families) {
    out += std::string("# HELP ") + f.name + " " + f.help + "\n# TYPE " + f.name + " counter\n";
    for (const auto& [channel, c] : m.channels) {
      out += std::string(f.name) + "{channel=\"" + PrometheusLabelValue(channel) + "\"} " +
             std::to_string(c.*f.field) + "\n";
    }
  }
  out += "# HELP mrtrack_notifier_outbox_depth Reminders written and not yet delivered, failed or skipped.\n"
         "# TYPE mrtrack_notifier_outbox_depth gauge\nmrtrack_notifier_outbox_depth " +
         std::to_string(m.outbox_depth) + "\n";
  out += "# HELP mrtrack_notifier_parked Reminders parked after a permanent failure.\n"
         "# TYPE mrtrack_notifier_parked gauge\nmrtrack_notifier_parked " +
         std::to_string(m.parked) + "\n";
  Counter(out, "mrtrack_notifier_errors_total",
          "Errors in the notifier's thread: failed passes, exceptions, refused reminder events.", m.errors);
  Counter(out, "mrtrack_notifier_reminders_written_total", "ReminderDue events written.", m.reminders_written);
  Counter(out, "mrtrack_notifier_reminders_late_total", "Reminders written late (catch-up).", m.reminders_late);
  Counter(out, "mrtrack_notifier_reminders_skipped_total", "ReminderSkipped events written.", m.reminders_skipped);
  Counter(out, "mrtrack_notifier_ticks_total", "Planning and delivery passes.", m.ticks);
  Counter(out, "mrtrack_notifier_tick_errors_total", "Passes that ended in an error.", m.tick_errors);
  Counter(out, "mrtrack_notifier_feed_posted_total", "Status changes posted to feed webhooks.", m.feed_posted);
  Counter(out, "mrtrack_notifier_reports_sent_total", "Reports to governing bodies e-mailed.", m.reports_sent);
  Counter(out, "mrtrack_notifier_feed_dropped_total", "Status changes given up on.", m.feed_dropped);
  return out;
}

}  // namespace mrtrack::notifier
