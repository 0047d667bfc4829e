// As-of: every view as it was at a log position or at an instant, computed by
// replaying the prefix of the log into an in-memory ViewModel with the same
// ViewModel::Apply as the live views (no separate logic). The queries of
// action_query.h and summary.h then run on the snapshot's model.
//
// - AtPosition(n): events 1..n; overdue is judged at the recorded_at of event n.
// - AtTime(t): every event with recorded_at <= t (recorded_at never
//   decreases along the log, so this is a prefix); overdue is judged at t.
// - EndOfDay(d, zone): AtTime(the last microsecond of day d in the
//   organisation's zone), i.e. "what did it look like on 2025-06-30" includes
//   everything recorded that day, local time, and an action due that day is
//   not yet overdue.
// - Head(): the whole log (as read when the replay runs).
// The replay reads the log sequentially from position 1: its cost grows with
// the prefix, not with the query.
//
// Thread safety: free functions; the store may be appended to meanwhile.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

#include "common/clock.h"
#include "common/status.h"
#include "events/store.h"
#include "projections/view_model.h"

namespace mrtrack::projections {

struct AsOf {
  enum class Kind { kHead, kPosition, kTime };
  Kind kind = Kind::kHead;
  std::uint64_t position = 0;  // kPosition.
  Timestamp time{};            // kTime.

  static AsOf Head() { return {}; }
  static AsOf AtPosition(std::uint64_t p) { return {Kind::kPosition, p, {}}; }
  static AsOf AtTime(Timestamp t) { return {Kind::kTime, 0, t}; }
  static AsOf EndOfDay(date::year_month_day day, const date::time_zone& zone);
  // "head", "position 12", "2025-06-30T23:59:59.999999Z".
  std::string ToString() const;
};

// The last microsecond of `day` in `zone` (just before the next local midnight).
Timestamp EndOfLocalDay(date::year_month_day day, const date::time_zone& zone);

// Reads the text forms people type: "YYYY-MM-DD" (end of that day in `zone`),
// an RFC 3339 instant ("2025-06-30T12:00:00Z", "...+05:00"), or a log
// position as a plain decimal number ("1234"). kInvalidArgument otherwise.
Result<AsOf> ParseAsOf(std::string_view text, const date::time_zone& zone);

struct Snapshot {
  ViewModel model;
  // The instant overdue is judged at: the time asked for, or for a position
  // (and the head) the recorded_at of the last event included (the epoch for
  // an empty prefix). Callers that want "now" pass their clock's time instead.
  Timestamp at{};
};

// The last position the as-of includes (0 when none): the position itself
// (kInvalidArgument when past the head), the last event recorded at or
// before the time (found by binary search over positions, as recorded_at
// never decreases), or the head. For exports bounded by an as-of.
Result<std::uint64_t> ResolveAsOfPosition(const events::EventStore& store, const AsOf& as_of);

// Replays the prefix. kInvalidArgument when a position is past the head.
Result<Snapshot> BuildSnapshot(const events::EventStore& store, const AsOf& as_of);

}  // namespace mrtrack::projections
