// What the leader of an action's queue does with one batch of commands:
// catch the state up to the log, decide each command on the state the ones
// before it left, append them in one atomic append, fold what was written.
#include <algorithm>
#include <optional>
#include <utility>

#include "events/domain/command_runner.h"
#include "events/domain/key_action_states.h"

namespace mrtrack::events::internal {
namespace {

// Events per ReadStream call while folding.
constexpr std::size_t kPageSize = 1000;

void TrimComments(KeyActionState& state) {
  if (state.comments.size() <= kRecentComments) return;
  state.comments.erase(state.comments.begin(),
                       state.comments.end() - static_cast<std::ptrdiff_t>(kRecentComments));
}

// Folds the stream's events from state.version + 1 up to `to` (inclusive) or
// its end.
Status FoldFrom(const EventStore& store, const std::string& stream, KeyActionState& state,
                std::uint64_t to = UINT64_MAX) {
  while (state.version < to) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kPageSize, to - state.version));
    auto page = store.ReadStream(stream, state.version + 1, Direction::kForward, want);
    if (!page.ok()) return page.status().WithContext("reading " + stream);
    for (const RecordedEvent& e : *page) {
      MRTRACK_RETURN_IF_ERROR(ApplyKeyActionEvent(state, e));
      // Bound the memory of a fold over a long history as it goes.
      if (state.comments.size() > 4 * kRecentComments) TrimComments(state);
    }
    if (page->size() < want) break;
  }
  TrimComments(state);
  return Status::Ok();
}

// The event of `stream` that carries `event_id`, if any. Only commands with
// a client-supplied id (a retry-safe client) pay for this read of the stream.
Result<std::optional<RecordedEvent>> FindInStream(const EventStore& store, const std::string& stream,
                                                  const std::string& event_id) {
  std::uint64_t from = 1;
  while (true) {
    auto page = store.ReadStream(stream, from, Direction::kForward, kPageSize);
    if (!page.ok()) return page.status().WithContext("reading " + stream);
    for (RecordedEvent& e : *page) {
      if (e.event_id == event_id) return std::optional<RecordedEvent>(std::move(e));
    }
    if (page->size() < kPageSize) return std::optional<RecordedEvent>();
    from += page->size();
  }
}

Status ConflictStatus(const ConflictInfo& info, std::uint64_t expected) {
  return Status(StatusCode::kConflict,
                "stream " + info.stream + " is at version " + std::to_string(info.actual_version) + ", expected " +
                    std::to_string(expected),
                "expected_version");
}

CommandResult ResultFor(const std::string& action_id, const RecordedEvent& event, bool deduplicated,
                        const KeyActionState& action) {
  CommandResult r;
  r.action_id = action_id;
  r.version = event.version;
  r.position = event.position;
  r.event_type = event.type;
  r.event_id = event.event_id;
  r.deduplicated = deduplicated;
  r.action = action;
  return r;
}

// `stored` carries the command's event id: answer with the original result if
// it records the same change, else refuse the reused id.
Result<CommandResult> Replay(const EventStore& store, const std::string& stream, const PendingCommand& c,
                             const RecordedEvent& stored, const KeyActionState& now) {
  auto reused = [&] {
    return Status(StatusCode::kAlreadyExists,
                  "event id " + stored.event_id + " was already used for a different change (position " +
                      std::to_string(stored.position) + ")",
                  "event_id");
  };
  if (stored.version == 0) return reused();
  KeyActionState before;
  MRTRACK_RETURN_IF_ERROR(FoldFrom(store, stream, before, stored.version - 1));
  auto change = (*c.decide)(before, stored.event_id);
  if (!change.ok() || change->type != stored.type || change->data != stored.data || c.ctx->actor != stored.actor) {
    return reused();
  }
  return ResultFor(c.action_id, stored, /*deduplicated=*/true, now);
}

// The event a decided command would append, folded ahead of the append so
// that the next command of the batch decides on it. Only the logical fields
// matter here; the real events are folded once they are written.
RecordedEvent Provisional(const NewEvent& event, const std::string& stream, std::uint64_t version) {
  RecordedEvent r;
  r.event_id = event.event_id;
  r.stream = stream;
  r.version = version;
  r.type = event.type;
  r.actor = event.actor;
  r.data = event.data;
  return r;
}

}  // namespace

