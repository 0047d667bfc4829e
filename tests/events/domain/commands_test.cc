#include "events/domain/commands.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "command_fixture.h"
#include "common/crypto.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "events/domain/loading.h"

namespace mrtrack::events {
namespace {

using nlohmann::json;
using testing::At;
using testing::CommandsTest;
using testing::Event;
using testing::kAction;
using testing::KeyActionAddedData;
using testing::UnitDirectory;

TEST_F(CommandsTest, ChangeStatusWritesFromToReason) {
  auto r = ChangeStatus(Context(), kAction, ActionStatus::kOngoing, "  training started  ");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->action_id, kAction);
  EXPECT_EQ(r->version, 2u);
  EXPECT_EQ(r->position, 2u);
  EXPECT_EQ(r->event_type, "KeyActionStatusChanged");
  EXPECT_TRUE(IsUuid(r->event_id));
  EXPECT_FALSE(r->deduplicated);
  EXPECT_EQ(r->action.status, ActionStatus::kOngoing);
  EXPECT_EQ(r->action.version, 2u);
  EXPECT_EQ(r->action.updated_at, At("2025-02-03T10:15:00Z"));

  auto events = Stream();
  ASSERT_EQ(events.size(), 2u);
  const RecordedEvent& e = events[1];
  EXPECT_EQ(e.type, types::kKeyActionStatusChanged);
  EXPECT_EQ(e.event_id, r->event_id);
  EXPECT_EQ(e.actor, "kaz-co-editor");
  EXPECT_EQ(e.correlation_id, "req-1");
  EXPECT_EQ(e.data, json::parse(R"({"action_id": "ev-1-r1-a1", "from": "Initiated", "to": "Ongoing",
                                   "reason": "training started", "status_raw": "Ongoing"})"));
}

TEST_F(CommandsTest, SameStatusIsRefused) {
  auto r = ChangeStatus(Context(), kAction, ActionStatus::kInitiated, "");
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message(), "already Initiated");
  EXPECT_EQ(Stream().size(), 1u);
}

TEST_F(CommandsTest, CompletingAndReopeningATerminalAction) {
  auto done = ChangeStatus(Context(), kAction, ActionStatus::kCompleted, "");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->action.completed_at, At("2025-02-03T10:15:00Z"));

  auto no_reason = ChangeStatus(Context(), kAction, ActionStatus::kOngoing, " ");
  EXPECT_EQ(no_reason.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(no_reason.status().field(), "reason");
  EXPECT_EQ(no_reason.status().message(), "leaving Completed for Ongoing needs a reason");
  EXPECT_EQ(Stream().size(), 2u);

  clock_.Set(At("2025-02-04T08:00:00Z"));
  auto reopened = ChangeStatus(Context(), kAction, ActionStatus::kOngoing, "evidence was missing");
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(reopened->action.status, ActionStatus::kOngoing);
  EXPECT_FALSE(reopened->action.completed_at.has_value());
  EXPECT_EQ(Stream().back().data["from"], "Completed");
  EXPECT_EQ(Stream().back().data["reason"], "evidence was missing");
}

TEST_F(CommandsTest, CommentKeepsAuthorAndTime) {
  clock_.Set(At("2025-02-05T11:30:00.250000Z"));
  auto r = AddComment(Context("kaz-co-editor"), kAction, "First workshop held.");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->action.comments.size(), 1u);
  const Comment& c = r->action.comments[0];
  EXPECT_EQ(c.author, "kaz-co-editor");
  EXPECT_EQ(c.text, "First workshop held.");
  EXPECT_EQ(c.at, At("2025-02-05T11:30:00.250000Z"));
  EXPECT_EQ(c.comment_id, r->event_id);

  auto loaded = LoadKeyAction(*store_, kAction);
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->comments.size(), 1u);
  EXPECT_EQ(loaded->comments[0], c);
  EXPECT_EQ(Stream().back().data, (json{{"action_id", kAction},
                                        {"comment_id", r->event_id},
                                        {"author", "kaz-co-editor"},
                                        {"text", "First workshop held."}}));
}

