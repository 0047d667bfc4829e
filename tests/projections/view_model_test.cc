#include "projections/view_model.h"

#include <gtest/gtest.h>

#include "projections/state_codec.h"
#include "projections/views_db.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using events::ActionStatus;
using projections_test::At;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;

ViewModel Replay(const events::EventStore& store) {
  ViewModel model;
  Status applied;
  EXPECT_OK(store.Scan(1, [&](const events::RecordedEvent& e) {
    applied = model.Apply(e);
    return applied.ok();
  }));
  EXPECT_OK(applied);
  return model;
}

class ViewModelTest : public ::testing::Test {
 protected:
  ViewModelTest() : clock_(At("2025-01-10T09:00:00Z")), store_(OpenStore(dir_.Sub("events"), clock_)), log_(*store_, clock_) {}

  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<events::EventStore> store_;
  TestLog log_;
};

TEST_F(ViewModelTest, FoldsEvaluationsAndActionsWithTheDomainFolds) {
  log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
  log_.Recommendation("ev1", 1, "Build capacity");
  log_.Response("ev1", 1, "Accepted", "We agree");
  const std::string a = log_.Action("ev1", 1, 1, "Train partners", {"kaz-co"}, "2025/03", "Initiated");
  log_.Advance(std::chrono::hours(24));
  log_.Status(a, "Completed");
  log_.Comment(a, "alice", "done early");
  log_.Flush();

  ViewModel model = Replay(*store_);
  EXPECT_EQ(model.position(), 6u);
  ASSERT_NE(model.FindEvaluation("ev1"), nullptr);
  EXPECT_EQ(model.FindEvaluation("ev1")->title, "Umbrella");
  const events::KeyActionState* action = model.FindAction(a);
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->status, ActionStatus::kCompleted);
  EXPECT_EQ(action->completed_at, At("2025-01-11T09:00:00Z"));
  ASSERT_EQ(action->comments.size(), 1u);
  EXPECT_EQ(action->comments[0].text, "done early");
  const events::Recommendation* rec = model.FindRecommendation(*action);
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(rec->response.category, "Accepted");
  EXPECT_EQ(model.checkpoint().recorded_at, At("2025-01-11T09:00:00Z"));
}

TEST_F(ViewModelTest, RefusesAnEventThatIsNotTheNextPosition) {
  log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
  log_.Recommendation("ev1", 1, "Build capacity");
  log_.Flush();
  auto events = store_->ReadAll(2, 1);
  ASSERT_OK(events);
  ViewModel model;
  Status s = model.Apply(events->front());
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message(), "projection at position 0 was given position 2; events must come in log order");
  EXPECT_EQ(model.position(), 0u);
}

