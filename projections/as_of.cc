#include "projections/as_of.h"

#include <charconv>

#include "common/time.h"

namespace mrtrack::projections {

Timestamp EndOfLocalDay(date::year_month_day day, const date::time_zone& zone) {
  // The next local midnight; `earliest` settles a midnight that a DST change
  // skips or repeats.
  const date::local_days next_midnight = date::local_days(day) + date::days(1);
  const auto next = zone.to_sys(date::local_time<std::chrono::microseconds>(next_midnight), date::choose::earliest);
  return next - std::chrono::microseconds(1);
}

AsOf AsOf::EndOfDay(date::year_month_day day, const date::time_zone& zone) {
  return AtTime(EndOfLocalDay(day, zone));
}

std::string AsOf::ToString() const {
  switch (kind) {
    case Kind::kHead: return "head";
    case Kind::kPosition: return "position " + std::to_string(position);
    case Kind::kTime: return FormatTimestamp(time);
  }
  return "head";
}

Result<AsOf> ParseAsOf(std::string_view text, const date::time_zone& zone) {
  if (text.empty()) return InvalidArgument("as-of is empty: give a date, an instant or a log position", "as_of");
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    std::uint64_t position = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), position);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return InvalidArgument("as-of position '" + std::string(text) + "' is out of range", "as_of");
    }
    return AsOf::AtPosition(position);
  }
  if (text.size() == 10) {
    auto day = ParseDate(text);
    if (!day.ok()) return Status(day.status().code(), day.status().message(), "as_of");
    return AsOf::EndOfDay(*day, zone);
  }
  auto instant = ParseTimestamp(text);
  if (!instant.ok()) {
    return InvalidArgument("as-of '" + std::string(text) +
                               "' is neither a date (YYYY-MM-DD), an RFC 3339 instant nor a log position",
                           "as_of");
  }
  return AsOf::AtTime(*instant);
}

Result<std::uint64_t> ResolveAsOfPosition(const events::EventStore& store, const AsOf& as_of) {
  const std::uint64_t head = store.HeadPosition();
  switch (as_of.kind) {
    case AsOf::Kind::kHead: return head;
    case AsOf::Kind::kPosition:
      if (as_of.position > head) {
        return InvalidArgument("as-of position " + std::to_string(as_of.position) + " is past the end of the log (" +
                                   std::to_string(head) + ")",
                               "as_of");
      }
      return as_of.position;
    case AsOf::Kind::kTime: break;
  }
  // Invariant: recorded_at(lo) <= time (position 0 stands for "before the
  // log") and recorded_at(hi + 1) > time (head + 1 stands for "after it").
  std::uint64_t lo = 0, hi = head;
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo + 1) / 2;
    MRTRACK_ASSIGN_OR_RETURN(auto events, store.ReadAll(mid, 1));
    if (events.empty()) return Corruption("position " + std::to_string(mid) + " is missing from the log");
    if (events.front().recorded_at <= as_of.time) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

Result<Snapshot> BuildSnapshot(const events::EventStore& store, const AsOf& as_of) {
  Snapshot snapshot;
  if (as_of.kind == AsOf::Kind::kPosition) {
    const std::uint64_t head = store.HeadPosition();
    if (as_of.position > head) {
      return InvalidArgument("as-of position " + std::to_string(as_of.position) + " is past the end of the log (" +
                                 std::to_string(head) + ")",
                             "as_of");
    }
    if (as_of.position == 0) return snapshot;
  }
  Status apply_error;
  Status scanned = store.Scan(1, [&](const events::RecordedEvent& event) {
    if (as_of.kind == AsOf::Kind::kTime && event.recorded_at > as_of.time) return false;
    apply_error = snapshot.model.Apply(event);
    if (!apply_error.ok()) return false;
    return as_of.kind != AsOf::Kind::kPosition || event.position < as_of.position;
  });
  MRTRACK_RETURN_IF_ERROR(apply_error.WithContext("as-of " + as_of.ToString()));
  MRTRACK_RETURN_IF_ERROR(scanned.WithContext("as-of " + as_of.ToString() + ": reading the log"));
  snapshot.at = as_of.kind == AsOf::Kind::kTime ? as_of.time : snapshot.model.checkpoint().recorded_at;
  return snapshot;
}

}  // namespace mrtrack::projections
