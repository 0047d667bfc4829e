#include "events/domain/evaluation.h"

#include <string>

#include <gtest/gtest.h>

#include "test_events.h"

namespace mrtrack::events {
namespace {

using nlohmann::json;
using testing::At;
using testing::MakeEvent;

const std::string kStream = "evaluation-ev-1";

RecordedEvent Registered() {
  return MakeEvent(kStream, 1, 1, types::kEvaluationRegistered,
                   {{"evaluation_id", "ev-1"},
                    {"title", "Final evaluation of the Umbrella Project"},
                    {"office", "Kazakhstan"},
                    {"region", "Kazakhstan"},
                    {"plan_period", "2022 - 2023"},
                    {"office_type", "CO"},
                    {"approval_status", "Approved"},
                    {"overall_response", "The evaluation ..."},
                    {"source", {{"format", "gate-text"}, {"sha256", "ab12"}}}},
                   "2025-01-10T09:00:00Z");
}

RecordedEvent Event(std::uint64_t version, const std::string& type, json data, const std::string& at) {
  data["evaluation_id"] = "ev-1";
  return MakeEvent(kStream, version, version, type, std::move(data), at);
}

json Response(const std::string& text, const std::string& category) {
  return {{"recommendation_id", "ev-1-r1"},
          {"text", text},
          {"category", category},
          {"category_raw", category},
          {"category_inferred", ""},
          {"thematic_areas", {"Not applicable"}},
          {"operating_principles", {"Oversight/governance", "Capacity development"}},
          {"organizational_priorities", {"Culture of results/RBM"}},
          {"uneg_criteria", {"Effectiveness"}}};
}

EvaluationState Fold(const std::vector<RecordedEvent>& events) {
  EvaluationState state;
  for (const auto& e : events) {
    Status s = ApplyEvaluationEvent(state, e);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  return state;
}

TEST(EvaluationFoldTest, RegisteredFillsTheHeader) {
  EvaluationState s = Fold({Registered()});
  EXPECT_TRUE(s.exists);
  EXPECT_EQ(s.version, 1u);
  EXPECT_EQ(s.last_position, 1u);
  EXPECT_EQ(s.evaluation_id, "ev-1");
  EXPECT_EQ(s.title, "Final evaluation of the Umbrella Project");
  EXPECT_EQ(s.office, "Kazakhstan");
  EXPECT_EQ(s.region, "Kazakhstan");
  EXPECT_EQ(s.plan_period, "2022 - 2023");
  EXPECT_EQ(s.office_type, "CO");
  EXPECT_EQ(s.approval_status, "Approved");
  EXPECT_EQ(s.overall_response, "The evaluation ...");
  EXPECT_EQ(s.source_format, "gate-text");
  EXPECT_EQ(s.source_sha256, "ab12");
  EXPECT_EQ(s.created_at, At("2025-01-10T09:00:00Z"));
  EXPECT_EQ(s.updated_at, At("2025-01-10T09:00:00Z"));
}

TEST(EvaluationFoldTest, RecommendationsKeepNumberOrderAndResponses) {
  EvaluationState s = Fold({
      Registered(),
      Event(2, types::kRecommendationAdded, {{"recommendation_id", "ev-1-r2"}, {"number", 2}, {"text", "Second"}},
            "2025-01-10T09:00:00Z"),
      Event(3, types::kRecommendationAdded, {{"recommendation_id", "ev-1-r1"}, {"number", 1}, {"text", "First"}},
            "2025-01-10T09:00:00Z"),
      Event(4, types::kManagementResponseRecorded, Response("We accept.", "Accepted"), "2025-01-10T09:00:00Z"),
      Event(5, types::kRecommendationEdited, {{"recommendation_id", "ev-1-r2"}, {"from", "Second"}, {"to", "2nd"}},
            "2025-01-11T09:00:00Z"),
  });
  ASSERT_EQ(s.recommendations.size(), 2u);
  EXPECT_EQ(s.recommendations[0].recommendation_id, "ev-1-r1");
  EXPECT_EQ(s.recommendations[1].recommendation_id, "ev-1-r2");
  EXPECT_EQ(s.recommendations[1].text, "2nd");
  const Recommendation* r1 = s.FindRecommendation("ev-1-r1");
  ASSERT_NE(r1, nullptr);
  EXPECT_EQ(r1->number, 1);
  EXPECT_EQ(r1->response.text, "We accept.");
  EXPECT_EQ(r1->response.category, "Accepted");
  EXPECT_EQ(r1->response.operating_principles,
            (std::vector<std::string>{"Oversight/governance", "Capacity development"}));
  EXPECT_EQ(r1->response.uneg_criteria, std::vector<std::string>{"Effectiveness"});
  EXPECT_EQ(s.FindRecommendation("ev-1-r9"), nullptr);
  EXPECT_EQ(s.version, 5u);
  EXPECT_EQ(s.updated_at, At("2025-01-11T09:00:00Z"));
}

TEST(EvaluationFoldTest, PriorityIsNormalUntilChanged) {
  const RecordedEvent added = Event(2, types::kRecommendationAdded,
                                    {{"recommendation_id", "ev-1-r1"}, {"number", 1}, {"text", "First"}},
                                    "2025-01-10T09:00:00Z");
  EXPECT_EQ(Fold({Registered(), added}).recommendations.at(0).priority, kPriorityNormal);
  const RecordedEvent high = Event(3, types::kRecommendationPriorityChanged,
                                   {{"recommendation_id", "ev-1-r1"}, {"from", "normal"}, {"to", "high"}},
                                   "2025-02-01T09:00:00Z");
  EvaluationState s = Fold({Registered(), added, high});
  EXPECT_EQ(s.recommendations.at(0).priority, kPriorityHigh);
  EXPECT_EQ(s.updated_at, At("2025-02-01T09:00:00Z"));
  const RecordedEvent urgent = Event(4, types::kRecommendationPriorityChanged,
                                     {{"recommendation_id", "ev-1-r1"}, {"from", "high"}, {"to", "urgent"}},
                                     "2025-02-02T09:00:00Z");
  Status refused = ApplyEvaluationEvent(s, urgent);
  EXPECT_EQ(refused.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.recommendations.at(0).priority, kPriorityHigh) << "left unchanged";
}

TEST(EvaluationFoldTest, UpdatedChangesKnownFieldsAndIgnoresOthers) {
  EvaluationState s = Fold({
      Registered(),
      Event(2, types::kEvaluationUpdated,
            {{"changes",
              {{"title", {{"from", "Final evaluation of the Umbrella Project"}, {"to", "Umbrella"}}},
               {"approval_status", {{"from", "Approved"}, {"to", "Pending"}}},
               {"source", {{"from", nullptr}, {"to", {{"format", "gate-table"}, {"sha256", "cd34"}}}}},
               {"colour", {{"from", "red"}, {"to", "blue"}}}}}},
            "2025-02-01T00:00:00Z"),
  });
  EXPECT_EQ(s.title, "Umbrella");
  EXPECT_EQ(s.approval_status, "Pending");
  EXPECT_EQ(s.office, "Kazakhstan");
  EXPECT_EQ(s.source_format, "gate-table");
  EXPECT_EQ(s.source_sha256, "cd34");
}

TEST(EvaluationFoldTest, RemindersAndUnknownTypesAreIgnored) {
  EvaluationState s = Fold({Registered(), Event(2, types::kReminderDue, json::object(), "2025-03-01T00:00:00Z")});
  EXPECT_EQ(s.version, 2u);
  EXPECT_EQ(s.updated_at, At("2025-01-10T09:00:00Z"));
}

void ExpectCorruption(EvaluationState& state, const RecordedEvent& e, const std::string& message,
                      const std::string& field) {
  const std::uint64_t version_before = state.version;
  const std::string title_before = state.title;
  const std::size_t recommendations_before = state.recommendations.size();
  Status s = ApplyEvaluationEvent(state, e);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.message(), message);
  EXPECT_EQ(s.field(), field);
  EXPECT_EQ(state.version, version_before);
  EXPECT_EQ(state.title, title_before);
  EXPECT_EQ(state.recommendations.size(), recommendations_before);
}

TEST(EvaluationFoldTest, MalformedDataNamesPositionAndField) {
  EvaluationState s = Fold({
      Registered(),
      Event(2, types::kRecommendationAdded, {{"recommendation_id", "ev-1-r1"}, {"number", 1}, {"text", "First"}},
            "2025-01-10T09:00:00Z"),
  });
  ExpectCorruption(s,
                   Event(3, types::kRecommendationAdded,
                         {{"recommendation_id", "ev-1-r1"}, {"number", 1}, {"text", "x"}}, "2025-01-10T09:00:00Z"),
                   "event at position 3 (RecommendationAdded in evaluation-ev-1): recommendation 'ev-1-r1' was "
                   "already added",
                   "data.recommendation_id");
  json unknown_rec = Response("x", "Accepted");
  unknown_rec["recommendation_id"] = "ev-1-r7";
  ExpectCorruption(s, Event(3, types::kManagementResponseRecorded, unknown_rec, "2025-01-10T09:00:00Z"),
                   "event at position 3 (ManagementResponseRecorded in evaluation-ev-1): recommendation 'ev-1-r7' "
                   "was never added",
                   "data.recommendation_id");
  json bad_tags = Response("x", "Accepted");
  bad_tags["uneg_criteria"] = "Effectiveness";
  ExpectCorruption(s, Event(3, types::kManagementResponseRecorded, bad_tags, "2025-01-10T09:00:00Z"),
                   "event at position 3 (ManagementResponseRecorded in evaluation-ev-1): field 'uneg_criteria' must "
                   "be a list of strings, not string",
                   "data.uneg_criteria");
  ExpectCorruption(s,
                   Event(3, types::kEvaluationUpdated, {{"changes", {{"title", {{"to", 5}}}}}}, "2025-01-10T09:00:00Z"),
                   "event at position 3 (EvaluationUpdated in evaluation-ev-1): field 'changes.title.to' must be a "
                   "string",
                   "data.changes.title.to");
  ExpectCorruption(s,
                   Event(3, types::kRecommendationEdited, {{"recommendation_id", "ev-1-r1"}}, "2025-01-10T09:00:00Z"),
                   "event at position 3 (RecommendationEdited in evaluation-ev-1): field 'to' is missing", "data.to");
  RecordedEvent wrong =
      Event(3, types::kRecommendationEdited, {{"recommendation_id", "ev-1-r1"}, {"to", "y"}}, "2025-01-10T09:00:00Z");
  wrong.data["evaluation_id"] = "ev-2";
  ExpectCorruption(s, wrong,
                   "event at position 3 (RecommendationEdited in evaluation-ev-1): field 'evaluation_id' is 'ev-2' in "
                   "the stream of evaluation 'ev-1'",
                   "data.evaluation_id");
  ExpectCorruption(
      s,
      Event(4, types::kRecommendationEdited, {{"recommendation_id", "ev-1-r1"}, {"to", "y"}}, "2025-01-10T09:00:00Z"),
      "event at position 4 (RecommendationEdited in evaluation-ev-1): stream version 4 follows version 2", "data");
}

TEST(EvaluationFoldTest, ChangesBeforeRegistrationAreCorruption) {
  EvaluationState s;
  ExpectCorruption(s,
                   Event(1, types::kRecommendationAdded,
                         {{"recommendation_id", "ev-1-r1"}, {"number", 1}, {"text", "x"}}, "2025-01-10T09:00:00Z"),
                   "event at position 1 (RecommendationAdded in evaluation-ev-1): a change before the evaluation was "
                   "registered",
                   "data");
  RecordedEvent no_title = Registered();
  no_title.data.erase("title");
  ExpectCorruption(s, no_title,
                   "event at position 1 (EvaluationRegistered in evaluation-ev-1): field 'title' is missing",
                   "data.title");
}

}  // namespace
}  // namespace mrtrack::events