TEST_F(CommandsTest, CommentTextLimits) {
  auto empty = AddComment(Context(), kAction, " \n ");
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(empty.status().field(), "text");
  EXPECT_EQ(empty.status().message(), "text is required");

  std::string longest;
  for (std::size_t i = 0; i < kMaxTextLength; ++i) longest += "\xC3\xA9";  // "é": one character, two bytes
  EXPECT_TRUE(AddComment(Context(), kAction, longest).ok());
  auto too_long = AddComment(Context(), kAction, longest + "x");
  EXPECT_EQ(too_long.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(too_long.status().message(), "text has 10001 characters, more than 10000");
}

TEST_F(CommandsTest, UnknownActionIsNotFound) {
  auto r = ChangeStatus(Context(), "ev-1-r9-a9", ActionStatus::kOngoing, "");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "key action 'ev-1-r9-a9' not found");
  EXPECT_EQ(r.status().field(), "action_id");
  EXPECT_EQ(store_->StreamVersion(ActionStream("ev-1-r9-a9")), 0u);

  auto bad = AddComment(Context(), "../etc", "x");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "action_id");
}

TEST_F(CommandsTest, ActorAndEventIdAreChecked) {
  auto no_actor = AddComment(Context(""), kAction, "x");
  EXPECT_EQ(no_actor.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_actor.status().field(), "actor");
  CommandContext ctx = Context();
  ctx.event_id = "not-a-uuid";
  auto bad_id = AddComment(ctx, kAction, "x");
  EXPECT_EQ(bad_id.status().field(), "event_id");
  EXPECT_EQ(bad_id.status().message(), "event id 'not-a-uuid' is not a UUID");
}

TEST_F(CommandsTest, ChangeDeadline) {
  auto same = ChangeDeadline(Context(), kAction, *ParseDeadline("2025-03-31"), "no change");
  EXPECT_EQ(same.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(same.status().message(), "the deadline is already 2025-03-31");
  EXPECT_EQ(same.status().field(), "deadline");

  auto no_justification = ChangeDeadline(Context(), kAction, *ParseDeadline("2025/06"), "  ");
  EXPECT_EQ(no_justification.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_justification.status().field(), "justification");

  auto moved = ChangeDeadline(Context(), kAction, *ParseDeadline("2025/06"), "partner elections");
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->event_type, types::kKeyActionDeadlineChanged);
  EXPECT_EQ(moved->action.deadline->raw, "2025/06");
  EXPECT_EQ(Stream().back().data,
            json::parse(R"({"action_id": "ev-1-r1-a1", "from": {"date": "2025-03-31", "raw": "2025/03"},
                            "to": {"date": "2025-06-30", "raw": "2025/06"}, "justification": "partner elections",
                            "extension": true})"))
      << "a trusted caller moves it as an admin: the move counts as an extension";
  EXPECT_EQ(moved->action.extensions, 1);

  auto cleared = ChangeDeadline(Context(), kAction, std::nullopt, "open-ended now");
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->action.deadline.has_value());
  EXPECT_TRUE(Stream().back().data["to"].is_null());
  auto cleared_again = ChangeDeadline(Context(), kAction, std::nullopt, "still");
  EXPECT_EQ(cleared_again.status().message(), "the action already has no deadline");
}

TEST_F(CommandsTest, ChangeResponsibleChecksUnitsAgainstTheDirectory) {
  const config::Config config = UnitDirectory();
  CommandContext ctx = Context();
  ctx.config = &config;

  auto unknown = ChangeResponsible(ctx, kAction, {"kaz-co", "atlantis"}, "", "");
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().field(), "units[1]");
  EXPECT_EQ(unknown.status().message(), "unknown unit 'atlantis'");

  auto none = ChangeResponsible(ctx, kAction, {}, "", "");
  EXPECT_EQ(none.status().field(), "units");
  EXPECT_EQ(none.status().message(), "at least one unit is required");

  auto r = ChangeResponsible(ctx, kAction, {"kaz-co", "government", "kaz-co"}, "", "handover");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->action.responsible,
            (Responsible{"UN Women Kazakhstan Country Office, Government institutions of Kazakhstan",
                         {"kaz-co", "government"},
                         {},
                         "manual"}));
  const json data = Stream().back().data;
  EXPECT_EQ(data["from"]["units"], json::array({"kaz-programme"}));
  EXPECT_EQ(data["to"]["units"], json::array({"kaz-co", "government"}));
  EXPECT_EQ(data["reason"], "handover");

  auto same = ChangeResponsible(ctx, kAction, {"government", "kaz-co"}, "", "");
  EXPECT_EQ(same.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(same.status().field(), "units");
  EXPECT_EQ(same.status().message(),
            "the action is already assigned to UN Women Kazakhstan Country Office, Government institutions of "
            "Kazakhstan");

  auto text_only = ChangeResponsible(ctx, kAction, {"government", "kaz-co"}, "Government and CO", "");
  ASSERT_TRUE(text_only.ok());
  EXPECT_EQ(text_only->action.responsible.text, "Government and CO");
}