TEST_F(ViewModelTest, FoldsReminderStreamsIntoOutcomesPerAction) {
  const std::string a = log_.Action("ev1", 1, 1, "Train partners", {"kaz-co"}, "2025/03");
  const std::string b = log_.Action("ev1", 1, 2, "Write report", {"kaz-co"}, "2025/03");
  for (const char* id : {"rem-1", "rem-2", "rem-3"}) log_.Reminder(id, a);
  log_.Reminder("rem-4", b);
  log_.Flush();
  clock_.Set(At("2025-03-24T04:00:05Z"));
  log_.Raw("reminder-rem-1", "ReminderFailed",
           {{"reminder_id", "rem-1"}, {"attempt", 1}, {"error", "HTTP 503"}, {"permanent", false}});
  log_.Raw("reminder-rem-1", "ReminderDelivered",
           {{"reminder_id", "rem-1"}, {"attempt", 2}, {"message_id", "dg-1"}, {"late", false}});
  log_.Raw("reminder-rem-2", "ReminderFailed",
           {{"reminder_id", "rem-2"}, {"attempt", 1}, {"error", "550 no such user"}, {"permanent", true}});
  log_.Raw("reminder-rem-3", "ReminderSkipped", {{"reminder_id", "rem-3"}, {"reason", "the action is Completed"}});
  log_.Raw("reminder-rem-3", "ReminderDelivered", {{"reminder_id", "rem-3"}, {"attempt", 1}});  // Final: no effect.
  log_.Raw("reminder-rem-4", "ReminderFailed",
           {{"reminder_id", "rem-4"}, {"recipient", "new@example.org"}, {"attempt", 1}, {"error", "timeout"},
            {"permanent", false}});
  log_.Raw("reminder-rem-9", "ReminderDelivered", {{"reminder_id", "rem-9"}, {"attempt", 1}});  // Never due.
  log_.Flush();

  ViewModel model = Replay(*store_);
  ASSERT_EQ(model.reminders().size(), 4u);
  EXPECT_EQ(model.reminders_by_action().at(a), (std::set<std::string>{"rem-1", "rem-2", "rem-3"}));
  EXPECT_EQ(model.reminders_by_action().at(b), (std::set<std::string>{"rem-4"}));
  const ReminderOutcome& delivered = model.reminders().at("rem-1");
  EXPECT_EQ(delivered.state, "delivered");
  EXPECT_EQ(delivered.attempts, 2);
  EXPECT_EQ(delivered.message_id, "dg-1");
  EXPECT_EQ(delivered.delivered_at, At("2025-03-24T04:00:05Z"));
  EXPECT_EQ(delivered.note, "");
  EXPECT_EQ(delivered.unit, "kaz-co");
  EXPECT_EQ(delivered.recipient, "a@example.org");
  EXPECT_EQ(model.reminders().at("rem-2").state, "parked");  // Permanent, before parking existed: parked.
  EXPECT_EQ(model.reminders().at("rem-2").note, "550 no such user");
  EXPECT_EQ(model.reminders().at("rem-3").state, "skipped");
  EXPECT_EQ(model.reminders().at("rem-3").note, "the action is Completed");
  const ReminderOutcome& retrying = model.reminders().at("rem-4");
  EXPECT_EQ(retrying.state, "pending");
  EXPECT_EQ(retrying.attempts, 1);
  EXPECT_EQ(retrying.note, "timeout");
  EXPECT_EQ(retrying.recipient, "new@example.org");
  ASSERT_EQ(model.rejected().size(), 1u);
  EXPECT_EQ(model.rejected()[0].stream, "reminder-rem-9");
  EXPECT_EQ(model.actions().size(), 2u);
}

TEST_F(ViewModelTest, ListsAnEventItsFoldRejectsAndKeepsTheStateBeforeIt) {
  const std::string a = log_.Action("ev1", 1, 1, "Train partners", {"kaz-co"}, "2025/03", "Initiated");
  log_.Flush();
  log_.Raw("action-" + a, "KeyActionStatusChanged", {{"action_id", a}, {"from", "Initiated"}, {"to", "Finished"}});
  log_.Flush();
  log_.Status(a, "Ongoing");
  log_.Flush();

  ViewModel model = Replay(*store_);
  EXPECT_EQ(model.position(), 3u);
  ASSERT_EQ(model.rejected().size(), 1u);
  EXPECT_EQ(model.rejected()[0].position, 2u);
  EXPECT_EQ(model.rejected()[0].stream, "action-" + a);
  EXPECT_EQ(model.rejected()[0].type, "KeyActionStatusChanged");
  EXPECT_NE(model.rejected()[0].error.find("Finished"), std::string::npos) << model.rejected()[0].error;
  EXPECT_EQ(model.FindAction(a)->status, ActionStatus::kOngoing);
}

TEST_F(ViewModelTest, IndexesFollowReassignments) {
  const std::string a = log_.Action("ev1", 1, 1, "Train partners", {"kaz-co", "government"}, "2025/03");
  const std::string b = log_.Action("ev2", 1, 1, "Report", {"kaz-co"}, "2025/04");
  log_.Flush();
  log_.Responsible(a, {"government", "ecaro"});
  log_.Flush();
  ViewModel model = Replay(*store_);
  const auto& units = model.actions_by_unit();
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units.at("kaz-co"), std::set<std::string>({b}));
  EXPECT_EQ(units.at("government"), std::set<std::string>({a}));
  EXPECT_EQ(units.at("ecaro"), std::set<std::string>({a}));
  EXPECT_EQ(model.actions_by_evaluation().at("ev1"), std::set<std::string>({a}));
  EXPECT_EQ(model.actions_by_evaluation().at("ev2"), std::set<std::string>({b}));
}

