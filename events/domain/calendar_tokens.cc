#include "events/domain/calendar_tokens.h"

#include <openssl/crypto.h>

#include <cctype>

#include "common/crypto.h"
#include "events/domain/command_runner.h"
#include "events/domain/event_data.h"

namespace mrtrack::events {
namespace {

using internal::EventDataReader;

// A calendar stream is a few events per token: one read is the rule.
constexpr std::size_t kPageSize = 1000;
// Issues and revocations retried after a concurrent one on the same unit.
constexpr int kRetries = 3;
constexpr std::size_t kMaxNameLength = 200;

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

CalendarToken* FindMutable(CalendarTokens& state, std::string_view token_id) {
  for (auto& t : state.tokens) {
    if (t.token_id == token_id) return &t;
  }
  return nullptr;
}

// Appends `event` to the unit's stream at the version `decide` was decided
// on, retrying on the new state after a concurrent write; answers the token
// `event` is about, as folded after the append.
template <typename Decide>
Result<CalendarToken> AppendDecided(const CalendarTokenContext& ctx, std::string_view unit_id, Decide decide) {
  if (ctx.actor.empty()) return InvalidArgument("a calendar token change needs an actor", "actor");
  const std::string stream = CalendarStream(unit_id);
  for (int attempt = 0;; ++attempt) {
    MRTRACK_ASSIGN_OR_RETURN(CalendarTokens state, LoadCalendarTokens(ctx.store, unit_id));
    MRTRACK_ASSIGN_OR_RETURN(NewEvent event, decide(state));
    event.event_id = event.event_id.empty() ? RandomUuid() : event.event_id;
    event.actor = ctx.actor;
    event.correlation_id = ctx.correlation_id;
    const std::string token_id = event.data.value("token_id", "");
    ConflictInfo conflict;
    auto appended = ctx.store.Append({{stream, ExpectedVersion::Exact(state.version), {event}}}, &conflict);
    if (!appended.ok()) {
      if (appended.status().code() == StatusCode::kConflict && attempt < kRetries) continue;
      return appended.status();
    }
    MRTRACK_ASSIGN_OR_RETURN(CalendarTokens after, LoadCalendarTokens(ctx.store, unit_id));
    const CalendarToken* token = after.Find(token_id);
    if (token == nullptr) return Internal("calendar token " + token_id + " is missing after its append");
    return *token;
  }
}

}  // namespace

std::string CalendarStream(std::string_view unit_id) { return "calendar-" + std::string(unit_id); }

const CalendarToken* CalendarTokens::Find(std::string_view token_id) const {
  for (const auto& t : tokens) {
    if (t.token_id == token_id) return &t;
  }
  return nullptr;
}

Status ApplyCalendarTokenEvent(CalendarTokens& state, const RecordedEvent& event) {
  return internal::FoldInStreamOrder(state.version, event, [&]() -> Status {
    CalendarTokens next = state;
    next.version = event.version;
    if (event.type == types::kCalendarTokenIssued) {
      EventDataReader r(event);
      CalendarToken t;
      t.token_id = r.String("token_id");
      t.name = r.String("name");
      t.sha256 = r.String("token_sha256");
      MRTRACK_RETURN_IF_ERROR(r.status());
      if (!IsHex64(t.sha256)) return internal::EventCorruption(event, "token_sha256", "is not 64 lower-case hex");
      if (next.Find(t.token_id) != nullptr) {
        return internal::EventCorruption(event, "token_id", "token " + t.token_id + " was already issued");
      }
      t.issued_by = event.actor;
      t.issued_at = event.recorded_at;
      next.tokens.push_back(std::move(t));
    } else if (event.type == types::kCalendarTokenRevoked) {
      EventDataReader r(event);
      const std::string id = r.String("token_id");
      MRTRACK_RETURN_IF_ERROR(r.status());
      CalendarToken* t = FindMutable(next, id);
      if (t == nullptr) return internal::EventCorruption(event, "token_id", "no token " + id + " was issued");
      t->revoked = true;
      t->revoked_by = event.actor;
      t->revoked_at = event.recorded_at;
    }
    state = std::move(next);
    return Status::Ok();
  });
}

Result<CalendarTokens> LoadCalendarTokens(const EventStore& store, std::string_view unit_id) {
  const std::string stream = CalendarStream(unit_id);
  CalendarTokens state;
  while (true) {
    auto page = store.ReadStream(stream, state.version + 1, Direction::kForward, kPageSize);
    if (!page.ok()) {
      if (page.status().code() == StatusCode::kNotFound) return state;
      return page.status().WithContext("reading " + stream);
    }
    for (const RecordedEvent& e : *page) MRTRACK_RETURN_IF_ERROR(ApplyCalendarTokenEvent(state, e));
    if (page->size() < kPageSize) return state;
  }
}

std::optional<CalendarToken> FindLiveCalendarToken(const CalendarTokens& state, std::string_view sha256_of_token) {
  if (sha256_of_token.size() != 32) return std::nullopt;
  const CalendarToken* found = nullptr;
  for (const auto& t : state.tokens) {
    auto digest = HexDecode(t.sha256);
    if (!digest.ok() || digest->size() != 32) continue;
    // Every token is compared, so which one matched does not show in the time taken.
    if (CRYPTO_memcmp(digest->data(), sha256_of_token.data(), 32) == 0 && !t.revoked) found = &t;
  }
  if (found == nullptr) return std::nullopt;
  return *found;
}

Result<CalendarToken> IssueCalendarToken(const CalendarTokenContext& ctx, std::string_view unit_id,
                                         std::string_view name, std::string_view token_sha256) {
  MRTRACK_ASSIGN_OR_RETURN(std::string clean, internal::CleanText(name, "name", /*required=*/true));
  if (clean.size() > kMaxNameLength) {
    return InvalidArgument("a calendar token's name is at most " + std::to_string(kMaxNameLength) + " bytes", "name");
  }
  if (!IsHex64(token_sha256)) return InvalidArgument("token_sha256 must be 64 lower-case hex digits", "token_sha256");
  const std::string id = RandomUuid();
  return AppendDecided(ctx, unit_id, [&](const CalendarTokens&) -> Result<NewEvent> {
    NewEvent e;
    e.event_id = id;
    e.type = types::kCalendarTokenIssued;
    e.data = {{"unit", unit_id}, {"token_id", id}, {"name", clean}, {"token_sha256", token_sha256}};
    return e;
  });
}

Result<CalendarToken> RevokeCalendarToken(const CalendarTokenContext& ctx, std::string_view unit_id,
                                          std::string_view token_id) {
  return AppendDecided(ctx, unit_id, [&](const CalendarTokens& state) -> Result<NewEvent> {
    const CalendarToken* t = state.Find(token_id);
    if (t == nullptr || t->revoked) {
      return NotFound("unit " + std::string(unit_id) + " has no live calendar token " + std::string(token_id),
                      "token_id");
    }
    NewEvent e;
    e.type = types::kCalendarTokenRevoked;
    e.data = {{"unit", unit_id}, {"token_id", t->token_id}, {"name", t->name}};
    return e;
  });
}

}  // namespace mrtrack::events