BatchOutcome RunBatch(EventStore& store, const std::string& stream, const std::vector<PendingCommand*>& batch,
                      std::optional<KeyActionState>& state) {
  BatchOutcome outcome;
  std::vector<PendingCommand*> open(batch.begin(), batch.end());
  auto answer = [&](PendingCommand* c, Result<CommandResult> result) {
    c->result = std::move(result);
    open.erase(std::find(open.begin(), open.end(), c));
  };
  auto fail_all = [&](const Status& s) {
    for (PendingCommand* c : open) c->result = s;
    open.clear();
    state.reset();
  };
  int conflicts = 0;
  bool one_at_a_time = false;  // After an append that failed for the whole batch.
  ConflictInfo last_conflict{stream, 0, true};
  while (!open.empty()) {
    // 1. The state as of the log: the cached one plus what others appended
    // since, or the whole stream on a miss.
    const std::uint64_t head = store.StreamVersion(stream);
    const bool miss = !state || state->version > head;
    if (miss) {
      state.emplace();
      outcome.folded_whole_stream = true;
    }
    if (miss || state->version < head) {
      Status s = FoldFrom(store, stream, *state);
      if (!s.ok()) {
        fail_all(s);
        return outcome;
      }
    }

    // 2. Decide each command on the state the ones before it leave.
    KeyActionState working = *state;
    std::vector<PendingCommand*> deciding;
    std::vector<NewEvent> events;
    const std::vector<PendingCommand*> round = open;
    for (PendingCommand* c : round) {
      if (one_at_a_time && !deciding.empty()) break;
      const CommandContext& ctx = *c->ctx;
      if (!working.exists) {
        answer(c, NotFound("key action '" + c->action_id + "' not found", "action_id"));
        continue;
      }
      if (ctx.authorize) {
        if (Status s = ctx.authorize(working); !s.ok()) {
          answer(c, s);
          continue;
        }
      }
      if (c->client_event_id) {
        // The same id earlier in this round: decide it once that is written.
        if (std::any_of(events.begin(), events.end(), [&](const NewEvent& e) { return e.event_id == c->event_id; })) {
          continue;
        }
        auto stored = FindInStream(store, stream, c->event_id);
        if (!stored.ok()) {
          answer(c, stored.status());
          continue;
        }
        if (*stored) {
          answer(c, Replay(store, stream, *c, **stored, *state));
          continue;
        }
      }
      if (c->expected_version && *c->expected_version != working.version) {
        c->conflict = ConflictInfo{stream, working.version, true};
        answer(c, ConflictStatus(c->conflict, *c->expected_version));
        continue;
      }
      auto change = (*c->decide)(working, c->event_id);
      if (!change.ok()) {
        answer(c, change.status());
        continue;
      }
      NewEvent event;
      event.event_id = c->event_id;
      event.type = change->type;
      event.actor = ctx.actor;
      event.correlation_id = ctx.correlation_id;
      event.causation_id = ctx.causation_id;
      event.data = std::move(change->data);
      if (Status s = ApplyKeyActionEvent(working, Provisional(event, stream, working.version + 1)); !s.ok()) {
        answer(c, s.WithContext("folding the change just decided"));
        continue;
      }
      deciding.push_back(c);
      events.push_back(std::move(event));
    }
    if (deciding.empty()) continue;  // Answered, or ids waiting for nothing: the next round settles them.

    // 3. One atomic append: each event expects the version the one before it makes.
    const std::uint64_t base = state->version;
    std::vector<AppendPart> parts;
    parts.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      parts.push_back(AppendPart{stream, ExpectedVersion::Exact(base + i), {std::move(events[i])}});
    }
    ConflictInfo info;
    auto appended = store.Append(std::move(parts), &info);
    if (!appended.ok()) {
      if (appended.status().code() == StatusCode::kConflict) {
        // A writer outside the queue got there first: decide again on its result.
        if (info.stream.empty()) info.stream = stream;
        last_conflict = info;
        for (PendingCommand* c : deciding) {
          if (c->expected_version) {
            c->conflict = info;
            answer(c, ConflictStatus(info, *c->expected_version));
          }
        }
        if (++conflicts > kCommandRetries) break;
        continue;
      }
      if (deciding.size() > 1) {
        one_at_a_time = true;  // Find out which command the store refuses.
        continue;
      }
      answer(deciding.front(), appended.status());
      continue;
    }
    if (appended->deduplicated || appended->positions.size() != deciding.size()) {
      // Our ids landed by another way (the next round finds them stored), or
      // the store answered something unexpected.
      if (appended->positions.size() != deciding.size()) {
        fail_all(Internal("the store answered an append of " + std::to_string(deciding.size()) + " events with " +
                          std::to_string(appended->positions.size()) + " positions"));
        return outcome;
      }
      continue;
    }
    outcome.appended = true;

    // 4. Fold the events as written (recorded_at is the store's) into the cache.
    auto written = store.ReadStream(stream, base + 1, Direction::kForward, deciding.size());
    if (!written.ok() || written->size() != deciding.size()) {
      Status s = written.ok() ? Internal("reading back " + stream + " found " + std::to_string(written->size()) +
                                         " of the " + std::to_string(deciding.size()) + " events just written")
                              : written.status();
      fail_all(s.WithContext("reading back the events just written to " + stream));
      return outcome;
    }
    for (std::size_t i = 0; i < deciding.size(); ++i) {
      const RecordedEvent& e = (*written)[i];
      if (Status s = ApplyKeyActionEvent(*state, e); !s.ok()) {
        fail_all(s);
        return outcome;
      }
      TrimComments(*state);
      answer(deciding[i], ResultFor(deciding[i]->action_id, e, /*deduplicated=*/false, *state));
    }
  }
  for (PendingCommand* c : open) {
    c->conflict = last_conflict;
    c->result = Status(StatusCode::kConflict,
                       "stream " + stream + " kept changing (" + std::to_string(kCommandRetries + 1) +
                           " attempts, last seen at version " + std::to_string(last_conflict.actual_version) +
                           "); try again",
                       "expected_version");
  }
  return outcome;
}

}  // namespace mrtrack::events::internal
