#include "projections/history.h"

#include <gtest/gtest.h>

#include "projections/projections.h"
#include "tests/projections/test_log.h"

namespace mrtrack::projections {
namespace {

using projections_test::At;
using projections_test::OpenStore;
using projections_test::TempDir;
using projections_test::TestLog;

std::vector<std::string> Rendered(const HistoryEntry& e) {
  std::vector<std::string> out;
  for (const auto& c : e.changes) out.push_back(RenderChange(c));
  return out;
}

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_.Evaluation("ev1", "Umbrella", "Kazakhstan CO");
    log_.Recommendation("ev1", 1, "Build capacity");
    log_.Response("ev1", 1, "", "Accepted partially.");
    a_ = log_.Action("ev1", 1, 1, "Train partners", {"kaz-co"}, "2025/03", "Initiated");
    b_ = log_.Action("ev1", 1, 2, "Other", {"government"}, "", "Not Initiated");
    log_.Flush();
    clock_.Set(At("2025-02-01T08:00:00Z"));
    log_.Status(a_, "Completed");
    log_.Flush();
    clock_.Set(At("2025-02-02T08:00:00Z"));
    log_.Status(a_, "Ongoing", "evidence missing");
    log_.Deadline(a_, "2025-06-15", "waiting for the ministry");
    log_.Responsible(a_, {"kaz-co", "government"}, "joint work");
    log_.Comment(a_, "alice", "on it");
    log_.Description(a_, "Train partners and staff");
    log_.Response("ev1", 1, "Partially accepted", "Accepted partially.");
    log_.Flush();
  }

  TempDir dir_;
  ManualClock clock_{At("2025-01-10T09:00:00Z")};
  std::unique_ptr<events::EventStore> store_ = OpenStore(dir_.Sub("events"), clock_);
  TestLog log_{*store_, clock_};
  std::string a_, b_;
};

TEST_F(HistoryTest, ActionHistoryShowsWhoChangedWhatFromWhatToWhat) {
  auto history = ActionHistory(*store_, a_);
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 7u);
  const auto& added = (*history)[0];
  EXPECT_EQ(added.type, "KeyActionAdded");
  EXPECT_EQ(added.version, 1u);
  EXPECT_EQ(added.actor, "tester");
  EXPECT_EQ(added.subject, a_);
  EXPECT_EQ(added.summary, "added with status Initiated");
  EXPECT_EQ(Rendered(added), std::vector<std::string>({"label: (none) -> 1.1", "description: (none) -> Train partners",
                                                       "responsible: (none) -> kaz-co [kaz-co]",
                                                       "deadline: (none) -> 2025-03-31 (2025/03)",
                                                       "status: (none) -> Initiated"}));

  const auto& completed = (*history)[1];
  EXPECT_EQ(completed.recorded_at, At("2025-02-01T08:00:00Z"));
  EXPECT_EQ(Rendered(completed), std::vector<std::string>({"status: Initiated -> Completed"}));
  EXPECT_EQ(completed.reason, "");

  const auto& reopened = (*history)[2];
  EXPECT_EQ(reopened.reason, "evidence missing");
  EXPECT_EQ(reopened.summary, "status: Completed -> Ongoing");
  EXPECT_EQ(reopened.changes[0].from, "Completed");
  EXPECT_EQ(reopened.changes[0].to, "Ongoing");

  const auto& moved = (*history)[3];
  EXPECT_EQ(moved.reason, "waiting for the ministry");
  EXPECT_EQ(Rendered(moved), std::vector<std::string>({"deadline: 2025-03-31 (2025/03) -> 2025-06-15"}));
  EXPECT_EQ(moved.changes[0].to, nlohmann::json({{"date", "2025-06-15"}, {"raw", "2025-06-15"}}));

  EXPECT_EQ(Rendered((*history)[4]),
            std::vector<std::string>({"responsible: kaz-co [kaz-co] -> kaz-co, government [kaz-co, government]"}));
  EXPECT_EQ((*history)[4].reason, "joint work");
  EXPECT_EQ(Rendered((*history)[5]), std::vector<std::string>({"comment: (none) -> alice: on it"}));
  EXPECT_EQ((*history)[5].summary, "comment by alice");
  EXPECT_EQ(Rendered((*history)[6]),
            std::vector<std::string>({"description: Train partners -> Train partners and staff"}));
  EXPECT_EQ((*history)[6].data.at("to"), "Train partners and staff");
}

TEST_F(HistoryTest, EvaluationHistoryMergesItsActionsByPosition) {
  auto views = Projections::Open(dir_.Sub("views"), *store_);
  ASSERT_OK(views);
  auto ids = (*views)->ActionIdsOfEvaluation("ev1");
  ASSERT_OK(ids);
  auto history = EvaluationHistory(*store_, "ev1", *ids);
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 12u);
  for (std::size_t i = 0; i < history->size(); ++i) EXPECT_EQ((*history)[i].position, i + 1);

  EXPECT_EQ((*history)[0].summary, "evaluation registered");
  EXPECT_EQ((*history)[1].summary, "recommendation 1 added");
  EXPECT_EQ((*history)[1].subject, "ev1-r1");
  // The first response: everything new.
  EXPECT_EQ(Rendered((*history)[2]),
            std::vector<std::string>({"response text: (none) -> Accepted partially.",
                                      "response thematic_areas: (none) -> Not applicable",
                                      "response operating_principles: (none) -> Capacity development, Knowledge management",
                                      "response uneg_criteria: (none) -> Effectiveness"}));
  // Recorded again: only what changed, before -> after from the stream.
  const HistoryEntry& again = history->back();
  EXPECT_EQ(again.type, "ManagementResponseRecorded");
  EXPECT_EQ(Rendered(again), std::vector<std::string>({"response category: (blank) -> Partially accepted"}));
}

TEST_F(HistoryTest, UnknownIdsAreNotFound) {
  EXPECT_EQ(ActionHistory(*store_, "nope").status().ToString(), "not_found: no key action 'nope' (at action_id)");
  EXPECT_EQ(EvaluationHistory(*store_, "nope", {}).status().ToString(),
            "not_found: no evaluation 'nope' (at evaluation_id)");
}

TEST_F(HistoryTest, JsonCarriesTheEnvelopeAndTheChanges) {
  auto history = ActionHistory(*store_, a_);
  ASSERT_OK(history);
  const nlohmann::json j = HistoryEntryToJson((*history)[2]);
  EXPECT_EQ(j.at("type"), "KeyActionStatusChanged");
  EXPECT_EQ(j.at("recorded_at"), "2025-02-02T08:00:00.000000Z");
  EXPECT_EQ(j.at("reason"), "evidence missing");
  EXPECT_EQ(j.at("changes"), nlohmann::json::parse(R"([{"field":"status","from":"Completed","to":"Ongoing",
      "from_text":"Completed","to_text":"Ongoing"}])"));
}

}  // namespace
}  // namespace mrtrack::projections
