#include "events/domain/key_action.h"

#include <string>

#include <gtest/gtest.h>

#include "test_events.h"

namespace mrtrack::events {
namespace {

using nlohmann::json;
using testing::At;
using testing::KeyActionAddedData;
using testing::MakeEvent;

const std::string kStream = "action-ev-1-r1-a1";

RecordedEvent Added() {
  return MakeEvent(kStream, 1, 5, types::kKeyActionAdded, KeyActionAddedData(), "2025-01-10T09:00:00Z");
}

RecordedEvent Change(std::uint64_t version, const std::string& type, json data, const std::string& at,
                     const std::string& actor = "focal-point") {
  data["action_id"] = "ev-1-r1-a1";
  return MakeEvent(kStream, version, 10 + version, type, std::move(data), at, actor);
}

KeyActionState Fold(const std::vector<RecordedEvent>& events) {
  KeyActionState state;
  for (const auto& e : events) {
    Status s = ApplyKeyActionEvent(state, e);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  return state;
}

TEST(KeyActionFoldTest, AddedFillsEveryField) {
  KeyActionState s = Fold({Added()});
  EXPECT_TRUE(s.exists);
  EXPECT_EQ(s.version, 1u);
  EXPECT_EQ(s.last_position, 5u);
  EXPECT_EQ(s.action_id, "ev-1-r1-a1");
  EXPECT_EQ(s.evaluation_id, "ev-1");
  EXPECT_EQ(s.recommendation_id, "ev-1-r1");
  EXPECT_EQ(s.number, 1);
  EXPECT_EQ(s.label, "1.1");
  EXPECT_EQ(s.scope, "KAZ");
  EXPECT_EQ(s.description, "Train partners on MEL systems.");
  EXPECT_EQ(s.responsible, (Responsible{"Programme Team UN Women Kazakhstan CO", {"kaz-programme"}, {}, "alias"}));
  ASSERT_TRUE(s.deadline.has_value());
  EXPECT_EQ(s.deadline->date, date::year{2025} / date::month{3} / date::day{31});
  EXPECT_EQ(s.deadline->raw, "2025/03");
  EXPECT_EQ(s.status, ActionStatus::kInitiated);
  EXPECT_EQ(s.status_raw, "initiated");
  EXPECT_TRUE(s.comments.empty());
  EXPECT_EQ(s.created_at, At("2025-01-10T09:00:00Z"));
  EXPECT_EQ(s.updated_at, At("2025-01-10T09:00:00Z"));
  EXPECT_FALSE(s.completed_at.has_value());
}

TEST(KeyActionFoldTest, AddedWithOptionalFieldsAbsentAndNoDeadline) {
  json data = KeyActionAddedData();
  data.erase("label");
  data.erase("scope");
  data.erase("status_raw");
  data["deadline"] = nullptr;
  data["status"] = "Completed";
  KeyActionState s = Fold({MakeEvent(kStream, 1, 5, types::kKeyActionAdded, data, "2025-01-10T09:00:00Z")});
  EXPECT_EQ(s.label, "");
  EXPECT_EQ(s.scope, "");
  EXPECT_FALSE(s.deadline.has_value());
  EXPECT_EQ(s.status_raw, "Completed");
  // Imported as Completed: completed as of the import.
  EXPECT_EQ(s.completed_at, At("2025-01-10T09:00:00Z"));
}

TEST(KeyActionFoldTest, StatusChangesSetAndClearCompletedAt) {
  KeyActionState s = Fold({
      Added(),
      Change(2, types::kKeyActionStatusChanged, {{"from", "Initiated"}, {"to", "Completed"}, {"reason", ""}},
             "2025-02-01T10:00:00Z"),
  });
  EXPECT_EQ(s.status, ActionStatus::kCompleted);
  EXPECT_EQ(s.status_raw, "Completed");
  EXPECT_EQ(s.completed_at, At("2025-02-01T10:00:00Z"));
  EXPECT_EQ(s.updated_at, At("2025-02-01T10:00:00Z"));
  EXPECT_EQ(s.version, 2u);
  EXPECT_EQ(s.last_position, 12u);

  ASSERT_TRUE(
      ApplyKeyActionEvent(
          s, Change(3, types::kKeyActionStatusChanged,
                    {{"from", "Completed"}, {"to", "Ongoing"}, {"reason", "audit"}, {"status_raw", "In progress"}},
                    "2025-02-02T10:00:00Z"))
          .ok());
  EXPECT_EQ(s.status, ActionStatus::kOngoing);
  EXPECT_EQ(s.status_raw, "In progress");
  EXPECT_FALSE(s.completed_at.has_value());
}

TEST(KeyActionFoldTest, DeadlineResponsibleDescriptionAndComments) {
  KeyActionState s = Fold({
      Added(),
      Change(2, types::kKeyActionDeadlineChanged,
             {{"from", {{"date", "2025-03-31"}, {"raw", "2025/03"}}},
              {"to", {{"date", "2025-06-30"}, {"raw", "2025/06"}}},
              {"justification", "partner delay"}},
             "2025-02-01T10:00:00Z"),
      Change(3, types::kKeyActionResponsibleChanged,
             {{"from", json::object()},
              {"to", {{"text", "UN Women Kazakhstan Country Office"}, {"units", {"kaz-co"}}, {"match", "manual"}}},
              {"reason", ""}},
             "2025-02-02T10:00:00Z"),
      Change(4, types::kKeyActionDescriptionEdited, {{"from", "Train partners on MEL systems."}, {"to", "Train."}},
             "2025-02-03T10:00:00Z"),
      Change(5, types::kKeyActionCommentAdded,
             {{"comment_id", "c-1"}, {"author", "kaz-co-editor"}, {"text", "Done 50%"}}, "2025-02-04T10:00:00Z",
             "kaz-co-editor"),
      Change(6, types::kKeyActionCommentAdded, {{"text", "Second"}}, "2025-02-05T10:00:00Z", "auditor"),
      Change(7, types::kKeyActionDeadlineChanged,
             {{"from", {{"date", "2025-06-30"}, {"raw", "2025/06"}}}, {"to", nullptr}, {"justification", "open"}},
             "2025-02-06T10:00:00Z"),
  });
  EXPECT_FALSE(s.deadline.has_value());
  EXPECT_EQ(s.responsible, (Responsible{"UN Women Kazakhstan Country Office", {"kaz-co"}, {}, "manual"}));
  EXPECT_EQ(s.description, "Train.");
  ASSERT_EQ(s.comments.size(), 2u);
  EXPECT_EQ(s.comments[0], (Comment{"c-1", "kaz-co-editor", "Done 50%", At("2025-02-04T10:00:00Z"), {}}));
  // Missing comment_id and author fall back to the event id and actor.
  EXPECT_EQ(s.comments[1].comment_id, "00000000-0000-4000-8000-000000000016");
  EXPECT_EQ(s.comments[1].author, "auditor");
  EXPECT_EQ(s.comments[1].at, At("2025-02-05T10:00:00Z"));
  EXPECT_EQ(s.version, 7u);
  EXPECT_EQ(s.updated_at, At("2025-02-06T10:00:00Z"));
}

TEST(KeyActionFoldTest, ReminderAndUnknownEventsOnlyAdvanceTheVersion) {
  KeyActionState s = Fold({Added()});
  const KeyActionState before = s;
  for (const char* type : {types::kReminderDue, types::kReminderDelivered, types::kReminderFailed,
                           types::kReminderSkipped, "SomethingFromTheFuture"}) {
    ASSERT_TRUE(ApplyKeyActionEvent(s, Change(s.version + 1, type, {{"garbage", true}}, "2025-03-01T00:00:00Z")).ok())
        << type;
  }
  EXPECT_EQ(s.version, 6u);
  EXPECT_EQ(s.last_position, 16u);
  EXPECT_EQ(s.updated_at, before.updated_at);
  EXPECT_EQ(s.status, before.status);
  EXPECT_EQ(s.description, before.description);
}

TEST(KeyActionFoldTest, UnknownEventBeforeTheFirstKnownOneIsSkipped) {
  KeyActionState s;
  ASSERT_TRUE(ApplyKeyActionEvent(s, MakeEvent(kStream, 1, 1, "Future", json::object(), "2025-01-01T00:00:00Z")).ok());
  EXPECT_FALSE(s.exists);
  KeyActionState fresh;
  RecordedEvent added = MakeEvent(kStream, 2, 2, types::kKeyActionAdded, KeyActionAddedData(), "2025-01-01T00:00:00Z");
  ASSERT_TRUE(ApplyKeyActionEvent(fresh, added).ok());
  EXPECT_EQ(fresh.version, 2u);
}

void ExpectCorruption(KeyActionState& state, const RecordedEvent& e, const std::string& message,
                      const std::string& field) {
  const std::uint64_t version_before = state.version;
  const std::string description_before = state.description;
  Status s = ApplyKeyActionEvent(state, e);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.message(), message);
  EXPECT_EQ(s.field(), field);
  EXPECT_EQ(state.version, version_before);
  EXPECT_EQ(state.description, description_before);
}

TEST(KeyActionFoldTest, MalformedDataNamesPositionAndField) {
  KeyActionState s = Fold({Added()});
  ExpectCorruption(s, Change(2, types::kKeyActionStatusChanged, {{"from", "Initiated"}}, "2025-02-01T00:00:00Z"),
                   "event at position 12 (KeyActionStatusChanged in action-ev-1-r1-a1): field 'to' is missing",
                   "data.to");
  ExpectCorruption(s, Change(2, types::kKeyActionStatusChanged, {{"to", "Finished"}}, "2025-02-01T00:00:00Z"),
                   "event at position 12 (KeyActionStatusChanged in action-ev-1-r1-a1): field 'to' is not a status "
                   "label: 'Finished'",
                   "data.to");
  ExpectCorruption(
      s, Change(2, types::kKeyActionDeadlineChanged, {{"to", {{"date", "2025-02-30"}}}}, "2025-02-01T00:00:00Z"),
      "event at position 12 (KeyActionDeadlineChanged in action-ev-1-r1-a1): field 'to' is not a "
      "deadline: '2025-02-30' is not a date: expected YYYY-MM-DD",
      "data.to");
  ExpectCorruption(
      s, Change(2, types::kKeyActionResponsibleChanged, {{"to", {{"units", "kaz-co"}}}}, "2025-02-01T00:00:00Z"),
      "event at position 12 (KeyActionResponsibleChanged in action-ev-1-r1-a1): field 'to' is not a "
      "responsible: \"text\" must be a string",
      "data.to");
  ExpectCorruption(s, Change(2, types::kKeyActionCommentAdded, {{"text", 42}}, "2025-02-01T00:00:00Z"),
                   "event at position 12 (KeyActionCommentAdded in action-ev-1-r1-a1): field 'text' must be a "
                   "string, not number",
                   "data.text");
  ExpectCorruption(s, Change(2, types::kKeyActionDescriptionEdited, {{"from", "x"}}, "2025-02-01T00:00:00Z"),
                   "event at position 12 (KeyActionDescriptionEdited in action-ev-1-r1-a1): field 'to' is missing",
                   "data.to");
  RecordedEvent not_object = Change(2, types::kKeyActionDescriptionEdited, json::object(), "2025-02-01T00:00:00Z");
  not_object.data = json::array({1, 2});
  ExpectCorruption(s, not_object,
                   "event at position 12 (KeyActionDescriptionEdited in action-ev-1-r1-a1): data is not a JSON object",
                   "data");
  RecordedEvent other_action = Change(2, types::kKeyActionDescriptionEdited, {{"to", "x"}}, "2025-02-01T00:00:00Z");
  other_action.data["action_id"] = "ev-1-r1-a2";
  ExpectCorruption(s, other_action,
                   "event at position 12 (KeyActionDescriptionEdited in action-ev-1-r1-a1): field 'action_id' is "
                   "'ev-1-r1-a2' in the stream of action 'ev-1-r1-a1'",
                   "data.action_id");
}

TEST(KeyActionFoldTest, OrderViolationsAreCorruption) {
  KeyActionState empty;
  ExpectCorruption(empty, Change(1, types::kKeyActionCommentAdded, {{"text", "hi"}}, "2025-02-01T00:00:00Z"),
                   "event at position 11 (KeyActionCommentAdded in action-ev-1-r1-a1): a change before the action "
                   "was added",
                   "data");
  KeyActionState s = Fold({Added()});
  ExpectCorruption(s, Change(3, types::kKeyActionCommentAdded, {{"text", "hi"}}, "2025-02-01T00:00:00Z"),
                   "event at position 13 (KeyActionCommentAdded in action-ev-1-r1-a1): stream version 3 follows "
                   "version 1",
                   "data");
  RecordedEvent again = Added();
  again.version = 2;
  ExpectCorruption(s, again,
                   "event at position 5 (KeyActionAdded in action-ev-1-r1-a1): the action was already added at an "
                   "earlier version",
                   "data");
}

TEST(KeyActionFoldTest, AddedWithMissingFieldsIsCorruption) {
  json data = KeyActionAddedData();
  data.erase("description");
  KeyActionState s;
  ExpectCorruption(s, MakeEvent(kStream, 1, 5, types::kKeyActionAdded, data, "2025-01-10T09:00:00Z"),
                   "event at position 5 (KeyActionAdded in action-ev-1-r1-a1): field 'description' is missing",
                   "data.description");
  data = KeyActionAddedData();
  data["number"] = "one";
  ExpectCorruption(s, MakeEvent(kStream, 1, 5, types::kKeyActionAdded, data, "2025-01-10T09:00:00Z"),
                   "event at position 5 (KeyActionAdded in action-ev-1-r1-a1): field 'number' must be an integer, "
                   "not string",
                   "data.number");
  EXPECT_FALSE(s.exists);
}

TEST(ResponsibleJsonTest, RoundTripsAndReadsStrictOrLenient) {
  Responsible r{"UN Women Kazakhstan CO, Government institutions", {"kaz-co", "government"}, {"someone"}, "alias"};
  json j = ResponsibleToJson(r);
  EXPECT_EQ(j, json::parse(R"({"text": "UN Women Kazakhstan CO, Government institutions",
                              "units": ["kaz-co", "government"], "unmatched": ["someone"], "match": "alias"})"));
  EXPECT_EQ(ResponsibleFromJson(j), r);
  auto strict = ParseResponsibleJson(j);
  ASSERT_TRUE(strict.ok());
  EXPECT_EQ(*strict, r);

  json bad = {{"text", "x"}, {"units", {"a", 1}}};
  EXPECT_EQ(ParseResponsibleJson(bad).status().field(), "units");
  EXPECT_EQ(ResponsibleFromJson(bad), (Responsible{"x", {}, {}, ""}));
  EXPECT_EQ(ParseResponsibleJson(json::array()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ResponsibleFromJson(json::array()), Responsible{});
}

}  // namespace
}  // namespace mrtrack::events
