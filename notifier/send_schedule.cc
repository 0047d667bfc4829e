#include "notifier/send_schedule.h"

#include <exception>

#include "config/validate.h"

namespace mrtrack::notifier {

using std::chrono::minutes;

namespace {
constexpr int kMinutesPerDay = 24 * 60;
}  // namespace

Timestamp LocalToInstant(date::local_time<minutes> local, const date::time_zone& zone) {
  const date::local_info info = zone.get_info(local);
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // The earlier of the two instants.
      return std::chrono::time_point_cast<std::chrono::microseconds>(
          date::sys_time<minutes>(local.time_since_epoch()) - std::chrono::duration_cast<minutes>(info.first.offset));
    case date::local_info::nonexistent:
    default:  // The clock jumped over this time: the first instant after the gap.
      return std::chrono::time_point_cast<std::chrono::microseconds>(info.second.begin);
  }
}

Result<SendSchedule> SendSchedule::Make(const config::ReminderRules& rules, const std::string& time_zone) {
  SendSchedule s;
  try {
    s.zone_ = date::locate_zone(time_zone);
  } catch (const std::exception& e) {
    return InvalidArgument("unknown time zone '" + time_zone + "': " + e.what(), "organisation.time_zone");
  }
  auto send = config::ParseClockTime(rules.send_time);
  if (!send.ok()) return send.status().WithContext("reminders.send_time");
  s.send_minute_ = *send;
  if (!rules.quiet_start.empty() || !rules.quiet_end.empty()) {
    if (rules.quiet_start.empty() || rules.quiet_end.empty()) {
      return InvalidArgument("quiet hours need both quiet_start and quiet_end", "reminders.quiet_start");
    }
    auto qs = config::ParseClockTime(rules.quiet_start);
    if (!qs.ok()) return qs.status().WithContext("reminders.quiet_start");
    auto qe = config::ParseClockTime(rules.quiet_end);
    if (!qe.ok()) return qe.status().WithContext("reminders.quiet_end");
    if (*qs != *qe) {  // An empty window means no quiet hours.
      s.quiet_start_ = *qs;
      s.quiet_end_ = *qe;
    }
  }
  return s;
}

bool SendSchedule::QuietMinute(int minute) const {
  if (!quiet_start_) return false;
  const int qs = *quiet_start_, qe = *quiet_end_;
  if (qs < qe) return minute >= qs && minute < qe;
  return minute >= qs || minute < qe;  // Wraps past midnight.
}

int SendSchedule::MoveOutOfQuiet(int minute) const {
  if (!QuietMinute(minute)) return minute;
  const int qe = *quiet_end_;
  return minute < qe ? qe : qe + kMinutesPerDay;
}

Timestamp SendSchedule::SendInstant(date::local_days day) const {
  const int minute = MoveOutOfQuiet(send_minute_);
  return LocalToInstant(date::local_time<minutes>(day) + minutes(minute), *zone_);
}

date::local_days SendSchedule::LocalDay(Timestamp t) const {
  const auto local = zone_->to_local(t);
  return date::floor<date::days>(local);
}

Timestamp SendSchedule::StartOfDay(date::local_days day) const {
  return LocalToInstant(date::local_time<minutes>(day), *zone_);
}

bool SendSchedule::InQuietHours(Timestamp t) const {
  if (!quiet_start_) return false;
  const auto local = date::floor<minutes>(zone_->to_local(t));
  const auto day = date::floor<date::days>(local);
  return QuietMinute(static_cast<int>((local - day).count()));
}

Timestamp SendSchedule::OutOfQuietHours(Timestamp t) const {
  if (!InQuietHours(t)) return t;
  const auto local = date::floor<minutes>(zone_->to_local(t));
  const auto day = date::floor<date::days>(local);
  const int minute = static_cast<int>((local - day).count());
  return LocalToInstant(date::local_time<minutes>(day) + minutes(MoveOutOfQuiet(minute)), *zone_);
}

}  // namespace mrtrack::notifier
