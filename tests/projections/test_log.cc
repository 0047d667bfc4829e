#include "tests/projections/test_log.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "common/time.h"
#include "events/domain/deadline.h"
#include "events/domain/event_types.h"
#include "projections/state_codec.h"
#include "projections/views_db.h"

namespace mrtrack::projections_test {

using nlohmann::json;
namespace types = events::types;

Timestamp At(const char* text) {
  auto t = ParseTimestamp(text);
  if (!t.ok()) {
    ADD_FAILURE() << t.status().ToString();
    std::abort();
  }
  return *t;
}

const date::time_zone& Tokyo() { return *date::locate_zone("Asia/Tokyo"); }

std::unique_ptr<events::EventStore> OpenStore(const std::string& dir, const Clock& clock) {
  events::StoreOptions options;
  options.sync = false;
  auto store = events::EventStore::Open(dir, clock, options);
  if (!store.ok()) {
    ADD_FAILURE() << "cannot open the store: " << store.status().ToString();
    std::abort();
  }
  return std::move(store).value();
}

std::map<std::string, std::string> DumpModel(const projections::ViewModel& model) {
  using namespace projections;
  std::map<std::string, std::string> out;
  for (const auto& [id, e] : model.evaluations()) out[EvaluationKey(id)] = DumpJson(EncodeEvaluationState(e));
  for (const auto& [id, a] : model.actions()) {
    out[ActionKey(id)] = DumpJson(EncodeActionState(a));
    for (std::size_t i = 0; i < a.comments.size(); ++i) out[CommentKey(id, i)] = DumpJson(EncodeComment(a.comments[i]));
  }
  for (const auto& [id, r] : model.reminders()) out[ReminderKey(id)] = DumpJson(EncodeReminderOutcome(r));
  out[kCheckpointKey] = DumpJson(EncodeCheckpoint(model.checkpoint()));
  out[kRejectedKey] = DumpJson(EncodeRejected(model.rejected()));
  return out;
}

std::vector<std::pair<std::string, std::string>> ReadViewsDb(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  auto db = projections::ViewsDb::Open(dir);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (db.ok()) {
    Status read = (*db)->ForEach([&](const std::string& k, const std::string& v) { out.emplace_back(k, v); });
    EXPECT_TRUE(read.ok()) << read.ToString();
  }
  return out;
}

json DeadlineJson(const std::string& text) {
  if (text.empty()) return nullptr;
  auto d = events::ParseDeadline(text);
  if (!d.ok()) {
    ADD_FAILURE() << d.status().ToString();
    return nullptr;
  }
  return events::DeadlineToJson(*d);
}

json ResponsibleJson(const std::vector<std::string>& units, const std::vector<std::string>& unmatched) {
  std::string text;
  for (const auto& u : units) text += (text.empty() ? "" : ", ") + u;
  for (const auto& u : unmatched) text += (text.empty() ? "" : ", ") + u;
  return json{{"text", text},
              {"units", units},
              {"unmatched", unmatched},
              {"match", unmatched.empty() ? "alias" : (units.empty() ? "none" : "heuristic")}};
}

void TestLog::Queue(const std::string& stream, const std::string& type, json data) {
  events::NewEvent e;
  e.type = type;
  e.actor = "tester";
  e.correlation_id = "corr-" + std::to_string(queue_.size());
  e.data = std::move(data);
  queue_.emplace_back(stream, std::move(e));
}

void TestLog::Evaluation(const std::string& id, const std::string& title, const std::string& office) {
  Queue("evaluation-" + id, types::kEvaluationRegistered,
        json{{"evaluation_id", id},
             {"title", title},
             {"office", office},
             {"region", "Central Asia"},
             {"plan_period", "2022 - 2023"},
             {"office_type", "CO"},
             {"approval_status", "Approved"},
             {"overall_response", "The evaluation was useful."},
             {"source", {{"format", "gate-text"}, {"sha256", std::string(64, 'a')}}}});
}

void TestLog::UpdateEvaluation(const std::string& id, const std::string& field, const std::string& from,
                               const std::string& to) {
  Queue("evaluation-" + id, types::kEvaluationUpdated,
        json{{"evaluation_id", id}, {"changes", {{field, {{"from", from}, {"to", to}}}}}});
}

void TestLog::Recommendation(const std::string& id, int number, const std::string& text) {
  Queue("evaluation-" + id, types::kRecommendationAdded,
        json{{"evaluation_id", id},
             {"recommendation_id", id + "-r" + std::to_string(number)},
             {"number", number},
             {"text", text}});
}

void TestLog::EditRecommendation(const std::string& id, int number, const std::string& from, const std::string& to) {
  Queue("evaluation-" + id, types::kRecommendationEdited,
        json{{"evaluation_id", id},
             {"recommendation_id", id + "-r" + std::to_string(number)},
             {"from", from},
             {"to", to}});
}

void TestLog::Response(const std::string& id, int number, const std::string& category, const std::string& text) {
  Queue("evaluation-" + id, types::kManagementResponseRecorded,
        json{{"evaluation_id", id},
             {"recommendation_id", id + "-r" + std::to_string(number)},
             {"text", text},
             {"category", category},
             {"category_raw", category},
             {"category_inferred", ""},
             {"thematic_areas", json::array({"Not applicable"})},
             {"operating_principles", json::array({"Capacity development", "Knowledge management"})},
             {"organizational_priorities", json::array()},
             {"uneg_criteria", json::array({"Effectiveness"})}});
}

std::string TestLog::Action(const std::string& evaluation_id, int rec, int number, const std::string& description,
                            const std::vector<std::string>& units, const std::string& deadline,
                            const std::string& status, const std::vector<std::string>& unmatched) {
  const std::string rec_id = evaluation_id + "-r" + std::to_string(rec);
  const std::string id = rec_id + "-a" + std::to_string(number);
  ActionValues& v = actions_[id];
  v.status = status;
  v.description = description;
  v.deadline = DeadlineJson(deadline);
  v.responsible = ResponsibleJson(units, unmatched);
  Queue("action-" + id, types::kKeyActionAdded,
        json{{"action_id", id},
             {"evaluation_id", evaluation_id},
             {"recommendation_id", rec_id},
             {"number", number},
             {"label", std::to_string(rec) + "." + std::to_string(number)},
             {"scope", ""},
             {"description", description},
             {"responsible", v.responsible},
             {"deadline", v.deadline},
             {"status", status},
             {"status_raw", status}});
  return id;
}

void TestLog::Status(const std::string& action_id, const std::string& to, const std::string& reason) {
  ActionValues& v = actions_[action_id];
  Queue("action-" + action_id, types::kKeyActionStatusChanged,
        json{{"action_id", action_id}, {"from", v.status}, {"to", to}, {"reason", reason}, {"status_raw", to}});
  v.status = to;
}

void TestLog::Deadline(const std::string& action_id, const std::string& to, const std::string& justification) {
  ActionValues& v = actions_[action_id];
  json next = DeadlineJson(to);
  Queue("action-" + action_id, types::kKeyActionDeadlineChanged,
        json{{"action_id", action_id}, {"from", v.deadline}, {"to", next}, {"justification", justification}});
  v.deadline = std::move(next);
}

void TestLog::Responsible(const std::string& action_id, const std::vector<std::string>& units,
                          const std::string& reason) {
  ActionValues& v = actions_[action_id];
  json next = ResponsibleJson(units);
  Queue("action-" + action_id, types::kKeyActionResponsibleChanged,
        json{{"action_id", action_id}, {"from", v.responsible}, {"to", next}, {"reason", reason}});
  v.responsible = std::move(next);
}

void TestLog::Comment(const std::string& action_id, const std::string& author, const std::string& text) {
  Queue("action-" + action_id, types::kKeyActionCommentAdded,
        json{{"action_id", action_id},
             {"comment_id", "c" + std::to_string(next_comment_++)},
             {"author", author},
             {"text", text}});
}

void TestLog::Description(const std::string& action_id, const std::string& to) {
  ActionValues& v = actions_[action_id];
  Queue("action-" + action_id, types::kKeyActionDescriptionEdited,
        json{{"action_id", action_id}, {"from", v.description}, {"to", to}});
  v.description = to;
}

void TestLog::Reminder(const std::string& reminder_id, const std::string& action_id) {
  Queue("reminder-" + reminder_id, types::kReminderDue,
        json{{"reminder_id", reminder_id},
             {"action_id", action_id},
             {"unit", "kaz-co"},
             {"rule", "before-7d"},
             {"deadline", "2025-03-31"},
             {"channel", "email"},
             {"recipient", "a@example.org"},
             {"due_at", "2025-03-24T04:00:00.000000Z"},
             {"attempt", 0},
             {"idempotency_key", reminder_id},
             {"late", false},
             {"error", ""},
             {"reason", ""}});
}

void TestLog::Raw(const std::string& stream, const std::string& type, json data) { Queue(stream, type, std::move(data)); }

std::uint64_t TestLog::Flush() {
  if (queue_.empty()) return 0;
  std::vector<events::AppendPart> parts;
  std::map<std::string, std::size_t> part_of;
  for (auto& [stream, event] : queue_) {
    auto [it, inserted] = part_of.try_emplace(stream, parts.size());
    if (inserted) parts.push_back(events::AppendPart{stream, events::ExpectedVersion::Any(), {}});
    parts[it->second].events.push_back(std::move(event));
  }
  queue_.clear();
  auto result = store_.Append(std::move(parts));
  if (!result.ok()) {
    ADD_FAILURE() << "append failed: " << result.status().ToString();
    return 0;
  }
  return result->positions.empty() ? 0 : *std::max_element(result->positions.begin(), result->positions.end());
}

void TestLog::Advance(std::chrono::microseconds d) {
  Flush();
  clock_.Advance(d);
}

}  // namespace mrtrack::projections_test
