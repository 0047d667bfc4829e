#include "notifier/message_builder.h"

#include <algorithm>
#include <set>

#include "common/crypto.h"
#include "common/time.h"

namespace mrtrack::notifier {
namespace {

using kainjow::mustache::data;

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Subjects are one line.
std::string OneLine(const std::string& s) {
  std::string out = Trim(s);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return out;
}

std::string Joined(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string Ref(const Reminder& r) { return r.item.label.empty() ? r.action_id : r.item.label; }

std::string DigestId(const std::vector<Reminder>& group) {
  std::vector<std::string> ids;
  for (const auto& r : group) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  std::string key = group.front().unit + "\n" + group.front().channel;
  for (const auto& id : ids) key += "\n" + id;
  return "dg-" + HexEncode(Sha256(key)).substr(0, 24);
}

nlohmann::json ItemJson(const Reminder& r) {
  return {{"reminder_id", r.id},
          {"action_id", r.action_id},
          {"rule", r.rule},
          {"deadline", DateText(r.deadline)},
          {"days_from_deadline", r.days_from_deadline},
          {"due_at", FormatTimestamp(r.due_at)},
          {"late", r.late},
          {"escalated_from", r.escalated_from},
          {"evaluation_id", r.item.evaluation_id},
          {"evaluation_title", r.item.evaluation_title},
          {"recommendation_number", r.item.recommendation_number},
          {"label", r.item.label},
          {"description", r.item.description},
          {"status", r.item.status}};
}

}  // namespace

std::string ShortText(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {  // The start of a code point.
      if (chars == max_chars) return text.substr(0, i) + "\u2026";
      ++chars;
    }
  }
  return text;
}

std::string CalendarUid(const std::string& action_id, const date::year_month_day& deadline) {
  return "dl-" + HexEncode(Sha256(action_id + "\n" + DateText(deadline))).substr(0, 24) + "@mrtrack";
}

std::string UnitName(const std::string& unit_id, const config::Config& config) {
  const config::Unit* u = config.FindUnit(unit_id);
  return u == nullptr || u->name.empty() ? unit_id : u->name;
}

const config::WebhookChannel* FindWebhook(const std::string& channel, const config::Config& config) {
  const std::string prefix = kWebhookChannelPrefix;
  if (channel.compare(0, prefix.size(), prefix) != 0) return nullptr;
  const std::string name = channel.substr(prefix.size());
  for (const auto& w : config.webhooks) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

std::string RecipientOf(const std::string& unit_id, const std::string& channel, const config::Config& config) {
  if (channel == kEmailChannel) {
    const config::Unit* u = config.FindUnit(unit_id);
    return u == nullptr ? std::string() : Joined(u->emails, ", ");
  }
  return channel.substr(std::min(channel.size(), std::string(kWebhookChannelPrefix).size()));
}

Escape ChatEscape(const std::string& channel, const config::Config& config) {
  const config::WebhookChannel* w = FindWebhook(channel, config);
  if (w != nullptr && (w->kind == "slack" || w->kind == "mattermost")) return Escape::kSlack;
  return Escape::kNone;
}

data ItemData(const Reminder& r, const config::Config& config) {
  data d;
  d.set("organisation", config.organisation.name);
  d.set("reminder_id", r.id);
  d.set("action_id", r.action_id);
  d.set("ref", Ref(r));
  d.set("label", r.item.label);
  d.set("description", r.item.description);
  d.set("short_description", ShortText(r.item.description, 60));
  d.set("evaluation_id", r.item.evaluation_id);
  d.set("evaluation_title", r.item.evaluation_title);
  d.set("recommendation_number", std::to_string(r.item.recommendation_number));
  d.set("status", r.item.status);
  d.set("deadline", DateText(r.deadline));
  d.set("rule", r.rule);
  d.set("when", DescribeDaysFromDeadline(r.days_from_deadline));
  d.set("days_from_deadline", std::to_string(r.days_from_deadline));
  d.set("overdue", r.days_from_deadline > 0);
  d.set("due_at", FormatTimestamp(r.due_at));
  d.set("late", r.late);
  d.set("escalation", r.chain == Chain::kEscalation);
  std::vector<std::string> names;
  for (const auto& u : r.escalated_from) names.push_back(UnitName(u, config));
  d.set("escalated_from", Joined(names, ", "));
  d.set("unit_id", r.unit);
  d.set("unit_name", UnitName(r.unit, config));
  return d;
}

Result<OutgoingMessage> BuildReminderMessage(const std::vector<Reminder>& group, const MessageContext& ctx,
                                             Timestamp now) {
  if (group.empty()) return Internal("BuildReminderMessage: empty group");
  const Reminder& first = group.front();
  const bool digest = group.size() > 1;
  OutgoingMessage m;
  m.id = digest ? DigestId(group) : first.id;
  m.kind = digest ? "digest" : "reminder";
  m.channel = first.channel;
  m.unit_id = first.unit;
  m.unit_name = UnitName(first.unit, ctx.config);
  if (first.channel == kEmailChannel) {
    if (const config::Unit* u = ctx.config.FindUnit(first.unit)) m.to = u->emails;
  }

  data root;
  data items{data::type::list};
  bool any_late = false;
  std::set<std::string> calendar_seen;
  nlohmann::json items_json = nlohmann::json::array();
  for (const auto& r : group) {
    items.push_back(ItemData(r, ctx.config));
    items_json.push_back(ItemJson(r));
    any_late = any_late || r.late;
    const std::string uid = CalendarUid(r.action_id, r.deadline);
    if (calendar_seen.insert(uid).second) {
      CalendarEntry e;
      e.uid = uid;
      e.date = r.deadline;
      e.summary = "Deadline: key action " + Ref(r) + " " + ShortText(r.item.description, 60);
      e.description = r.item.evaluation_title + ", recommendation " + std::to_string(r.item.recommendation_number) +
                      ", key action " + Ref(r) + ": " + r.item.description;
      m.calendar.push_back(std::move(e));
    }
  }
  root.set("organisation", ctx.config.organisation.name);
  root.set("unit_id", first.unit);
  root.set("unit_name", m.unit_name);
  root.set("date", FormatDate(date::year_month_day(ctx.schedule.LocalDay(now))));
  root.set("count", std::to_string(group.size()));
  root.set("late", any_late);
  root.set("digest", digest);
  root.set("item", ItemData(first, ctx.config));
  root.set("items", items);

  const std::string prefix = digest ? "digest_" : "reminder_";
  MRTRACK_ASSIGN_OR_RETURN(std::string subject, ctx.templates.Render(prefix + "subject", root, Escape::kNone));
  m.subject = OneLine(subject);
  root.set("subject", m.subject);
  MRTRACK_ASSIGN_OR_RETURN(m.text, ctx.templates.Render(prefix + "text", root, Escape::kNone));
  MRTRACK_ASSIGN_OR_RETURN(m.html, ctx.templates.Render(prefix + "html", root, Escape::kHtml));
  MRTRACK_ASSIGN_OR_RETURN(std::string chat,
                           ctx.templates.Render("chat_text", root, ChatEscape(first.channel, ctx.config)));
  m.chat_text = Trim(chat);
  m.data = {{"kind", m.kind},
            {"unit", {{"id", first.unit}, {"name", m.unit_name}}},
            {"subject", m.subject},
            {"items", std::move(items_json)}};
  return m;
}

}  // namespace mrtrack::notifier
