#include "notifier/outbox_state.h"

#include "common/time.h"
#include "events/domain/event_types.h"
#include "notifier/reminder_events.h"

namespace mrtrack::notifier {

namespace types = events::types;

std::string ReminderIdOfStream(const std::string& stream) {
  static constexpr std::string_view kPrefix = "reminder-";
  if (stream.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return stream.substr(kPrefix.size());
}

Status OutboxState::Apply(const events::RecordedEvent& event) {
  if (event.position > position_) position_ = event.position;
  const std::string id = ReminderIdOfStream(event.stream);
  if (id.empty()) return Status::Ok();
  if (event.type == types::kReminderDue) {
    auto r = ReminderFromDueData(event.data);
    if (!r.ok()) {
      return Corruption("event at position " + std::to_string(event.position) + " (ReminderDue): " +
                            r.status().message(),
                        r.status().field());
    }
    known_.insert(id);
    OutboxEntry entry;
    entry.reminder = std::move(*r);
    entry.reminder.id = id;
    entry.version = event.version;
    pending_[id] = std::move(entry);
    return Status::Ok();
  }
  known_.insert(id);
  auto it = pending_.find(id);
  if (it == pending_.end()) return Status::Ok();
  OutboxEntry& entry = it->second;
  entry.version = event.version;
  if (event.type == types::kReminderDelivered) {
    ++counts_.delivered;
    pending_.erase(it);
  } else if (event.type == types::kReminderSkipped) {
    ++counts_.skipped;
    pending_.erase(it);
  } else if (event.type == types::kReminderFailed) {
    if (event.data.is_object() && event.data.value("permanent", false)) {
      ++counts_.failed;
      pending_.erase(it);
      return Status::Ok();
    }
    entry.attempts = event.data.is_object() ? event.data.value("attempt", entry.attempts + 1) : entry.attempts + 1;
    entry.last_error = event.data.is_object() ? event.data.value("error", "") : "";
    entry.retry_at.reset();
    if (event.data.is_object() && event.data.contains("retry_at") && event.data["retry_at"].is_string()) {
      auto t = ParseTimestamp(event.data["retry_at"].get<std::string>());
      if (t.ok()) entry.retry_at = *t;
    }
  }
  return Status::Ok();
}

Status OutboxState::Reload(const std::string& reminder_id, const std::vector<events::RecordedEvent>& stream) {
  pending_.erase(reminder_id);
  known_.erase(reminder_id);
  for (const auto& e : stream) MRTRACK_RETURN_IF_ERROR(Apply(e));
  return Status::Ok();
}

Result<OutboxState> RebuildOutbox(const events::EventStore& store) {
  OutboxState state;
  Status fold;
  Status scan = store.Scan(1, [&](const events::RecordedEvent& e) {
    fold = state.Apply(e);
    return fold.ok();
  });
  MRTRACK_RETURN_IF_ERROR(scan);
  MRTRACK_RETURN_IF_ERROR(fold);
  return state;
}

}  // namespace mrtrack::notifier
