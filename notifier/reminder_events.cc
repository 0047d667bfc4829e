#include "notifier/reminder_events.h"

#include "common/time.h"
#include "events/domain/event_types.h"

namespace mrtrack::notifier {
namespace {

events::NewEvent Make(const char* type, nlohmann::json data) {
  events::NewEvent e;
  e.type = type;
  e.actor = kNotifierActor;
  e.data = std::move(data);
  return e;
}

}  // namespace

events::NewEvent DueEvent(const Reminder& r, const std::string& recipient) {
  nlohmann::json item = {{"evaluation_id", r.item.evaluation_id},
                         {"evaluation_title", r.item.evaluation_title},
                         {"recommendation_number", r.item.recommendation_number},
                         {"label", r.item.label},
                         {"description", r.item.description},
                         {"status", r.item.status}};
  nlohmann::json data = {{"reminder_id", r.id},
                         {"idempotency_key", r.id},
                         {"action_id", r.action_id},
                         {"unit", r.unit},
                         {"rule", r.rule},
                         {"chain", r.chain == Chain::kMain ? "main" : "escalation"},
                         {"deadline", DateText(r.deadline)},
                         {"days_from_deadline", r.days_from_deadline},
                         {"channel", r.channel},
                         {"recipient", recipient},
                         {"due_at", FormatTimestamp(r.due_at)},
                         {"late", r.late},
                         {"escalated_from", r.escalated_from},
                         {"item", std::move(item)}};
  auto e = Make(events::types::kReminderDue, std::move(data));
  e.correlation_id = r.id;
  return e;
}

events::NewEvent DeliveredEvent(const Reminder& r, const std::string& recipient, int attempt,
                                const std::string& message_id) {
  auto e = Make(events::types::kReminderDelivered, {{"reminder_id", r.id},
                                                    {"channel", r.channel},
                                                    {"recipient", recipient},
                                                    {"attempt", attempt},
                                                    {"message_id", message_id},
                                                    {"late", r.late}});
  e.correlation_id = r.id;
  return e;
}

events::NewEvent FailedEvent(const Reminder& r, const std::string& recipient, int attempt, const std::string& error,
                             bool permanent, std::optional<Timestamp> retry_at) {
  nlohmann::json data = {{"reminder_id", r.id}, {"channel", r.channel}, {"recipient", recipient},
                         {"attempt", attempt},  {"error", error},       {"permanent", permanent}};
  data["retry_at"] = retry_at ? nlohmann::json(FormatTimestamp(*retry_at)) : nlohmann::json(nullptr);
  auto e = Make(events::types::kReminderFailed, std::move(data));
  e.correlation_id = r.id;
  return e;
}

events::NewEvent SkippedEvent(const std::string& reminder_id, const std::string& reason) {
  auto e = Make(events::types::kReminderSkipped, {{"reminder_id", reminder_id}, {"reason", reason}});
  e.correlation_id = reminder_id;
  return e;
}

Result<Reminder> ReminderFromDueData(const nlohmann::json& data) {
  try {
    if (!data.is_object()) return Corruption("ReminderDue data is not an object", "data");
    Reminder r;
    r.id = data.at("reminder_id").get<std::string>();
    r.action_id = data.at("action_id").get<std::string>();
    r.unit = data.at("unit").get<std::string>();
    r.rule = data.at("rule").get<std::string>();
    r.chain = data.value("chain", std::string("main")) == "escalation" ? Chain::kEscalation : Chain::kMain;
    auto deadline = ParseDate(data.at("deadline").get<std::string>());
    if (!deadline.ok()) return Corruption(deadline.status().message(), "data.deadline");
    r.deadline = *deadline;
    r.days_from_deadline = data.value("days_from_deadline", 0L);
    r.channel = data.at("channel").get<std::string>();
    auto due = ParseTimestamp(data.at("due_at").get<std::string>());
    if (!due.ok()) return Corruption(due.status().message(), "data.due_at");
    r.due_at = *due;
    r.late = data.value("late", false);
    r.escalated_from = data.value("escalated_from", std::vector<std::string>{});
    const auto& item = data.value("item", nlohmann::json::object());
    r.item.evaluation_id = item.value("evaluation_id", "");
    r.item.evaluation_title = item.value("evaluation_title", "");
    r.item.recommendation_number = item.value("recommendation_number", 0);
    r.item.label = item.value("label", "");
    r.item.description = item.value("description", "");
    r.item.status = item.value("status", "");
    return r;
  } catch (const nlohmann::json::exception& e) {
    return Corruption(std::string("unreadable ReminderDue data: ") + e.what(), "data");
  }
}

}  // namespace mrtrack::notifier
