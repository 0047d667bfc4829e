#include "events/domain/commands.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "command_fixture.h"
#include "common/crypto.h"
#include "events/domain/event_types.h"
#include "events/domain/ids.h"

namespace mrtrack::events {
namespace {

using nlohmann::json;
using testing::At;
using testing::CommandsTest;
using testing::Event;
using testing::kAction;
using testing::KeyActionAddedData;
using testing::UnitDirectory;

TEST_F(CommandsTest, ExpectedVersionConflictCarriesTheActualVersion) {
  ASSERT_TRUE(AddComment(Context(), kAction, "one").ok());  // now at version 2
  ConflictInfo conflict;
  auto r = ChangeStatus(Context(), kAction, ActionStatus::kOngoing, "", 1, &conflict);
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().field(), "expected_version");
  EXPECT_EQ(r.status().message(), "stream action-ev-1-r1-a1 is at version 2, expected 1");
  EXPECT_EQ(conflict.stream, "action-ev-1-r1-a1");
  EXPECT_EQ(conflict.actual_version, 2u);
  EXPECT_TRUE(conflict.exists);
  EXPECT_EQ(Stream().size(), 2u);

  auto ok = ChangeStatus(Context(), kAction, ActionStatus::kOngoing, "", 2);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->version, 3u);
}

TEST_F(CommandsTest, ConflictBetweenLoadAndAppendWithExpectedVersionIsReported) {
  CommandContext ctx = Context();
  ctx.authorize = [&](const KeyActionState&) {
    AppendDirect(kAction, types::kKeyActionCommentAdded, {{"action_id", kAction}, {"text", "racing"}}, "other");
    return Status::Ok();
  };
  ConflictInfo conflict;
  auto r = ChangeStatus(ctx, kAction, ActionStatus::kOngoing, "", 1, &conflict);
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(conflict.actual_version, 2u);
  EXPECT_EQ(r.status().message(), "stream action-ev-1-r1-a1 is at version 2, expected 1");
}

TEST_F(CommandsTest, WithoutExpectedVersionAConflictIsRetriedOnFreshState) {
  int calls = 0;
  CommandContext ctx = Context();
  ctx.authorize = [&](const KeyActionState& state) {
    if (++calls == 1) {
      EXPECT_EQ(state.version, 1u);
      AppendDirect(kAction, types::kKeyActionCommentAdded, {{"action_id", kAction}, {"text", "racing"}}, "other");
    } else {
      EXPECT_EQ(state.version, 2u);
    }
    return Status::Ok();
  };
  auto r = ChangeStatus(ctx, kAction, ActionStatus::kOngoing, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(r->version, 3u);
  ASSERT_EQ(r->action.comments.size(), 1u);
  EXPECT_EQ(r->action.comments[0].author, "other");
}

TEST_F(CommandsTest, RetriesRecheckTheRules) {
  CommandContext ctx = Context();
  int calls = 0;
  ctx.authorize = [&](const KeyActionState&) {
    if (++calls == 1) {
      AppendDirect(kAction, types::kKeyActionStatusChanged,
                   {{"action_id", kAction}, {"from", "Initiated"}, {"to", "Ongoing"}, {"reason", ""}}, "other");
    }
    return Status::Ok();
  };
  auto r = ChangeStatus(ctx, kAction, ActionStatus::kOngoing, "");
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message(), "already Ongoing");
}

TEST_F(CommandsTest, RetriesAreBounded) {
  CommandContext ctx = Context();
  int calls = 0;
  ctx.authorize = [&](const KeyActionState&) {
    ++calls;
    AppendDirect(kAction, types::kKeyActionCommentAdded, {{"action_id", kAction}, {"text", "again"}}, "other");
    return Status::Ok();
  };
  ConflictInfo conflict;
  auto r = AddComment(ctx, kAction, "mine", std::nullopt, &conflict);
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(calls, kCommandRetries + 1);
  EXPECT_EQ(conflict.actual_version, 5u);
  EXPECT_EQ(r.status().message(),
            "stream action-ev-1-r1-a1 kept changing (4 attempts, last seen at version 5); try again");
}

TEST_F(CommandsTest, AuthorizeSeesTheActionAndCanRefuse) {
  CommandContext ctx = Context();
  ctx.authorize = [](const KeyActionState& state) -> Status {
    if (state.responsible.units == std::vector<std::string>{"kaz-programme"}) {
      return Status(StatusCode::kPermissionDenied, "not your unit");
    }
    return Status::Ok();
  };
  auto r = AddComment(ctx, kAction, "x");
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Stream().size(), 1u);
}

TEST_F(CommandsTest, SameEventIdReturnsTheOriginalResult) {
  CommandContext ctx = Context();
  ctx.event_id = RandomUuid();
  auto first = ChangeStatus(ctx, kAction, ActionStatus::kCompleted, "done");
  ASSERT_TRUE(first.ok());
  auto again = ChangeStatus(ctx, kAction, ActionStatus::kCompleted, "done", 1);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->deduplicated);
  EXPECT_EQ(again->position, first->position);
  EXPECT_EQ(again->version, first->version);
  EXPECT_EQ(again->event_id, ctx.event_id);
  EXPECT_EQ(Stream().size(), 2u);

  auto different = ChangeStatus(ctx, kAction, ActionStatus::kNoLongerApplicable, "done");
  EXPECT_EQ(different.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(different.status().field(), "event_id");
  EXPECT_EQ(different.status().message(),
            "event id " + ctx.event_id + " was already used for a different change (position 2)");

  auto other_stream = store_->Append({AppendPart{ActionStream("ev-1-r1-a2"),
                                                 ExpectedVersion::Any(),
                                                 {Event(types::kKeyActionAdded, KeyActionAddedData("ev-1-r1-a2"))}}});
  ASSERT_TRUE(other_stream.ok());
  auto elsewhere = ChangeStatus(ctx, "ev-1-r1-a2", ActionStatus::kCompleted, "done");
  EXPECT_EQ(elsewhere.status().code(), StatusCode::kAlreadyExists);
}

TEST_F(CommandsTest, CommentRetriedWithTheSameEventIdIsNotDuplicated) {
  CommandContext ctx = Context();
  ctx.event_id = RandomUuid();
  ASSERT_TRUE(AddComment(ctx, kAction, "Only once").ok());
  auto again = AddComment(ctx, kAction, "Only once");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->deduplicated);
  EXPECT_EQ(again->action.comments.size(), 1u);
}

TEST_F(CommandsTest, UpperCaseEventIdIsTheSameId) {
  CommandContext ctx = Context();
  ctx.event_id = "5A0E2B7C-1D3F-4E5A-9B6C-7D8E9F0A1B2C";
  auto first = AddComment(ctx, kAction, "Only once");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->event_id, "5a0e2b7c-1d3f-4e5a-9b6c-7d8e9f0a1b2c");
  EXPECT_EQ(first->action.comments[0].comment_id, "5a0e2b7c-1d3f-4e5a-9b6c-7d8e9f0a1b2c");
  auto again = AddComment(ctx, kAction, "Only once");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->deduplicated);
}

}  // namespace
}  // namespace mrtrack::events
