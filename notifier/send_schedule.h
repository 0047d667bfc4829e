// SendSchedule: when, in the organisation's time zone, a reminder may go out —
// the configured send time on its day, moved out of quiet hours — turned
// into UTC instants with the date library's zone rules, so clock changes
// (DST) and month ends fall where a person there expects them.
//
// Local times that do not exist (the hour skipped in spring) become the
// first instant after the gap; local times that exist twice (the hour
// repeated in autumn) take the earlier one.
//
// Quiet hours are [quiet_start, quiet_end) in local time and may wrap past
// midnight ("19:00" to "08:00"). A send time inside them moves to quiet_end
// (the next day when the window wraps past midnight and the time is before
// it).
//
// Thread safety: immutable after construction; safe to share.
#pragma once

#include <chrono>
#include <optional>

#include <date/date.h>
#include <date/tz.h>

#include "common/clock.h"
#include "common/status.h"
#include "config/config.h"

namespace mrtrack::notifier {

class SendSchedule {
 public:
  // Reads send_time / quiet_start / quiet_end of `rules` ("HH:MM") and
  // locates `time_zone`. Errors: kInvalidArgument naming the field.
  static Result<SendSchedule> Make(const config::ReminderRules& rules, const std::string& time_zone);

  // The instant `day` reaches the send time locally, out of quiet hours.
  Timestamp SendInstant(date::local_days day) const;
  // `t` itself when it is outside quiet hours, else the end of the quiet period.
  Timestamp OutOfQuietHours(Timestamp t) const;
  bool InQuietHours(Timestamp t) const;

  // The local calendar day of `t`.
  date::local_days LocalDay(Timestamp t) const;
  // The first instant of local day `day`.
  Timestamp StartOfDay(date::local_days day) const;

  const date::time_zone& zone() const { return *zone_; }
  int send_minute() const { return send_minute_; }

 private:
  SendSchedule() = default;
  // Minutes since local midnight, moved out of quiet hours; may be >= 1440
  // (the next day).
  int MoveOutOfQuiet(int minute) const;
  bool QuietMinute(int minute) const;

  const date::time_zone* zone_ = nullptr;
  int send_minute_ = 9 * 60;
  std::optional<int> quiet_start_, quiet_end_;
};

// The UTC instant of a local time in `zone` (gaps: the instant after the
// gap; overlaps: the earlier instant).
Timestamp LocalToInstant(date::local_time<std::chrono::minutes> local, const date::time_zone& zone);

}  // namespace mrtrack::notifier
