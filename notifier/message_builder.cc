#include "notifier/message_builder.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "common/crypto.h"
#include "common/sign_in_link.h"
#include "common/time.h"
#include "notifier/texts.h"

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

// The action as the published text numbers it: its label ("1.1"), else
// recommendation and position ("3.2"), else its id.
std::string Ref(const std::string& action_id, const ReminderItem& item) {
  if (!item.label.empty()) return item.label;
  if (item.recommendation_number > 0 && item.action_number > 0) {
    return std::to_string(item.recommendation_number) + "." + std::to_string(item.action_number);
  }
  return action_id;
}
std::string Ref(const Reminder& r) { return Ref(r.action_id, r.item); }

std::string DigestId(const std::vector<Reminder>& group) {
  std::vector<std::string> ids;
  for (const auto& r : group) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  std::string key = group.front().unit + "\n" + group.front().channel;
  for (const auto& id : ids) key += "\n" + id;
  return "dg-" + HexEncode(Sha256(key)).substr(0, 24);
}

// Days from the deadline to the local day of `at` (positive: overdue; 0
// without a deadline).
long DaysFromDeadline(const Reminder& r, const SendSchedule& schedule, Timestamp at) {
  if (!r.deadline) return 0;
  return (schedule.LocalDay(at) - date::local_days(*r.deadline)).count();
}

// Days from an update request's last update to the local day of `at`.
long DaysSinceUpdate(const Reminder& r, const SendSchedule& schedule, Timestamp at) {
  return (schedule.LocalDay(at) - schedule.LocalDay(r.updated_at)).count();
}

std::string DeadlineInWords(const Reminder& r, Language language) {
  return r.deadline ? DateInWords(*r.deadline, language) : NotifierTexts().Text(language, "deadline.none");
}

// What the unit is asked to do.
std::string AskOf(const Reminder& r, long days, const config::Config& config, Language language) {
  const TextCatalog& t = NotifierTexts();
  if (r.chain == Chain::kEscalation) {
    std::vector<std::string> names;
    for (const auto& u : r.escalated_from) names.push_back(UnitName(u, config));
    return t.Fill(language, "ask.escalation", {{"units", Joined(names, ", ")}});
  }
  if (r.chain == Chain::kUpdate) return t.Text(language, "ask.update");
  if (r.chain == Chain::kNotice) {
    return r.notice && r.notice->proposed_deadline
               ? t.Fill(language, "ask.extension_rejected", {{"deadline", DeadlineInWords(r, language)}})
               : t.Fill(language, "ask.completion_rejected", {{"status", StatusText(language, r.item.status)}});
  }
  // What the action's page lets a unit do: record progress with its
  // evidence, and say why a deadline cannot be met.
  return t.Text(language, days > 0 ? "ask.overdue" : "ask.open");
}

