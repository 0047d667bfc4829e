// My actions (/) and an action's page (/actions/{id}), with the forms that
// record progress: a status with its reason, and a comment. Everything is
// read and changed through the API (api_client.h); a form's POST answers with
// a redirect back to the page it came from (Post/Redirect/Get).
#include <chrono>
#include <date/date.h>
#include <date/tz.h>

#include "common/time.h"
#include "daemon/server/auth.h"
#include "daemon/server/json_io.h"
#include "daemon/server/runtime_config.h"
#include "daemon/web/api_client.h"
#include "events/domain/evaluation.h"
#include "daemon/web/i18n.h"
#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;
using Query = std::multimap<std::string, std::string>;

const std::vector<std::string> kStatuses = {"Not Initiated", "Initiated", "Ongoing", "Completed",
                                            "No Longer Applicable"};
constexpr int kSoonDays = 30;

// At most `max` bytes of `text`, cut at a UTF-8 boundary, with an ellipsis.
std::string Shorten(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

bool MayChange(const RequestContext& ctx, const json& units) {
  if (!ctx.principal || QueryValue(ctx, "as_of")) return false;
  std::vector<std::string> ids;
  for (const auto& u : units) ids.push_back(u.get<std::string>());
  return CheckMayChangeAction(*ctx.principal, ids).ok();
}

bool IsTerminal(const std::string& status) { return status == "Completed" || status == "No Longer Applicable"; }

// The statuses the person may set: with closure validation, an editor closes
// an action by a completion request, not by its status.
json StatusOptions(const RequestContext& ctx, const std::string& current, Language language) {
  const bool requests_only = ctx.runtime->config().workflow.closure_validation && ctx.principal &&
                             ctx.principal->role == config::Role::kEditor;
  json out = json::array();
  for (const auto& s : kStatuses) {
    if (requests_only && IsTerminal(s) && s != current) continue;
    out.push_back({{"value", s}, {"label", StatusLabel(language, s)}, {"selected", s == current}});
  }
  return out;
}

// The fields a row of My actions shows, from an action's JSON: only those,
// since a page of 100 rows turns each into template data.
json ActionRowModel(const WebContext& web, const RequestContext& ctx, const json& a, Language language) {
  json m;
  m["id"] = a["action_id"];
  m["label"] = a.value("label", "");
  m["description"] = a["description"];
  m["status_label"] = StatusLabel(language, a["status"].get<std::string>());
  m["status_class"] = "status-" + std::to_string(std::find(kStatuses.begin(), kStatuses.end(), a["status"].get<std::string>()) - kStatuses.begin());
  m["evaluation_id"] = a["evaluation_id"];
  m["evaluation_short"] = Shorten(a.value("evaluation_title", ""), 90);
  m["recommendation_number"] = a["recommendation_number"];
  m["high_priority"] = a.value("priority", "") == events::kPriorityHigh;
  m["units"] = UnitNames(ctx, a["responsible"]["units"]);
  m["deadline"] = DeadlineText(a["deadline"], language);
  m["overdue"] = a.value("overdue", false);
  m["days_late"] = a.value("days_overdue", 0);
  m["stale"] = a.value("stale", false);
  m["soon"] = false;
  if (!m["overdue"].get<bool>() && a["deadline"].is_object() && a["status"] != "Completed" &&
      a["status"] != "No Longer Applicable") {
    auto due = ParseDate(a["deadline"]["date"].get<std::string>());
    if (due.ok()) {
      auto days = (date::sys_days(*due) - Today(web, ctx)).count();
      if (days >= 0 && days <= kSoonDays) {
        m["soon"] = true;
        m["due_in"] = days;
      }
    }
  }
  m["may_change"] = MayChange(ctx, a["responsible"]["units"]);
  return m;
}

// The fields the action page shows: a row's and its forms', requests', history's.
json ActionModel(const WebContext& web, const RequestContext& ctx, const json& a, Language language) {
  json m = ActionRowModel(web, ctx, a, language);
  m["status"] = a["status"];
  m["evaluation_title"] = a["evaluation_title"];
  m["responsible_text"] = a["responsible"]["text"];
  m["may_request"] = m["may_change"].get<bool>() && !IsTerminal(a["status"].get<std::string>());
  m["may_validate"] = MayValidate(ctx);
  m["statuses"] = StatusOptions(ctx, a["status"].get<std::string>(), language);
  m["extensions"] = a.value("extensions", 0) > 0 ? json(a["extensions"]) : json(nullptr);
  AddRequests(ctx, a, m, language);
  m["comment_count"] = a.value("comment_count", 0);
  m["version"] = a["version"];
  return m;
}

// The filters of My actions, from the query, and the API query they make.
struct ActionFilters {
  std::string unit, status, show, q;
};

json UnitOptions(const RequestContext& ctx, const std::string& selected) {
  json out = json::array();
  for (const auto& unit : ctx.runtime->config().units) {
    out.push_back({{"value", unit.id}, {"label", unit.name}, {"selected", unit.id == selected}});
  }
  return out;
}

Result<Reply> MyActions(const WebContext& web, const RequestContext& ctx) {
  ActionFilters f{QueryValue(ctx, "unit").value_or(""), QueryValue(ctx, "status").value_or(""),
                  QueryValue(ctx, "show").value_or("open"), QueryValue(ctx, "q").value_or("")};
  const Principal& me = *ctx.principal;
  // An editor's list starts at their units; "all" shows every unit's.
  Query query = WithAsOf(ctx, {{"open", "true"}, {"sort", "deadline"}, {"limit", "500"}});
  if (f.unit.empty() && !me.units.empty()) {
    for (const auto& u : me.units) query.emplace("unit", u);
  } else if (!f.unit.empty() && f.unit != "all") {
    query.emplace("unit", f.unit);
  }
  if (!f.status.empty()) query.emplace("status", f.status);
  if (!f.q.empty()) query.emplace("q", f.q);
  if (f.show == "overdue") {
    query.emplace("overdue", "true");
  } else if (f.show == "soon") {
    query.emplace("overdue", "false");
    query.emplace("due_before", FormatDate(date::year_month_day(Today(web, ctx) + date::days(kSoonDays))));
  }
  ApiClient api(*web.routes, ctx);
  MRTRACK_ASSIGN_OR_RETURN(json page, api.Get("/v1/actions", query));

  const Language language = PageLanguage(ctx);
  json model = PageFrame(web, ctx, Tr(language, "my_actions.title"), "my_actions");
  json rows = json::array();
  int overdue = 0, soon = 0;
  for (const auto& a : page["items"]) {
    json row = ActionRowModel(web, ctx, a, language);
    overdue += row["overdue"].get<bool>() ? 1 : 0;
    soon += row["soon"].get<bool>() ? 1 : 0;
    rows.push_back(std::move(row));
  }
  model["actions"] = std::move(rows);
  model["count"] = page["total"];
  model["overdue_count"] = overdue;
  model["soon_count"] = soon;
  model["empty"] = page["items"].empty();
  model["units_text"] = me.units.empty() ? Tr(language, "my_actions.all_units_text") : UnitNames(ctx, me.units);
  model["unit_options"] = UnitOptions(ctx, f.unit);
  model["all_units_selected"] = f.unit == "all";
  json status_options = json::array();
  for (const auto& s : kStatuses) {
    status_options.push_back({{"value", s}, {"label", StatusLabel(language, s)}, {"selected", s == f.status}});
  }
  model["status_options"] = std::move(status_options);
  model["show_open"] = f.show == "open";
  model["show_overdue"] = f.show == "overdue";
  model["show_soon"] = f.show == "soon";
  model["q"] = f.q;
  std::string back = "/";
  if (!ctx.query.empty()) {
    std::string qs;
    for (const auto& [name, value] : ctx.query) {
      if (name != "done") qs += (qs.empty() ? "?" : "&") + UrlEncode(name) + "=" + UrlEncode(value);
    }
    back += qs;
  }
  model["back"] = back;
  model["done"] = QueryValue(ctx, "done").value_or("");
  return PageReply("my_actions", std::move(model));
}

// The person's text of a history entry's changes: "Status: Ongoing → Completed".
json TimelineModel(const RequestContext& ctx, const json& history, Language language) {
  json items = json::array();
  for (const auto& h : history["items"]) {
    json changes = json::array();
    for (const auto& c : h["changes"]) {
      changes.push_back({{"field", c.value("field", "")},
                         {"from", c.value("from_text", "")},
                         {"to", c.value("to_text", "")},
                         {"has_from", !c.value("from_text", "").empty() && c.value("from_text", "") != "(none)"}});
    }
    items.push_back({{"at", LocalTime(ctx, h["recorded_at"], language)},
                     {"at_iso", h["recorded_at"]},
                     {"actor", ActorDisplay(ctx, h.value("actor", ""))},
                     {"summary", h.value("summary", "")},
                     {"reason", h.value("reason", "")},
                     {"type", h.value("type", "")},
                     {"position", h["position"]},
                     {"changes", std::move(changes)}});
  }
  return items;
}

Result<Reply> ActionPage(const WebContext& web, const RequestContext& ctx) {
  const std::string& id = ctx.PathParam("id");
  ApiClient api(*web.routes, ctx);
  MRTRACK_ASSIGN_OR_RETURN(json a, api.Get("/v1/actions/" + id, WithAsOf(ctx)));
  const Language language = PageLanguage(ctx);
  json model = PageFrame(web, ctx, TrFill(language, "action.title", {{"label", a.value("label", id)}}), "");
  model["action"] = ActionModel(web, ctx, a, language);
  model["action"]["recommendation_text"] = a.value("recommendation_text", "");
  model["action"]["response_category"] = a.value("response_category", "");
  model["action"]["office"] = a.value("office", "");
  model["action"]["evidence"] = EvidenceModel(a.value("evidence", json::array()));
  model["action"]["has_evidence"] = !a.value("evidence", json::array()).empty();
  json comments = json::array();
  for (const auto& c : a["comments"]) {
    comments.push_back({{"author", ActorDisplay(ctx, c.value("author", ""))},
                        {"at", LocalTime(ctx, c["at"], language)},
                        {"at_iso", c["at"]},
                        {"text", c["text"]}});
  }
  model["comments"] = std::move(comments);

  // The management response is the recommendation's, on the evaluation.
  auto evaluation = api.Get("/v1/evaluations/" + a["evaluation_id"].get<std::string>(), WithAsOf(ctx));
  if (evaluation.ok()) {
    for (const auto& r : (*evaluation)["recommendations"]) {
      if (r.value("recommendation_id", "") == a.value("recommendation_id", "")) {
        const json& response = r["management_response"];
        model["action"]["management_response"] = response.is_object() ? response.value("text", "") : "";
      }
    }
  }
  auto history = api.Get("/v1/actions/" + id + "/history", WithAsOf(ctx));
  if (history.ok()) {
    model["timeline"] = TimelineModel(ctx, *history, language);
    // The original deadline is the first one the history shows.
    for (const auto& h : (*history)["items"]) {
      for (const auto& c : h["changes"]) {
        if (c.value("field", "") == "deadline" && !model.contains("original_deadline")) {
          model["original_deadline"] = c.value("to_text", "");
        }
      }
    }
    // The view knows it (with the workflow); shown only when the deadline has moved since.
    if (a.contains("original_deadline") && a["original_deadline"].is_object()) {
      model["original_deadline"] = a["original_deadline"].value("date", "");
    }
    std::string original = model.value("original_deadline", "");
    std::string current = a["deadline"].is_object() ? a["deadline"].value("date", "") : "";
    if (original.empty() || original.rfind(current, 0) == 0) {
      model.erase("original_deadline");
    } else if (ParseDate(original.substr(0, 10)).ok()) {
      model["original_deadline"] = DeadlineText(json{{"date", original.substr(0, 10)}}, language);
    }
  } else {
    model["history_hidden"] = history.status().message();
  }
  auto reminders = api.Get("/v1/actions/" + id + "/reminders", WithAsOf(ctx));
  if (reminders.ok()) {
    json items = json::array();
    for (const auto& r : (*reminders)["items"]) {
      items.push_back({{"rule", r.value("rule", "")},
                       {"channel", r.value("channel", "")},
                       {"recipient", r.value("recipient", "")},
                       {"due_at", LocalTime(ctx, r["due_at"], language)},
                       {"state", r.value("state", "")},
                       {"attempts", r.value("attempts", 0)},
                       {"note", r.value("note", "")}});
    }
    model["reminders"] = std::move(items);
    model["no_reminders"] = (*reminders)["items"].empty();
  } else {
    model["reminders_hidden"] = reminders.status().message();
  }
  model["live_action"] = id;  // Its live updates: changes of this action and its reminders.
  model["back"] = "/actions/" + UrlEncode(id);
  model["done"] = QueryValue(ctx, "done").value_or("");
  return PageReply("action", std::move(model));
}

// A form's POST: the API call, then back to where the form was.
Result<Reply> ChangeFromForm(const WebContext& web, const RequestContext& ctx, const std::string& api_path,
                             const json& body, const std::string& done) {
  ApiClient api(*web.routes, ctx);
  MRTRACK_RETURN_IF_ERROR(api.Post(api_path, body).status());
  std::string back = FormValue(ParseForm(ctx.body), "back");
  if (!IsLocalPath(back)) back = "/actions/" + UrlEncode(ctx.PathParam("id"));
  back += (back.find('?') == std::string::npos ? "?" : "&") + std::string("done=") + done;
  return Redirect(back);
}

const std::vector<QueryParam> kActionListParams = {
    {"unit", "string", "A unit id, or all."},
    {"status", "string", "Only this status."},
    {"show", "string", "open (default), overdue or soon (due within 30 days)."},
    {"q", "string", "Text to look for."},
    AsOfParam(),
    {"done", "string", "What the last form did (for its confirmation)."}};

}  // namespace

