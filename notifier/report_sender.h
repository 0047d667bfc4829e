// ReportSender: e-mails each [[reports]] of the config when it is due
// (docs/NOTIFIER.md "Reports"), as one pass of the notifier.
//
// A monthly report is due on its `day` of each month at reminders.send_time
// in the organisation's zone and covers the month before; a weekly one on its
// weekday and covers the ISO week before. A report due longer ago than
// reminders.catch_up_window (the daemon was down, or the report is new) is
// not sent: no stale report goes out. Figures are as of the end of the
// period (projections/report.h).
//
// Durability: each report sent is a ReportSent event in the stream
// "report-<name>", appended after the delivery; a period with such an event
// is never sent again. A crash between the delivery and the append sends it
// once more on restart, under the same Message-ID (ReportMessageId), which
// mail systems use to drop the duplicate. A failed delivery is retried with
// the notifier's backoff.
//
// Thread safety: none; used by the notifier under its pass lock.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "config/config.h"
#include "events/store.h"
#include "notifier/backoff.h"
#include "notifier/channel.h"
#include "notifier/metrics.h"
#include "notifier/send_schedule.h"
#include "notifier/templates.h"
#include "projections/report.h"

namespace mrtrack::notifier {

// The last time `report` fell due at or before `now`, and the period it covers.
struct ReportDue {
  projections::ReportPeriod period;
  Timestamp due_at{};
};
ReportDue LastReportDue(const config::ReportSchedule& report, const SendSchedule& schedule, Timestamp now);

class ReportSender {
 public:
  // `store` must outlive the sender.
  explicit ReportSender(events::EventStore& store);

  // Sends what is due at `now`. The errors of a report are logged and
  // counted in `metrics` (errors, last_error) and do not stop the others.
  void Pass(const config::Config& config, const Templates& templates, const SendSchedule& schedule,
              ChannelDirectory& channels, Timestamp now, Backoff& backoff, NotifierMetrics& metrics);

  // The periods of report `name` sent so far, from its stream.
  Result<std::vector<std::string>> SentPeriods(const std::string& name) const;

 private:
  struct Failure {
    std::string period;
    int failures = 0;
    Timestamp next_attempt{};
  };
  Status SendOne(const config::Config& config, const config::ReportSchedule& report, const ReportDue& due,
                 const Templates& templates, ChannelDirectory& channels, Timestamp now);

  events::EventStore& store_;
  std::map<std::string, Failure> failures_;  // By report name: the period that failed last.
};

}  // namespace mrtrack::notifier