nlohmann::json ItemJson(const Reminder& r) {
  return {{"reminder_id", r.id},
          {"action_id", r.action_id},
          {"rule", r.rule},
          {"chain", ChainName(r.chain)},
          {"deadline", r.deadline ? nlohmann::json(DateText(*r.deadline)) : nlohmann::json(nullptr)},
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

void SortForMessage(std::vector<Reminder>& group) {
  std::sort(group.begin(), group.end(), [](const Reminder& a, const Reminder& b) {
    return std::tie(a.item.evaluation_id, a.deadline, a.action_id, a.id) <
           std::tie(b.item.evaluation_id, b.deadline, b.action_id, b.id);
  });
}

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

std::string CalendarUid(const std::string& action_id) { return events::ActionCalendarUid(action_id); }

CalendarEntry DeadlineCalendarEntry(const std::string& action_id, const ReminderItem& item,
                                    const date::year_month_day& deadline, const config::Config& config,
                                    Language language) {
  const TextCatalog& t = NotifierTexts();
  CalendarEntry e;
  e.uid = CalendarUid(action_id);
  e.sequence = item.calendar_sequence;
  e.date = deadline;
  const std::string ref = Ref(action_id, item);
  e.summary = t.Fill(language, "calendar.summary", {{"ref", ref}, {"description", ShortText(item.description, 60)}});
  e.description = t.Fill(language, "calendar.description",
                         {{"evaluation_title", item.evaluation_title},
                          {"recommendation_number", std::to_string(item.recommendation_number)},
                          {"ref", ref},
                          {"description", item.description}}) +
                  "\n" + ActionPageUrl(config, action_id);
  return e;
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
  if (w == nullptr) return Escape::kNone;
  if (w->kind == "slack" || w->kind == "mattermost") return Escape::kSlack;
  if (w->kind == "googlechat") return Escape::kGoogleChat;
  if (w->kind == "teams") return Escape::kTeams;
  return Escape::kNone;
}

std::string ActionPageUrl(const config::Config& config, const std::string& action_id) {
  return config::PublicBaseUrl(config) + "/actions/" + action_id;
}

namespace {

// The link of a reminder for the person it goes to: the action's page, with a
// sign-in token for the e-mail's recipients when there is a key.
std::string PersonLink(const Reminder& r, const MessageContext& ctx, Timestamp at) {
  std::string link = ActionPageUrl(ctx.config, r.action_id);
  if (ctx.sign_in_key.empty() || r.channel != kEmailChannel) return link;
  const Timestamp expires = at + std::chrono::hours(24) * ctx.config.web.link_days;
  return link + "?signin=" +
         MintSignInLinkToken(ctx.sign_in_key, r.unit, RecipientOf(r.unit, r.channel, ctx.config), expires);
}

}  // namespace

data ItemData(const Reminder& r, const MessageContext& ctx, Timestamp at) {
  const config::Config& config = ctx.config;
  const long days = DaysFromDeadline(r, ctx.schedule, at);
  const Language language = UnitLanguage(r.unit, config);
  const std::string due_date = DateInWords(date::year_month_day(ctx.schedule.LocalDay(r.due_at)), language);
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
  d.set("status", StatusText(language, r.item.status));
  d.set("deadline", DeadlineInWords(r, language));
  d.set("deadline_iso", r.deadline ? DateText(*r.deadline) : std::string());
  d.set("rule", r.rule);
  const bool update = r.chain == Chain::kUpdate;
  const long since_update = update ? DaysSinceUpdate(r, ctx.schedule, at) : 0;
  d.set("update_request", update);
  d.set("days_without_update", update ? DaysText(language, since_update) : std::string());
  d.set("when", update ? NotifierTexts().Fill(language, "when.no_update", {{"days", DaysText(language, since_update)}})
                       : WhenText(language, days));
  d.set("days_from_deadline", std::to_string(days));
  d.set("days_overdue", days > 0 ? DaysText(language, days) : std::string());
  d.set("overdue", days > 0);
  d.set("ask", AskOf(r, days, config, language));
  d.set("link", PersonLink(r, ctx, at));
  d.set("due_at", FormatTimestamp(r.due_at));
  d.set("due_date", due_date);
  d.set("late", r.late);
  d.set("delay", r.late ? NotifierTexts().Fill(language, "delay", {{"date", due_date}}) : std::string());
  d.set("escalation", r.chain == Chain::kEscalation);
  std::vector<std::string> names;
  for (const auto& u : r.escalated_from) names.push_back(UnitName(u, config));
  d.set("escalated_from", Joined(names, ", "));
  d.set("unit_id", r.unit);
  d.set("unit_name", UnitName(r.unit, config));
  if (r.notice) {
    const TextCatalog& t = NotifierTexts();
    const events::ReminderNoticeData& n = *r.notice;
    d.set("asked", n.proposed_deadline
                       ? t.Fill(language, "rejection.asked_extension",
                                {{"ref", Ref(r)}, {"proposed_deadline", DateInWords(*n.proposed_deadline, language)}})
                       : t.Fill(language, "rejection.asked_completion",
                                {{"ref", Ref(r)}, {"outcome", StatusText(language, n.outcome)}}));
    d.set("reason", n.reason);
    d.set("rejected_by", n.by);
    d.set("rejected_on", DateInWords(date::year_month_day(ctx.schedule.LocalDay(n.at)), language));
    d.set("rejected_at", FormatTimestamp(n.at));
  }
  return d;
}

namespace {

// A notice goes out alone (the dispatcher never groups it): the rejection
// templates, no calendar entry.
Result<OutgoingMessage> BuildNoticeMessage(const Reminder& r, const MessageContext& ctx, Timestamp now) {
  if (!r.notice) return Internal("notice " + r.id + " says nothing of a rejection");
  OutgoingMessage m;
  m.id = r.id;
  m.kind = "rejection";
  m.channel = r.channel;
  m.unit_id = r.unit;
  m.unit_name = UnitName(r.unit, ctx.config);
  if (r.channel == kEmailChannel) {
    if (const config::Unit* u = ctx.config.FindUnit(r.unit)) m.to = u->emails;
  }
  data root;
  AddTexts(root, UnitLanguage(r.unit, ctx.config));
  root.set("organisation", ctx.config.organisation.name);
  root.set("unit_id", r.unit);
  root.set("unit_name", m.unit_name);
  root.set("late", r.late);
  root.set("item", ItemData(r, ctx, now));
  MRTRACK_ASSIGN_OR_RETURN(std::string subject, ctx.templates.Render("rejection_subject", root, Escape::kNone));
  m.subject = OneLine(subject);
  root.set("subject", m.subject);
  MRTRACK_ASSIGN_OR_RETURN(m.text, ctx.templates.Render("rejection_text", root, Escape::kNone));
  MRTRACK_ASSIGN_OR_RETURN(m.html, ctx.templates.Render("rejection_html", root, Escape::kHtml));
  MRTRACK_ASSIGN_OR_RETURN(std::string chat,
                           ctx.templates.Render("rejection_chat", root, ChatEscape(r.channel, ctx.config)));
  m.chat_text = Trim(chat);
  const events::ReminderNoticeData& n = *r.notice;
  m.data = {{"kind", m.kind},
            {"unit", {{"id", r.unit}, {"name", m.unit_name}}},
            {"subject", m.subject},
            {"rejection",
             {{"action_id", r.action_id},
              {"rule", r.rule},
              {"event_id", n.event_id},
              {"request_id", n.request_id},
              {"outcome", n.outcome.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.outcome)},
              {"proposed_deadline",
               n.proposed_deadline ? nlohmann::json(DateText(*n.proposed_deadline)) : nlohmann::json(nullptr)},
              {"reason", n.reason},
              {"by", n.by},
              {"at", FormatTimestamp(n.at)},
              {"link", ActionPageUrl(ctx.config, r.action_id)}}},
            {"items", nlohmann::json::array({ItemJson(r)})}};
  return m;
}

}  // namespace

Result<OutgoingMessage> BuildReminderMessage(const std::vector<Reminder>& group, const MessageContext& ctx,
                                             Timestamp now) {
  if (group.empty()) return Internal("BuildReminderMessage: empty group");
  const Reminder& first = group.front();
  if (first.chain == Chain::kNotice) {
    if (group.size() > 1) return Internal("a notice goes out in a message of its own");
    return BuildNoticeMessage(first, ctx, now);
  }
  const bool cancel = first.rule == kCancelRule;
  const bool digest = group.size() > 1;
  OutgoingMessage m;
  m.id = digest ? DigestId(group) : first.id;
  m.kind = cancel ? "cancel" : digest ? "digest" : "reminder";
  m.channel = first.channel;
  m.unit_id = first.unit;
  m.unit_name = UnitName(first.unit, ctx.config);
  m.calendar_method = cancel ? "CANCEL" : "PUBLISH";
  if (first.channel == kEmailChannel) {
    if (const config::Unit* u = ctx.config.FindUnit(first.unit)) m.to = u->emails;
  }

  const Language language = UnitLanguage(first.unit, ctx.config);
  const TextCatalog& t = NotifierTexts();
  data root;
  AddTexts(root, language);
  data items{data::type::list};
  data evaluations{data::type::list};
  bool any_late = false;
  long overdue = 0, due = 0, worst = 0, updates = 0;
  std::set<std::string> calendar_seen;
  std::vector<std::string> titles;
  nlohmann::json items_json = nlohmann::json::array();
  data evaluation_items{data::type::list};
  std::string current_evaluation;
  auto close_evaluation = [&] {
    if (titles.empty()) return;
    data e;
    e.set("evaluation_title", titles.back());
    e.set("items", evaluation_items);
    evaluations.push_back(e);
    evaluation_items = data{data::type::list};
  };
  for (const auto& r : group) {
    if (titles.empty() || r.item.evaluation_id != current_evaluation) {
      close_evaluation();
      current_evaluation = r.item.evaluation_id;
      titles.push_back(r.item.evaluation_title);
    }
    data item = ItemData(r, ctx, now);
    items.push_back(item);
    evaluation_items.push_back(item);
    items_json.push_back(ItemJson(r));
    any_late = any_late || r.late;
    const long days = DaysFromDeadline(r, ctx.schedule, now);
    if (r.chain == Chain::kUpdate) {
      ++updates;
    } else if (!cancel) {
      if (days > 0) {
        ++overdue;
        worst = std::max(worst, days);
      } else {
        ++due;
      }
    }
    if (r.deadline && calendar_seen.insert(CalendarUid(r.action_id)).second) {
      m.calendar.push_back(DeadlineCalendarEntry(r.action_id, r.item, *r.deadline, ctx.config, language));
    }
  }
  close_evaluation();
  std::string counts;
  if (overdue > 0) {
    counts = overdue == 1 ? t.Text(language, "counts.overdue_one")
                          : t.Fill(language, "counts.overdue", {{"count", overdue}});
    if (digest) counts += t.Fill(language, "counts.worst", {{"worst", DaysText(language, worst)}});
  }
  if (due > 0) {
    if (!counts.empty()) counts += ", ";
    counts += overdue > 0 ? t.Fill(language, "counts.due_also", {{"count", due}})
              : due == 1  ? t.Text(language, "counts.due_one")
                          : t.Fill(language, "counts.due", {{"count", due}});
  }
  if (updates > 0) {
    if (!counts.empty()) counts += ", ";
    counts += updates == 1 ? t.Text(language, "counts.update_one")
                           : t.Fill(language, "counts.update", {{"count", updates}});
  }
  root.set("organisation", ctx.config.organisation.name);
  root.set("unit_id", first.unit);
  root.set("unit_name", m.unit_name);
  root.set("date", DateInWords(date::year_month_day(ctx.schedule.LocalDay(now)), language));
  root.set("count", std::to_string(group.size()));
  root.set("counts", counts);
  root.set("overdue_count", std::to_string(overdue));
  root.set("due_count", std::to_string(due));
  root.set("update_count", std::to_string(updates));
  root.set("worst", worst > 0 ? DaysText(language, worst) : std::string());
  root.set("one_evaluation", titles.size() == 1);
  root.set("evaluation_count", std::to_string(titles.size()));
  root.set("subject_title", titles.size() == 1 ? ShortText(titles.front(), 50) : std::string());
  root.set("late", any_late);
  root.set("digest", digest);
  root.set("item", ItemData(first, ctx, now));
  root.set("items", items);
  root.set("evaluations", evaluations);

  const std::string prefix = cancel ? "cancel_" : digest ? "digest_" : "reminder_";
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