void AddActionPages(RouteTable& table, const WebContext& web) {
  table.Add({"GET", "/", "webMyActions", Access::kWebSession,
             RouteDoc::Summary("My actions: the open actions of my units, most urgent first.").Query(kActionListParams),
             [web](const RequestContext& ctx) { return MyActions(web, ctx); }});
  table.Add({"GET", "/actions/{id}", "webAction", Access::kWebSession,
             RouteDoc::Summary("One action: its texts, status, comments, reminders and history.")
                 .Query({AsOfParam(),
                         {"done", "string", "What the last form did."},
                         {"signin", "string", "A reminder's sign-in link token (common/sign_in_link.h)."}}),
             [web](const RequestContext& ctx) { return ActionPage(web, ctx); }});
  table.Add({"POST", "/actions/{id}/status", "webChangeStatus", Access::kWebSession,
             RouteDoc::Summary("Record progress: a status and its reason."),
             [web](const RequestContext& ctx) -> Result<Reply> {
               Form form = ParseForm(ctx.body);
               json body = {{"status", FormValue(form, "status")}};
               if (!FormValue(form, "reason").empty()) body["reason"] = FormValue(form, "reason");
               return ChangeFromForm(web, ctx, "/v1/actions/" + ctx.PathParam("id") + "/status", body, "status");
             }});
}

}  // namespace mrtrack::daemon::web