TEST_F(ViewModelTest, ViewsDbRoundTripsEveryState) {
  log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
  log_.Recommendation("ev1", 1, "Build capacity");
  log_.Response("ev1", 1, "Partially accepted", "Partly");
  const std::string a = log_.Action("ev1", 1, 1, "Train \"partners\"", {"kaz-co"}, "2025/03", "Initiated", {"Ministry"});
  const std::string b = log_.Action("ev1", 1, 2, "No deadline", {}, "", "Not Initiated", {"somebody"});
  log_.Advance(std::chrono::microseconds(1234567));
  log_.Status(a, "Completed");
  log_.Comment(a, "alice", "one");
  log_.Comment(a, "bob", "two");
  log_.Raw("action-" + b, "KeyActionDeadlineChanged", {{"action_id", b}, {"to", "soon"}});
  log_.Reminder("rem-1", a);
  log_.Raw("reminder-rem-1", "ReminderDelivered", {{"reminder_id", "rem-1"}, {"attempt", 1}, {"message_id", "rem-1"}});
  log_.Reminder("rem-2", b);
  log_.Flush();

  ViewModel model = Replay(*store_);
  model.set_record_changes(true);  // Nothing recorded while replaying: write everything by hand.
  ModelChanges all;
  for (const auto& [id, e] : model.evaluations()) all.evaluations.insert(id);
  for (const auto& [id, s] : model.actions()) {
    all.actions.insert(id);
    for (std::size_t i = 0; i < s.comments.size(); ++i) all.new_comments.emplace_back(id, i);
  }
  for (const auto& [id, r] : model.reminders()) all.reminders.insert(id);
  all.rejected = true;
  auto db = ViewsDb::Open(dir_.Sub("views"));
  ASSERT_OK(db);
  ASSERT_OK((*db)->Write(model, all));
  auto loaded = (*db)->Load();
  ASSERT_OK(loaded);

  EXPECT_EQ(loaded->checkpoint(), model.checkpoint());
  EXPECT_EQ(loaded->rejected(), model.rejected());
  ASSERT_EQ(loaded->actions().size(), model.actions().size());
  for (const auto& [id, s] : model.actions()) {
    const events::KeyActionState* t = loaded->FindAction(id);
    ASSERT_NE(t, nullptr) << id;
    EXPECT_EQ(EncodeActionState(*t), EncodeActionState(s)) << id;
    EXPECT_EQ(t->comments, s.comments) << id;
  }
  for (const auto& [id, e] : model.evaluations()) {
    ASSERT_NE(loaded->FindEvaluation(id), nullptr) << id;
    EXPECT_EQ(EncodeEvaluationState(*loaded->FindEvaluation(id)), EncodeEvaluationState(e)) << id;
    EXPECT_EQ(loaded->FindEvaluation(id)->recommendations, e.recommendations);
  }
  EXPECT_EQ(loaded->reminders(), model.reminders());
  EXPECT_EQ(loaded->reminders_by_action(), model.reminders_by_action());
  EXPECT_EQ(model.reminders().size(), 2u);
  EXPECT_EQ(model.reminders().at("rem-1").state, "delivered");
  EXPECT_EQ(loaded->actions_by_unit(), model.actions_by_unit());
  EXPECT_EQ(loaded->actions_by_evaluation(), model.actions_by_evaluation());
}

TEST(StateCodecTest, ReportsAMalformedRowAsCorruption) {
  auto decoded = DecodeActionState(nlohmann::json{{"exists", true}});
  EXPECT_EQ(decoded.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(decoded.status().message().rfind("views DB: malformed key action row: ", 0), 0u)
      << decoded.status().message();
}

}  // namespace
}  // namespace mrtrack::projections