TEST_F(CommandsTest, ChangeResponsibleWithoutConfigTakesIdsAsGiven) {
  auto r = ChangeResponsible(Context(), kAction, {"some-unit"}, "", "");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action.responsible, (Responsible{"some-unit", {"some-unit"}, {}, "manual"}));
  auto bad = ChangeResponsible(Context(), kAction, {"kaz-co", "Some Unit"}, "", "");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "units[1]");
  EXPECT_EQ(bad.status().message(), "a unit id may contain only lower-case letters, digits and '-'");
}

TEST_F(CommandsTest, TextsMustBeUtf8) {
  for (const std::string& text :
       {std::string("caf\xE9"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("ok \xE2\x82")}) {
    auto r = AddComment(Context(), kAction, text);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), "text is not valid UTF-8");
  }
  auto reason = ChangeStatus(Context(), kAction, ActionStatus::kOngoing, "\xFF");
  EXPECT_EQ(reason.status().field(), "reason");
  EXPECT_TRUE(AddComment(Context(), kAction, "\xF0\x9F\x91\x8D Алматы").ok());
}

TEST_F(CommandsTest, EditDescription) {
  auto same = EditDescription(Context(), kAction, "Train partners on MEL systems.");
  EXPECT_EQ(same.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(same.status().message(), "the description is unchanged");
  auto r = EditDescription(Context(), kAction, "Train national partners on MEL systems.");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action.description, "Train national partners on MEL systems.");
  EXPECT_EQ(Stream().back().data["from"], "Train partners on MEL systems.");
  EXPECT_EQ(Stream().back().data["to"], "Train national partners on MEL systems.");
}

TEST_F(CommandsTest, LoadKeyActionAndLoadEvaluation) {
  auto action = LoadKeyAction(*store_, kAction);
  ASSERT_TRUE(action.ok());
  EXPECT_EQ(action->version, 1u);
  EXPECT_EQ(action->created_at, At("2025-01-10T09:00:00Z"));

  EXPECT_EQ(LoadEvaluation(*store_, "ev-1").status().code(), StatusCode::kNotFound);
  NewEvent registered = Event(types::kEvaluationRegistered, {{"evaluation_id", "ev-1"}, {"title", "Umbrella"}});
  NewEvent rec = Event(types::kRecommendationAdded,
                       {{"evaluation_id", "ev-1"}, {"recommendation_id", "ev-1-r1"}, {"number", 1}, {"text", "R1"}});
  ASSERT_TRUE(
      store_->Append({AppendPart{EvaluationStream("ev-1"), ExpectedVersion::NoStream(), {registered, rec}}}).ok());
  auto evaluation = LoadEvaluation(*store_, "ev-1");
  ASSERT_TRUE(evaluation.ok()) << evaluation.status().ToString();
  EXPECT_EQ(evaluation->title, "Umbrella");
  EXPECT_EQ(evaluation->version, 2u);
  ASSERT_EQ(evaluation->recommendations.size(), 1u);
  EXPECT_EQ(evaluation->recommendations[0].text, "R1");
  EXPECT_EQ(LoadEvaluation(*store_, "EV 1").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CommandsTest, CorruptStreamIsReportedByTheLoader) {
  AppendDirect(kAction, types::kKeyActionStatusChanged, {{"action_id", kAction}, {"to", "Finished"}}, "other");
  auto r = AddComment(Context(), kAction, "x");
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(r.status().field(), "data.to");
}

}  // namespace
}  // namespace mrtrack::events
