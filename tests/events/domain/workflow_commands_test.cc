#include "events/domain/workflow_commands.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "command_fixture.h"
#include "events/domain/event_types.h"
#include "events/domain/loading.h"

namespace mrtrack::events {
namespace {

using nlohmann::json;
using testing::CommandsTest;
using testing::kAction;

EvidenceRef File(char fill, const std::string& name) {
  return EvidenceRef{std::string(64, fill), name, "application/pdf", 100};
}

class WorkflowCommandsTest : public CommandsTest {
 protected:
  // An editor of a unit: may not decide, not an admin.
  CommandContext Unit() {
    CommandContext ctx = Context("kaz-programme-editor");
    ctx.may_validate = false;
    ctx.is_admin = false;
    return ctx;
  }
  CommandContext Validator() {
    CommandContext ctx = Context("evaluation-office");
    ctx.is_admin = false;
    return ctx;
  }
};

TEST_F(WorkflowCommandsTest, ClosureGoesThroughARequest) {
  auto direct = ChangeStatus(Unit(), kAction, ActionStatus::kCompleted, "");
  EXPECT_EQ(direct.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(direct.status().field(), "status");
  // Progress that ends nothing stays the unit's own.
  ASSERT_TRUE(ChangeStatus(Unit(), kAction, ActionStatus::kOngoing, "").ok());

  auto request = RequestCompletion(Unit(), kAction, ActionStatus::kCompleted, "done",
                                   {File('a', "a.pdf"), File('b', "b.pdf")});
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  ASSERT_TRUE(request->action.pending_request.has_value());
  EXPECT_EQ(request->action.pending_request->request_id, request->event_id);
  EXPECT_EQ(request->action.pending_request->by, "kaz-programme-editor");
  EXPECT_EQ(request->action.pending_request->evidence.size(), 2u);
  EXPECT_EQ(request->action.evidence.size(), 2u);

  EXPECT_EQ(AcceptCompletion(Unit(), kAction, request->event_id, "").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(RejectCompletion(Validator(), kAction, request->event_id, " ").status().field(), "reason");
  auto rejected = RejectCompletion(Validator(), kAction, request->event_id, "draft only");
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->action.status, ActionStatus::kOngoing);
  EXPECT_FALSE(rejected->action.pending_request.has_value());
  auto stream = Stream();
  EXPECT_EQ(stream.back().data["units"], json({"kaz-programme"}));

  auto again = RequestCompletion(Unit(), kAction, ActionStatus::kCompleted, "final", {File('a', "a.pdf")});
  ASSERT_TRUE(again.ok());
  auto stale = AcceptCompletion(Validator(), kAction, request->event_id, "");
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(stale.status().field(), "request_id");
  auto accepted = AcceptCompletion(Validator(), kAction, again->event_id, "");
  ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  EXPECT_EQ(accepted->action.status, ActionStatus::kCompleted);
  EXPECT_TRUE(accepted->action.completed_at.has_value());
  EXPECT_EQ(accepted->action.closure_reason, "final");
  EXPECT_EQ(accepted->action.evidence.size(), 2u) << "a.pdf is listed once";
  EXPECT_EQ(RequestCompletion(Unit(), kAction, ActionStatus::kCompleted, "", {}).status().field(), "outcome");

  // The whole story folds back the same from the stream.
  auto loaded = LoadKeyAction(*store_, kAction);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->status, ActionStatus::kCompleted);
  EXPECT_EQ(loaded->evidence, accepted->action.evidence);
}

TEST_F(WorkflowCommandsTest, RequestsCheckTheirArguments) {
  EXPECT_EQ(RequestCompletion(Unit(), kAction, ActionStatus::kOngoing, "", {}).status().field(), "outcome");
  EXPECT_EQ(RequestCompletion(Unit(), kAction, ActionStatus::kNoLongerApplicable, "", {}).status().field(), "note");
  EXPECT_EQ(RequestCompletion(Unit(), kAction, ActionStatus::kCompleted, "", {File('a', "x"), File('a', "y")})
                .status()
                .field(),
            "evidence[1]");
  auto first = RequestCompletion(Unit(), kAction, ActionStatus::kCompleted, "", {});
  auto second = RequestCompletion(Unit(), kAction, ActionStatus::kNoLongerApplicable, "superseded", {});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(Stream().back().data["supersedes"], first->event_id);
  EXPECT_EQ(second->action.pending_request->outcome, ActionStatus::kNoLongerApplicable);
}

TEST_F(WorkflowCommandsTest, ExtensionsCountAgainstTheMaximum) {
  config::Config config = testing::UnitDirectory();
  config.workflow.max_extensions = 1;
  auto unit = Unit();
  unit.config = &config;
  auto validator = Validator();
  validator.config = &config;

  auto moved = ChangeDeadline(unit, kAction, *ParseDeadline("2025/06"), "late");
  EXPECT_EQ(moved.status().code(), StatusCode::kFailedPrecondition) << "units ask for an extension";

  auto request = RequestExtension(unit, kAction, *ParseDeadline("2025/06"), "floods");
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  ASSERT_TRUE(request->action.pending_extension.has_value());
  auto accepted = AcceptExtension(validator, kAction, request->event_id, "ok");
  ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  EXPECT_EQ(accepted->action.extensions, 1);
  EXPECT_EQ(accepted->action.deadline->raw, "2025/06");
  EXPECT_EQ(accepted->action.original_deadline->raw, "2025/03");

  auto beyond = RequestExtension(unit, kAction, *ParseDeadline("2025/09"), "again");
  EXPECT_EQ(beyond.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(beyond.status().field(), "deadline");

  CommandContext admin = Context("admin");
  admin.config = &config;
  auto by_admin = ChangeDeadline(admin, kAction, *ParseDeadline("2025/12"), "board");
  ASSERT_TRUE(by_admin.ok()) << by_admin.status().ToString();
  EXPECT_EQ(by_admin->action.extensions, 2);
  EXPECT_EQ(Stream().back().data["extension"], true);
  EXPECT_EQ(by_admin->action.original_deadline->raw, "2025/03");

  auto admin_request = RequestExtension(admin, kAction, *ParseDeadline("2026/03"), "more");
  ASSERT_TRUE(admin_request.ok());
  EXPECT_EQ(AcceptExtension(validator, kAction, admin_request->event_id, "").status().field(), "deadline")
      << "beyond the maximum only an admin moves it";
  auto rejected = RejectExtension(validator, kAction, admin_request->event_id, "no");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->action.deadline->raw, "2025/12");
  EXPECT_FALSE(rejected->action.pending_extension.has_value());
}

}  // namespace
}  // namespace mrtrack::events
