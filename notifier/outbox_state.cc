#include "notifier/outbox_state.h"

#include <spdlog/spdlog.h>

#include "notifier/reminder_events.h"

namespace mrtrack::notifier {

std::string ReminderIdOfStream(const std::string& stream) {
  static constexpr std::string_view kPrefix = "reminder-";
  if (stream.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return stream.substr(kPrefix.size());
}

bool OutboxState::Known(const std::string& id) const {
  return pending_.count(id) != 0 || parked_.count(id) != 0 || final_.count(id) != 0;
}

std::uint64_t OutboxState::Version(const std::string& id) const {
  if (auto it = pending_.find(id); it != pending_.end()) return it->second.version();
  if (auto it = parked_.find(id); it != parked_.end()) return it->second.version();
  if (auto it = final_.find(id); it != final_.end()) return it->second.version;
  return 0;
}

void OutboxState::Apply(const events::RecordedEvent& event) {
  if (event.position > position_) position_ = event.position;
  const std::string id = ReminderIdOfStream(event.stream);
  if (id.empty()) return;
  // Take the reminder out of whichever index holds it, fold, put it back by state.
  OutboxEntry entry;
  if (auto it = pending_.find(id); it != pending_.end()) {
    entry = std::move(it->second);
    pending_.erase(it);
  } else if (auto p = parked_.find(id); p != parked_.end()) {
    entry = std::move(p->second);
    parked_.erase(p);
  } else if (auto f = final_.find(id); f != final_.end()) {
    entry.stream = std::move(f->second);
    final_.erase(f);
  }
  const bool was_final = entry.stream.exists && events::IsFinal(entry.stream.state);
  const bool existed = entry.stream.exists;
  Status folded = events::ApplyReminderEvent(entry.stream, event);
  if (!folded.ok()) {
    ++malformed_;
    last_malformed_ = folded.ToString();
    spdlog::error("notifier: reminder event refused, the reminder stays as it was: {}", last_malformed_);
  }
  if (entry.stream.exists && !existed) {
    entry.reminder = ReminderFromDue(entry.stream.due);
    entry.reminder.id = id;
    if (entry.reminder.rule == kCancelRule) emailed_.erase(entry.reminder.action_id + "\n" + entry.reminder.unit);
  }
  // Whose calendar holds the action's event now: an e-mail carried it (all do
  // but notices, when the action has a deadline).
  if (!was_final && entry.stream.exists && entry.stream.state == events::ReminderState::kDelivered &&
      entry.reminder.channel == kEmailChannel && entry.reminder.rule != kCancelRule &&
      entry.reminder.chain != Chain::kNotice && entry.reminder.deadline) {
    emailed_[entry.reminder.action_id + "\n" + entry.reminder.unit] = entry.stream.due;
  }
  if (!entry.stream.exists || events::IsFinal(entry.stream.state)) {
    if (entry.stream.exists && !was_final) {
      if (entry.stream.state == events::ReminderState::kDelivered) ++counts_.delivered;
      if (entry.stream.state == events::ReminderState::kSkipped) ++counts_.skipped;
    }
    final_[id] = std::move(entry.stream);
  } else if (entry.stream.state == events::ReminderState::kParked) {
    parked_[id] = std::move(entry);
  } else {
    pending_[id] = std::move(entry);
  }
}

void OutboxState::Reload(const std::string& reminder_id, const std::vector<events::RecordedEvent>& stream) {
  pending_.erase(reminder_id);
  parked_.erase(reminder_id);
  final_.erase(reminder_id);
  for (const auto& e : stream) Apply(e);
}

}  // namespace mrtrack::notifier
