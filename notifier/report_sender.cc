#include "notifier/report_sender.h"

#include <algorithm>
#include <limits>

#include <spdlog/spdlog.h>

#include "common/time.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "notifier/report_message.h"
#include "projections/snapshot_cache.h"

namespace mrtrack::notifier {
namespace {

// The report's sending day in month `month`, at the send time.
Timestamp MonthlySendAt(const config::ReportSchedule& report, const SendSchedule& schedule, date::year_month month) {
  return schedule.SendInstant(date::local_days{month / date::day(static_cast<unsigned>(report.day))});
}

// Its ReportSent event (events/domain/event_types.h).
events::NewEvent ReportSentEvent(const config::ReportSchedule& report, const projections::Report& figures,
                                 const std::string& message_id) {
  events::NewEvent e;
  e.type = events::types::kReportSent;
  e.actor = "system";
  e.data = {{"report", report.name},
            {"period", figures.period.label},
            {"from", FormatDate(figures.period.first)},
            {"to", FormatDate(figures.period.last)},
            {"recipients", report.recipients},
            {"message_id", message_id},
            {"position", figures.position}};
  return e;
}

}  // namespace

ReportDue LastReportDue(const config::ReportSchedule& report, const SendSchedule& schedule, Timestamp now) {
  const date::local_days today = schedule.LocalDay(now);
  if (report.every == config::ReportSchedule::Every::kMonthly) {
    const date::year_month_day ymd{today};
    date::year_month month = ymd.year() / ymd.month();
    if (MonthlySendAt(report, schedule, month) > now) month -= date::months(1);
    return {projections::MonthPeriod(month - date::months(1)), MonthlySendAt(report, schedule, month)};
  }
  const unsigned weekday = date::weekday(today).iso_encoding();  // 1 = Monday ... 7 = Sunday.
  date::local_days day = today - date::days((weekday + 7 - static_cast<unsigned>(report.day)) % 7);
  if (schedule.SendInstant(day) > now) day -= date::days(7);
  // The same weekday a week earlier lies in the ISO week before.
  const date::year_month_day week_before{date::sys_days((day - date::days(7)).time_since_epoch())};
  return {projections::WeekPeriod(week_before), schedule.SendInstant(day)};
}

ReportSender::ReportSender(events::EventStore& store) : store_(store) {}

Result<std::vector<std::string>> ReportSender::SentPeriods(const std::string& name) const {
  MRTRACK_ASSIGN_OR_RETURN(auto events, store_.ReadStream(events::ReportStream(name), 1, events::Direction::kForward,
                                                          std::numeric_limits<std::size_t>::max()));
  std::vector<std::string> periods;
  for (const auto& e : events) {
    const auto period = e.data.is_object() ? e.data.find("period") : e.data.end();
    if (e.type == events::types::kReportSent && period != e.data.end() && period->is_string()) {
      periods.push_back(period->get<std::string>());
    }
  }
  return periods;
}

void ReportSender::Pass(const config::Config& config, const Templates& templates, const SendSchedule& schedule,
                          ChannelDirectory& channels, Timestamp now, Backoff& backoff, NotifierMetrics& metrics) {
  for (const auto& report : config.reports) {
    const ReportDue due = LastReportDue(report, schedule, now);
    if (now - due.due_at > config.reminders.catch_up_window) continue;  // Too old to be news.
    const auto failed = failures_.find(report.name);
    if (failed != failures_.end() && failed->second.period == due.period.label && now < failed->second.next_attempt) {
      continue;
    }
    Status s = Status::Ok();
    auto sent = SentPeriods(report.name);
    if (!sent.ok()) {
      s = sent.status();
    } else if (std::find(sent->begin(), sent->end(), due.period.label) != sent->end()) {
      continue;  // Sent before.
    } else {
      s = SendOne(config, report, due, templates, channels, now);
      if (s.ok()) {
        ++metrics.reports_sent;
        failures_.erase(report.name);
        continue;
      }
    }
    Failure& f = failures_[report.name];
    if (f.period != due.period.label) f = Failure{due.period.label};
    ++f.failures;
    f.next_attempt = now + backoff.Delay(f.failures, std::nullopt);
    ++metrics.errors;
    metrics.last_error = "report " + report.name + " " + due.period.label + ": " + s.ToString();
    spdlog::error("notifier: {} (attempt {})", metrics.last_error, f.failures);
  }
}

Status ReportSender::SendOne(const config::Config& config, const config::ReportSchedule& report, const ReportDue& due,
                             const Templates& templates, ChannelDirectory& channels, Timestamp now) {
  const date::time_zone* zone = date::locate_zone(config.organisation.time_zone);
  // Replayed for this report alone (once a period), not kept: the models are as large as the views.
  projections::SnapshotCache snapshots(store_, 2);
  MRTRACK_ASSIGN_OR_RETURN(projections::Report figures,
                           projections::BuildReport(snapshots, due.period, report.units, *zone, now));
  MRTRACK_ASSIGN_OR_RETURN(OutgoingMessage message,
                           BuildReportMessage(figures, report.name, report.recipients, config, templates,
                                              ReportLanguage(report, config)));
  Channel* email = channels.Find("email");
  if (email == nullptr) return FailedPrecondition("no e-mail channel is configured");
  const DeliveryResult result = email->Deliver(message, 1);
  if (!result.delivered()) return Status(StatusCode::kUnavailable, "e-mail delivery failed: " + result.detail);
  MRTRACK_RETURN_IF_ERROR(
      store_.Append({{events::ReportStream(report.name), events::ExpectedVersion::Any(),
                      {ReportSentEvent(report, figures, message.id)}}})
          .status());
  spdlog::info("notifier: report {} {} sent to {} recipient(s)", report.name, due.period.label, report.recipients.size());
  return Status::Ok();
}

}  // namespace mrtrack::notifier
