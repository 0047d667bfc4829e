#include "notifier/outbox.h"

#include <map>

#include "events/domain/ids.h"
#include "notifier/message_builder.h"
#include "notifier/planner.h"
#include "notifier/reminder_events.h"

namespace mrtrack::notifier {
namespace {

// Appends are split so one WriteBatch stays reasonable.
constexpr std::size_t kMaxPartsPerAppend = 256;

}  // namespace

Result<std::unique_ptr<Outbox>> Outbox::Open(events::EventStore& store) {
  MRTRACK_ASSIGN_OR_RETURN(OutboxState state, RebuildOutbox(store));
  return std::unique_ptr<Outbox>(new Outbox(store, std::move(state)));
}

Result<PlanReport> Outbox::Plan(const std::vector<ActionFacts>& actions, const config::Config& config,
                                const SendSchedule& schedule, Timestamp now, std::chrono::seconds late_after) {
  PlanReport report;
  std::map<std::string, const ActionFacts*> by_id;
  for (const auto& a : actions) by_id[a.action_id] = &a;

  std::vector<Write> writes;
  // 1. Pending reminders whose facts changed.
  for (const auto& [id, entry] : state_.pending()) {
    auto it = by_id.find(entry.reminder.action_id);
    const std::string why = WhyNoLongerDue(entry.reminder, it == by_id.end() ? nullptr : it->second, config);
    if (!why.empty()) {
      writes.push_back({id, false, {SkippedEvent(id, why)}});
      ++report.cancelled;
    }
  }
  MRTRACK_RETURN_IF_ERROR(Apply(std::move(writes)));
  writes.clear();

  // 2. Newly due reminders; they supersede pending ones of the same chain.
  std::map<std::string, std::string> pending_by_chain;  // chain key -> pending id
  for (const auto& [id, entry] : state_.pending()) pending_by_chain[ChainKey(entry.reminder)] = id;
  const auto window = std::chrono::duration_cast<std::chrono::microseconds>(config.reminders.catch_up_window);
  for (Reminder r : PlanDue(actions, config, schedule, now)) {
    if (state_.Known(r.id)) continue;
    auto older = pending_by_chain.find(ChainKey(r));
    if (older != pending_by_chain.end() && older->second != r.id) {
      writes.push_back({older->second, false, {SkippedEvent(older->second, "superseded by " + r.rule + " reminder " + r.id)}});
      ++report.superseded;
    }
    const auto age = now - r.due_at;
    r.late = age > late_after;
    Write w{r.id, true, {DueEvent(r, RecipientOf(r.unit, r.channel, config))}};
    if (age > window) {
      w.events.push_back(SkippedEvent(r.id, kMissedReason));
      ++report.missed;
    } else {
      ++report.written;
      if (r.late) ++report.late;
    }
    writes.push_back(std::move(w));
  }
  MRTRACK_RETURN_IF_ERROR(Apply(std::move(writes)));
  return report;
}

Result<std::vector<Reminder>> Outbox::Ready(Timestamp now, std::chrono::seconds catch_up_window) {
  std::vector<Reminder> ready;
  std::vector<std::string> stale;
  const auto window = std::chrono::duration_cast<std::chrono::microseconds>(catch_up_window);
  for (const auto& [id, entry] : state_.pending()) {
    const Timestamp next = entry.retry_at.value_or(entry.reminder.due_at);
    if (next > now) continue;
    if (now - entry.reminder.due_at > window) {
      stale.push_back(id);
    } else {
      ready.push_back(entry.reminder);
    }
  }
  if (!stale.empty()) MRTRACK_RETURN_IF_ERROR(RecordSkipped(stale, kMissedReason));
  std::stable_sort(ready.begin(), ready.end(), [](const Reminder& a, const Reminder& b) { return a.due_at < b.due_at; });
  return ready;
}

int Outbox::Attempts(const std::string& reminder_id) const {
  auto it = state_.pending().find(reminder_id);
  return it == state_.pending().end() ? 0 : it->second.attempts;
}

Status Outbox::RecordDelivered(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                               const std::string& message_id) {
  std::vector<Write> writes;
  for (const auto& r : group) writes.push_back({r.id, false, {DeliveredEvent(r, recipient, attempt, message_id)}});
  return Apply(std::move(writes));
}

Status Outbox::RecordFailed(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                            const std::string& error, bool permanent, std::optional<Timestamp> retry_at) {
  std::vector<Write> writes;
  for (const auto& r : group) {
    writes.push_back({r.id, false, {FailedEvent(r, recipient, attempt, error, permanent, retry_at)}});
  }
  return Apply(std::move(writes));
}

Status Outbox::RecordSkipped(const std::vector<std::string>& reminder_ids, const std::string& reason) {
  std::vector<Write> writes;
  for (const auto& id : reminder_ids) writes.push_back({id, false, {SkippedEvent(id, reason)}});
  return Apply(std::move(writes));
}

Status Outbox::Apply(std::vector<Write> writes) {
  for (std::size_t begin = 0; begin < writes.size(); begin += kMaxPartsPerAppend) {
    const std::size_t end = std::min(writes.size(), begin + kMaxPartsPerAppend);
    std::vector<events::AppendPart> parts;
    for (std::size_t i = begin; i < end; ++i) {
      const Write& w = writes[i];
      events::AppendPart part;
      part.stream = events::ReminderStream(w.reminder_id);
      if (w.new_stream) {
        part.expected = events::ExpectedVersion::NoStream();
      } else {
        auto it = state_.pending().find(w.reminder_id);
        part.expected = events::ExpectedVersion::Exact(it == state_.pending().end() ? 0 : it->second.version);
      }
      part.events = w.events;
      parts.push_back(std::move(part));
    }
    auto result = store_.Append(std::move(parts));
    if (!result.ok()) {
      if (result.status().code() != StatusCode::kConflict) return result.status();
      for (std::size_t i = begin; i < end; ++i) MRTRACK_RETURN_IF_ERROR(AppendOne(std::move(writes[i])));
      continue;
    }
    std::size_t next_position = 0;
    for (std::size_t i = begin; i < end; ++i) {
      const Write& w = writes[i];
      const std::uint64_t last_version = result->stream_versions[i - begin];
      for (std::size_t k = 0; k < w.events.size(); ++k) {
        events::RecordedEvent rec;
        rec.stream = events::ReminderStream(w.reminder_id);
        rec.version = last_version - (w.events.size() - 1 - k);
        rec.position = next_position < result->positions.size() ? result->positions[next_position] : 0;
        ++next_position;
        rec.type = w.events[k].type;
        rec.data = w.events[k].data;
        MRTRACK_RETURN_IF_ERROR(state_.Apply(rec));
      }
    }
  }
  return Status::Ok();
}

Status Outbox::AppendOne(Write write) {
  std::vector<Write> one;
  const std::string id = write.reminder_id;
  one.push_back(std::move(write));
  events::AppendPart part;
  part.stream = events::ReminderStream(id);
  if (one.front().new_stream) {
    part.expected = events::ExpectedVersion::NoStream();
  } else {
    auto it = state_.pending().find(id);
    part.expected = events::ExpectedVersion::Exact(it == state_.pending().end() ? 0 : it->second.version);
  }
  part.events = one.front().events;
  std::vector<events::AppendPart> parts;
  parts.push_back(std::move(part));
  auto result = store_.Append(std::move(parts));
  if (!result.ok() && result.status().code() == StatusCode::kConflict) {
    // Someone else wrote this stream: take what it says now and move on.
    return Resync(id);
  }
  if (!result.ok()) return result.status();
  return Resync(id);
}

Status Outbox::Resync(const std::string& reminder_id) {
  MRTRACK_ASSIGN_OR_RETURN(auto stream, store_.ReadStream(events::ReminderStream(reminder_id), 1,
                                                          events::Direction::kForward, 100000));
  return state_.Reload(reminder_id, stream);
}

}  // namespace mrtrack::notifier
