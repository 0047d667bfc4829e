#include "notifier/outbox.h"

#include <algorithm>
#include <map>

#include <spdlog/spdlog.h>

#include "events/domain/ids.h"
#include "notifier/message_builder.h"
#include "notifier/planner.h"
#include "notifier/reminder_events.h"

namespace mrtrack::notifier {
namespace {

// Appends are split so one WriteBatch stays reasonable.
constexpr std::size_t kMaxPartsPerAppend = 256;

}  // namespace

Result<std::unique_ptr<Outbox>> Outbox::Open(events::EventStore& store, const Clock& clock) {
  std::unique_ptr<Outbox> outbox(new Outbox(store, clock));
  MRTRACK_RETURN_IF_ERROR(store.Scan(1, [&](const events::RecordedEvent& e) {
    outbox->state_.Apply(e);
    outbox->NoteRejection(e);
    return true;
  }));
  return outbox;
}

void Outbox::NoteRejection(const events::RecordedEvent& event) {
  scanned_ = std::max(scanned_, event.position);
  if (!events::IsRejection(event.type)) return;
  auto rejection = events::DecodeRejection(event);
  if (!rejection.ok()) {
    // The views list it as rejected; nobody can be told what it does not say.
    spdlog::error("notifier: rejection not told: {}", rejection.status().ToString());
    return;
  }
  untold_.push_back(std::move(*rejection));
}

Status Outbox::ReadRejections() {
  const std::uint64_t head = store_.HeadPosition();
  if (head <= scanned_) return Status::Ok();
  return store_.Scan(scanned_ + 1, [&](const events::RecordedEvent& e) {
    if (e.position > head) return false;
    NoteRejection(e);
    return true;
  });
}

std::vector<Outbox::Write> Outbox::NoticeWrites(const std::map<std::string, const ActionFacts*>& by_id,
                                                const config::Config& config, Timestamp now,
                                                std::chrono::seconds late_after, PlanReport& report) {
  std::vector<Write> writes;
  std::vector<events::RejectionData> waiting;
  for (auto& rejection : untold_) {
    auto it = by_id.find(rejection.action_id);
    if (it == by_id.end()) {  // The views do not show its action yet.
      waiting.push_back(std::move(rejection));
      continue;
    }
    for (Reminder& r : NoticesOf(rejection, *it->second, config)) {
      if (state_.Known(r.id)) continue;
      const bool expired = now - r.due_at > config.reminders.catch_up_window;
      r.late = !expired && now - r.due_at > late_after;
      Write w{r.id, true, {DueEvent(r, RecipientOf(r.unit, r.channel, config))}};
      if (expired) {
        w.events.push_back(SkippedEvent(r.id, "the rejection is older than the catch-up window (" +
                                                  std::to_string(config.reminders.catch_up_window.count()) +
                                                  "h) when the notifier took it up"));
        ++report.expired;
      } else {
        ++report.written;
        if (r.late) ++report.late;
      }
      writes.push_back(std::move(w));
    }
  }
  untold_ = std::move(waiting);
  return writes;
}

Result<PlanReport> Outbox::Plan(const std::vector<ActionFacts>& actions, const config::Config& config,
                                const SendSchedule& schedule, Timestamp now, std::chrono::seconds late_after) {
  PlanReport report;
  std::map<std::string, const ActionFacts*> by_id;
  for (const auto& a : actions) by_id[a.action_id] = &a;

  // 1. Pending and parked reminders whose facts changed.
  std::vector<Write> writes;
  for (const auto* open : {&state_.pending(), &state_.parked()}) {
    for (const auto& [id, entry] : *open) {
      auto it = by_id.find(entry.reminder.action_id);
      const std::string why = WhyNoLongerDue(entry.reminder, it == by_id.end() ? nullptr : it->second, config);
      if (!why.empty()) {
        writes.push_back({id, false, {SkippedEvent(id, why)}});
        ++report.cancelled;
      }
    }
  }
  MRTRACK_RETURN_IF_ERROR(Apply(std::move(writes)));
  writes.clear();

  // 2. The current state of each chain; it folds in what of the chain was never sent.
  std::map<std::string, std::vector<std::string>> open_by_chain;  // chain key -> pending or parked ids
  for (const auto* open : {&state_.pending(), &state_.parked()}) {
    for (const auto& [id, entry] : *open) open_by_chain[ChainKey(entry.reminder)].push_back(id);
  }
  for (Reminder r : PlanDue(actions, config, schedule, now)) {
    if (state_.Known(r.id)) continue;
    if (auto older = open_by_chain.find(ChainKey(r)); older != open_by_chain.end()) {
      for (const auto& id : older->second) {
        writes.push_back({id, false, {SkippedEvent(id, "superseded by " + r.rule + " reminder " + r.id)}});
        r.supersedes.push_back(id);
        ++report.superseded;
      }
    }
    // Late: delayed by downtime. An action first recorded after the
    // reminder's time (an import of old actions) is not late: this is its
    // first reminder, and it says how overdue the action is.
    const ActionFacts* facts = by_id.at(r.action_id);
    r.late = now - r.due_at > late_after && facts->created_at <= r.due_at;
    writes.push_back({r.id, true, {DueEvent(r, RecipientOf(r.unit, r.channel, config))}});
    ++report.written;
    if (r.late) ++report.late;
  }
  MRTRACK_RETURN_IF_ERROR(Apply(std::move(writes)));
  writes.clear();

  // 3. Rejections appended since the last pass, told to their units.
  MRTRACK_RETURN_IF_ERROR(ReadRejections());
  MRTRACK_RETURN_IF_ERROR(Apply(NoticeWrites(by_id, config, now, late_after, report)));

  // 4. Calendars that hold the event of an action that no longer has one:
  // a METHOD:CANCEL to each unit that was e-mailed it.
  for (const auto& [key, due] : state_.emailed()) {
    auto it = by_id.find(due.action_id);
    const ActionFacts* facts = it == by_id.end() ? nullptr : it->second;
    if (facts != nullptr && !events::IsTerminal(facts->status) && facts->deadline) continue;
    Reminder r = ReminderFromDue(due);
    r.rule = kCancelRule;
    r.due_at = now;
    r.late = false;
    r.supersedes.clear();
    if (r.chain == Chain::kUpdate) {  // The calendar it cancels came with an update request.
      r.chain = Chain::kMain;
      r.updated_at = {};
    }
    r.item.status = facts == nullptr        ? std::string("removed")
                    : facts->deadline       ? std::string(events::StatusLabel(facts->status))
                                            : std::string("without a deadline");
    r.item.calendar_sequence = facts != nullptr ? facts->version : due.item.calendar_sequence + 1;
    r.id = ReminderId(r.action_id, std::string(kCancelRule) + "-" + std::to_string(r.item.calendar_sequence),
                      *r.deadline, r.unit, r.channel);
    if (state_.Known(r.id)) continue;
    writes.push_back({r.id, true, {DueEvent(r, RecipientOf(r.unit, r.channel, config))}});
    ++report.written;
  }
  MRTRACK_RETURN_IF_ERROR(Apply(std::move(writes)));
  return report;
}

std::vector<ReadyReminder> Outbox::Ready(Timestamp now) const {
  std::vector<ReadyReminder> ready;
  for (const auto& [id, entry] : state_.pending()) {
    const Timestamp next = entry.stream.retry_at.value_or(entry.reminder.due_at);
    if (next > now) continue;
    ready.push_back({entry.reminder, entry.stream.message_id, entry.stream.message_built_at,
                     entry.attempts_in_budget(), entry.stream.attempts});
  }
  std::stable_sort(ready.begin(), ready.end(), [](const ReadyReminder& a, const ReadyReminder& b) {
    return a.reminder.due_at < b.reminder.due_at;
  });
  return ready;
}

std::optional<Timestamp> Outbox::NextAttemptAfter(Timestamp now) const {
  std::optional<Timestamp> next;
  for (const auto& [id, entry] : state_.pending()) {
    const Timestamp t = entry.stream.retry_at.value_or(entry.reminder.due_at);
    if (t > now && (!next || t < *next)) next = t;
  }
  return next;
}

Status Outbox::FixMessage(const std::vector<Reminder>& group, const std::string& message_id, Timestamp built_at) {
  std::vector<std::string> members;
  for (const auto& r : group) members.push_back(r.id);
  std::sort(members.begin(), members.end());
  std::vector<Write> writes;
  for (const auto& r : group) writes.push_back({r.id, false, {MessageFixedEvent(r.id, message_id, members, built_at)}});
  return Apply(std::move(writes));
}

Status Outbox::RecordDelivered(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                               const std::string& message_id) {
  std::vector<Write> writes;
  for (const auto& r : group) writes.push_back({r.id, false, {DeliveredEvent(r, recipient, attempt, message_id)}});
  return Apply(std::move(writes));
}

Status Outbox::RecordFailed(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                            const std::string& error, Timestamp retry_at, const std::string& message_id) {
  std::vector<Write> writes;
  for (const auto& r : group) {
    writes.push_back({r.id, false, {FailedEvent(r, recipient, attempt, error, retry_at, message_id)}});
  }
  return Apply(std::move(writes));
}

Status Outbox::RecordParked(const std::vector<Reminder>& group, const std::string& recipient, int attempt,
                            const std::string& reason, const std::string& message_id) {
  std::vector<Write> writes;
  for (const auto& r : group) writes.push_back({r.id, false, {ParkedEvent(r, recipient, attempt, reason, message_id)}});
  return Apply(std::move(writes));
}

Status Outbox::RecordSkipped(const std::vector<std::string>& reminder_ids, const std::string& reason) {
  std::vector<Write> writes;
  for (const auto& id : reminder_ids) writes.push_back({id, false, {SkippedEvent(id, reason)}});
  return Apply(std::move(writes));
}

Result<std::vector<std::string>> Outbox::Requeue(const RequeueFilter& filter, const std::string& reason,
                                                 const std::string& actor) {
  std::vector<std::string> ids;
  std::vector<Write> writes;
  for (const auto& [id, entry] : state_.parked()) {
    if (filter.channel && entry.reminder.channel != *filter.channel) continue;
    if (filter.since && entry.stream.parked_at < *filter.since) continue;
    ids.push_back(id);
    writes.push_back({id, false, {RequeuedEvent(id, reason, actor)}});
  }
  MRTRACK_RETURN_IF_ERROR(Apply(std::move(writes)));
  return ids;
}

Status Outbox::Apply(std::vector<Write> writes) {
  for (std::size_t begin = 0; begin < writes.size(); begin += kMaxPartsPerAppend) {
    const std::size_t end = std::min(writes.size(), begin + kMaxPartsPerAppend);
    std::vector<events::AppendPart> parts;
    for (std::size_t i = begin; i < end; ++i) {
      const Write& w = writes[i];
      events::AppendPart part;
      part.stream = events::ReminderStream(w.reminder_id);
      part.expected = w.new_stream ? events::ExpectedVersion::NoStream()
                                   : events::ExpectedVersion::Exact(state_.Version(w.reminder_id));
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
    const Timestamp recorded_at = clock_.Now();
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
        rec.recorded_at = recorded_at;
        state_.Apply(rec);
      }
    }
  }
  return Status::Ok();
}

Status Outbox::AppendOne(Write write) {
  const std::string id = write.reminder_id;
  events::AppendPart part;
  part.stream = events::ReminderStream(id);
  part.expected = write.new_stream ? events::ExpectedVersion::NoStream()
                                   : events::ExpectedVersion::Exact(state_.Version(id));
  part.events = std::move(write.events);
  std::vector<events::AppendPart> parts;
  parts.push_back(std::move(part));
  auto result = store_.Append(std::move(parts));
  // On a conflict someone else wrote this stream: take what it says now and move on.
  if (!result.ok() && result.status().code() != StatusCode::kConflict) return result.status();
  return Resync(id);
}

Status Outbox::Resync(const std::string& reminder_id) {
  MRTRACK_ASSIGN_OR_RETURN(auto stream, store_.ReadStream(events::ReminderStream(reminder_id), 1,
                                                          events::Direction::kForward, 100000));
  state_.Reload(reminder_id, stream);
  return Status::Ok();
}

}  // namespace mrtrack::notifier
