// The calendar tokens of a unit: the secrets in the address of its calendar
// feed (GET /v1/units/{id}/calendar.ics?token=...), kept as events so that
// they survive restarts and every issue and revocation is in the audited log.
// Only the token's SHA-256 is stored; the token itself is shown once, to the
// one who asked for it.
//
// Stream "calendar-<unit_id>", one per unit of the directory. Event types
// (names and shapes are a stored contract, like event_types.h's):
//   CalendarTokenIssued   {unit, token_id, name, token_sha256}
//                         token_id is the event id; token_sha256 is 64 hex
//   CalendarTokenRevoked  {unit, token_id, name}
// Fold rules: Issued adds a token (a token_id already known is kCorruption);
// Revoked marks it revoked (an unknown token_id is kCorruption); other types
// only advance the version.
//
// Thread safety: values and functions safe to call concurrently (the store is).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "events/event.h"
#include "events/store.h"

namespace mrtrack::events {

namespace types {
inline constexpr char kCalendarTokenIssued[] = "CalendarTokenIssued";
inline constexpr char kCalendarTokenRevoked[] = "CalendarTokenRevoked";
}  // namespace types

// "calendar-" + unit id.
std::string CalendarStream(std::string_view unit_id);

struct CalendarToken {
  std::string token_id;  // The id of the event that issued it.
  std::string name;      // What its owner calls it ("Outlook of the programme team").
  std::string sha256;    // 64 hex: SHA-256 of the token.
  std::string issued_by;
  Timestamp issued_at{};
  bool revoked = false;
  std::string revoked_by;
  Timestamp revoked_at{};
  bool operator==(const CalendarToken&) const = default;
};

struct CalendarTokens {
  std::uint64_t version = 0;  // Stream version folded so far.
  std::vector<CalendarToken> tokens;  // In the order they were issued.
  const CalendarToken* Find(std::string_view token_id) const;
  bool operator==(const CalendarTokens&) const = default;
};

// Applies one event of a calendar stream (rules above). On error the state is
// left unchanged. Never throws.
Status ApplyCalendarTokenEvent(CalendarTokens& state, const RecordedEvent& event);

// The tokens of `unit_id` as of its stream's last event.
Result<CalendarTokens> LoadCalendarTokens(const EventStore& store, std::string_view unit_id);

// The issued token whose SHA-256 is `sha256_of_token` (raw 32 bytes) and
// that is not revoked, or nullopt. Compares against every token in constant
// time, so the time taken says nothing about the stored hashes.
std::optional<CalendarToken> FindLiveCalendarToken(const CalendarTokens& state, std::string_view sha256_of_token);

// Who issues or revokes, for the event's envelope.
struct CalendarTokenContext {
  EventStore& store;
  std::string actor;           // Required.
  std::string correlation_id;  // Default: none.
};

// Records a new token of `unit_id` (the caller checked the unit exists and
// may be asked for). `name` is required (at most 200 characters); `token_sha256`
// is 64 hex. Errors: kInvalidArgument (field "name" or "token_sha256"), the
// store's. Concurrent issues of one unit are serialised by expected versions.
Result<CalendarToken> IssueCalendarToken(const CalendarTokenContext& ctx, std::string_view unit_id,
                                         std::string_view name, std::string_view token_sha256);

// Revokes a token of `unit_id`. Errors: kNotFound (field "token_id") when the
// unit has no such token or it is already revoked, the store's.
Result<CalendarToken> RevokeCalendarToken(const CalendarTokenContext& ctx, std::string_view unit_id,
                                          std::string_view token_id);

}  // namespace mrtrack::events
