#include "notifier/preview.h"

#include <map>
#include <tuple>

#include "common/time.h"
#include "notifier/facts_from_projections.h"
#include "notifier/message_builder.h"
#include "notifier/planner.h"
#include "notifier/send_schedule.h"
#include "projections/projections.h"

namespace mrtrack::notifier {

Result<std::vector<PreviewMessage>> PreviewReminders(const std::vector<ActionFacts>& actions,
                                                     const config::Config& config, const Templates& templates,
                                                     const PreviewRequest& request) {
  MRTRACK_ASSIGN_OR_RETURN(SendSchedule schedule, SendSchedule::Make(config.reminders, config.organisation.time_zone));
  std::vector<Reminder> planned;
  if (request.whole_day) {
    const auto day = schedule.LocalDay(request.at);
    planned = PlanBetween(actions, config, schedule, schedule.StartOfDay(day), schedule.StartOfDay(day + date::days(1)));
  } else {
    for (auto& r : PlanDue(actions, config, schedule, request.at)) {
      r.late = request.at - r.due_at > request.late_after;
      planned.push_back(std::move(r));
    }
  }
  // Group as the dispatcher does a pass's new messages: unit and channel
  // (and reminder when digests are off).
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<Reminder>> groups;
  for (auto& r : planned) {
    groups[{r.unit, r.channel, config.reminders.digest ? std::string() : r.id}].push_back(std::move(r));
  }
  const MessageContext ctx{config, templates, schedule};
  std::vector<PreviewMessage> out;
  for (auto& [key, group] : groups) {
    SortForMessage(group);
    MRTRACK_ASSIGN_OR_RETURN(OutgoingMessage m, BuildReminderMessage(group, ctx, request.at));
    PreviewMessage p;
    p.message_id = m.id;
    p.kind = m.kind;
    p.unit = m.unit_id;
    p.channel = m.channel;
    p.recipient = RecipientOf(m.unit_id, m.channel, config);
    p.subject = m.subject;
    p.text = m.channel == kEmailChannel ? m.text : m.chat_text;
    p.due_at = group.front().due_at;
    for (const auto& r : group) {
      p.reminder_ids.push_back(r.id);
      if (r.due_at < p.due_at) p.due_at = r.due_at;
    }
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const PreviewMessage& a, const PreviewMessage& b) {
    return std::tie(a.due_at, a.unit, a.channel) < std::tie(b.due_at, b.unit, b.channel);
  });
  return out;
}

Result<PreviewRequest> PreviewForDay(const date::year_month_day& day, const std::string& time_zone) {
  MRTRACK_ASSIGN_OR_RETURN(SendSchedule schedule, SendSchedule::Make(config::ReminderRules{}, time_zone));
  PreviewRequest request;
  request.at = schedule.StartOfDay(date::local_days(day));
  request.whole_day = true;
  return request;
}

nlohmann::json PreviewToJson(const std::vector<PreviewMessage>& messages, const config::Config& config,
                             const PreviewRequest& request) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : messages) {
    list.push_back({{"message_id", m.message_id},
                    {"kind", m.kind},
                    {"unit", m.unit},
                    {"channel", m.channel},
                    {"recipient", m.recipient},
                    {"subject", m.subject},
                    {"text", m.text},
                    {"due_at", FormatTimestamp(m.due_at)},
                    {"reminder_ids", m.reminder_ids}});
  }
  std::string day;
  if (auto schedule = SendSchedule::Make(config::ReminderRules{}, config.organisation.time_zone); schedule.ok()) {
    day = FormatDate(date::year_month_day(schedule->LocalDay(request.at)));
  }
  return {{"at", FormatTimestamp(request.at)},
          {"day", day},
          {"time_zone", config.organisation.time_zone},
          {"whole_day", request.whole_day},
          {"messages", std::move(list)}};
}

Result<nlohmann::json> PreviewRemindersJson(const projections::Projections& projections,
                                            const config::Config& config, const PreviewRequest& request) {
  MRTRACK_ASSIGN_OR_RETURN(Templates templates, Templates::Load(config.templates_dir));
  std::vector<ActionFacts> facts;
  std::uint64_t position = 0;
  projections.Read([&](const projections::ViewModel& model) {
    facts = FactsFromModel(model);
    position = model.position();
  });
  MRTRACK_ASSIGN_OR_RETURN(auto messages, PreviewReminders(facts, config, templates, request));
  nlohmann::json preview = PreviewToJson(messages, config, request);
  preview["position"] = position;
  return preview;
}

}  // namespace mrtrack::notifier
