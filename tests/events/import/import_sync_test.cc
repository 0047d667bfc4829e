#include "events/import/import.h"

#include <gtest/gtest.h>

#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "events/domain/loading.h"
#include "events/import/gate_parser.h"
#include "events/import/json_format.h"
#include "tests/events/import/sync_fixture.h"

namespace mrtrack::events::import {
namespace {

using testing::ExampleConfig;
using testing::ReadFixture;
using testing::SeedText;
using testing::SyncTest;
using Counts = std::map<std::string, std::size_t>;
using Units = std::vector<std::string>;

ImportOptions WithId(const std::string& id) {
  ImportOptions o;
  o.evaluation_id = id;
  return o;
}
ImportOptions DryRun() {
  ImportOptions o;
  o.dry_run = true;
  return o;
}

// The last action of recommendation 1: "... Programme Team UN Women Kazakhstan CO 2024/12 Initiated".
constexpr char kR1A4Tail[] = "Programme Team UN Women Kazakhstan CO 2024/12 Initiated";

TEST_F(SyncTest, FirstImportAppendsEveryEntityOnce) {
  ImportReport report = ImportOk(SeedText());
  EXPECT_TRUE(report.created);
  EXPECT_FALSE(report.dry_run);
  EXPECT_EQ(report.recommendations, 11u);
  EXPECT_EQ(report.key_actions, 23u);
  const Counts expected = {{types::kEvaluationRegistered, 1},  {types::kRecommendationAdded, 11},
                           {types::kManagementResponseRecorded, 11}, {types::kKeyActionAdded, 23},
                           {types::kKeyActionCommentAdded, 5}};
  EXPECT_EQ(report.events_by_type, expected);
  EXPECT_EQ(report.events_appended, 51u);
  EXPECT_EQ(report.first_position, 1u);
  EXPECT_EQ(report.last_position, 51u);
  EXPECT_EQ(store_->HeadPosition(), 51u);

  std::vector<RecordedEvent> events = Events();
  EXPECT_EQ(CountByType(events), expected);
  for (const auto& e : events) {
    EXPECT_EQ(e.actor, "focal-point");
    EXPECT_EQ(e.correlation_id, report.correlation_id);
  }
  EXPECT_EQ(events[0].stream, EvaluationStream(report.evaluation_id));
  EXPECT_EQ(events[0].data["source"]["format"], "gate");
  ASSERT_EQ(report.responsible_matches.size(), 23u);
  EXPECT_EQ(report.responsible_matches[0].action_id, ActionId(report.evaluation_id, 1, 1));
  EXPECT_EQ(report.responsible_matches[0].line, 20);
  EXPECT_EQ(report.responsible_matches[0].responsible.match, "alias");
  EXPECT_TRUE(report.unmatched_responsibles.empty());
  EXPECT_TRUE(report.warnings.empty());
  EXPECT_TRUE(store_->Verify().ok);
}

TEST_F(SyncTest, FirstImportFoldsIntoTheDomainStates) {
  ImportReport report = ImportOk(SeedText());
  auto evaluation = LoadEvaluation(*store_, report.evaluation_id);
  ASSERT_TRUE(evaluation.ok()) << evaluation.status().ToString();
  EXPECT_EQ(evaluation->office, "Kazakhstan");
  EXPECT_EQ(evaluation->plan_period, "2022 - 2023");
  EXPECT_EQ(evaluation->office_type, "CO");
  EXPECT_EQ(evaluation->approval_status, "Approved");
  ASSERT_EQ(evaluation->recommendations.size(), 11u);
  EXPECT_EQ(evaluation->recommendations[8].response.thematic_areas,
            Units{"Women economic empowerment (SPs before 2018)"});
  EXPECT_EQ(evaluation->source_format, "gate");

  auto action = LoadKeyAction(*store_, ActionId(report.evaluation_id, 3, 1));
  ASSERT_TRUE(action.ok()) << action.status().ToString();
  EXPECT_EQ(action->recommendation_id, RecommendationId(report.evaluation_id, 3));
  EXPECT_EQ(action->number, 1);
  EXPECT_EQ(action->responsible.units, (Units{"kaz-co", "government"}));
  EXPECT_EQ(action->deadline->raw, "2025/04");
  EXPECT_EQ(action->status, ActionStatus::kInitiated);
  ASSERT_EQ(action->comments.size(), 1u);
  EXPECT_EQ(action->comments[0].author, "import");
  EXPECT_TRUE(action->comments[0].text.starts_with("In 2024 the country office"));
}

TEST_F(SyncTest, IdenticalReimportAppendsNothing) {
  ImportReport first = ImportOk(SeedText());
  ImportReport again = ImportOk(SeedText());
  EXPECT_EQ(again.evaluation_id, first.evaluation_id);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.events_appended, 0u);
  EXPECT_TRUE(again.changes.empty());
  EXPECT_EQ(again.first_position, 0u);
  EXPECT_EQ(store_->HeadPosition(), 51u);
}

TEST_F(SyncTest, ChangedStatusAppendsExactlyOneStatusChange) {
  ImportReport first = ImportOk(SeedText());
  ImportReport report = ImportOk(SeedWith(kR1A4Tail, "Programme Team UN Women Kazakhstan CO 2024/12 Completed"));
  EXPECT_EQ(report.events_by_type, (Counts{{types::kKeyActionStatusChanged, 1}}));
  EXPECT_EQ(report.events_appended, 1u);
  EXPECT_EQ(report.first_position, 52u);
  std::string action_id = ActionId(first.evaluation_id, 1, 4);
  EXPECT_EQ(report.changes, Units{"KeyActionStatusChanged " + action_id + ": Initiated -> Completed"});
  std::vector<RecordedEvent> events = Events(52);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].stream, ActionStream(action_id));
  EXPECT_EQ(events[0].version, 2u);
  EXPECT_EQ(events[0].data["from"], "Initiated");
  EXPECT_EQ(events[0].data["to"], "Completed");
  EXPECT_EQ(events[0].data["reason"], "re-imported from published text");
  // And importing that rendering again changes nothing more.
  EXPECT_EQ(ImportOk(SeedWith(kR1A4Tail, "Programme Team UN Women Kazakhstan CO 2024/12 Completed")).events_appended,
            0u);
}

TEST_F(SyncTest, TableRenderingOfTheSameDataAppendsNothing) {
  ImportReport first = ImportOk(SeedText());
  ImportReport table = ImportOk(ReadFixture("gate/kazakhstan-table-rendering.txt"));
  EXPECT_EQ(table.evaluation_id, first.evaluation_id);
  EXPECT_EQ(table.events_appended, 0u);
  EXPECT_EQ(table.responsible_matches[0].responsible.match, "column");
  EXPECT_EQ(store_->HeadPosition(), 51u);
}

TEST_F(SyncTest, JsonRenderingOfTheSameDataAppendsNothing) {
  ImportReport first = ImportOk(SeedText());
  auto parsed = ParseGateText(SeedText(), ExampleConfig());
  ASSERT_TRUE(parsed.ok());
  ImportReport json = ImportOk(EvaluationToJson(*parsed).dump(2), {}, ImportFormat::kJson);
  EXPECT_EQ(json.evaluation_id, first.evaluation_id);
  EXPECT_EQ(json.events_appended, 0u) << ::testing::PrintToString(json.changes);
}

TEST_F(SyncTest, EveryKindOfChangeBecomesItsEvent) {
  ImportReport first = ImportOk(SeedText());
  const std::string& ev = first.evaluation_id;
  std::string text = SeedText();
  auto replace = [&](const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace(": Approved", ": Approved with changes");
  replace("UNEG Criteria: Coherence", "UNEG Criteria: Coherence, Relevance");  // response of recommendation 11
  replace("Country office will consult with the key national partners",  // response of recommendation 10
          "The country office will consult key national partners");
  replace("UN Women Kazakhstan CO 2026/01 Initiated\nRecommendation: Continuously",  // r7-a1: deadline
          "UN Women Kazakhstan CO 2026/06 Initiated\nRecommendation: Continuously");
  replace("Establish a feedback mechanism to collect input", "Establish a feedback mechanism to gather input");  // r5-a3
  replace("relevant UN Agencies 2026/02 Initiated\nTo strengthen",  // r8-a1: responsible
          "relevant national partners 2026/02 Initiated\nTo strengthen");
  replace("the country office is planning to present several project proposals to government of Kazakhstan during "
          "this process the recommendations will be considered.\nUN Women will provide",  // r4-a1: new comment
          "two proposals were presented.\nUN Women will provide");
  text += "\nShare the lessons with the regional office. Regional Office 2026/06 Not Initiated";  // r11-a2
  text += "\nRecommendation: Keep the evaluation follow-up under review.\nManagement Response: Accepted.\n"
          "Management Response Category: Accepted\nKey Actions\nResponsible Deadline Status Comments\n"
          "Review the follow-up every quarter. UN Women Kazakhstan CO 2026/12 Not Initiated\n";

  ImportReport report = ImportOk(text);
  const Counts expected = {{types::kEvaluationUpdated, 1},         {types::kManagementResponseRecorded, 3},
                           {types::kRecommendationAdded, 1},       {types::kKeyActionDeadlineChanged, 1},
                           {types::kKeyActionDescriptionEdited, 1}, {types::kKeyActionResponsibleChanged, 1},
                           {types::kKeyActionCommentAdded, 1},     {types::kKeyActionAdded, 2}};
  EXPECT_EQ(report.events_by_type, expected) << ::testing::PrintToString(report.changes);
  EXPECT_EQ(report.recommendations, 12u);
  EXPECT_EQ(report.key_actions, 25u);

  auto evaluation = LoadEvaluation(*store_, ev);
  ASSERT_TRUE(evaluation.ok());
  EXPECT_EQ(evaluation->approval_status, "Approved with changes");
  ASSERT_EQ(evaluation->recommendations.size(), 12u);
  EXPECT_EQ(evaluation->recommendations[10].response.uneg_criteria, (Units{"Coherence", "Relevance"}));
  EXPECT_TRUE(evaluation->recommendations[9].response.text.find("The country office will consult key") !=
              std::string::npos);

  auto r7 = LoadKeyAction(*store_, ActionId(ev, 7, 1));
  EXPECT_EQ(r7->deadline->raw, "2026/06");
  auto r5 = LoadKeyAction(*store_, ActionId(ev, 5, 3));
  EXPECT_TRUE(r5->description.starts_with("Establish a feedback mechanism to gather input"));
  auto r8 = LoadKeyAction(*store_, ActionId(ev, 8, 1));
  EXPECT_EQ(r8->responsible.units, (Units{"kaz-co", "national-partners"}));
  auto r4 = LoadKeyAction(*store_, ActionId(ev, 4, 1));
  ASSERT_EQ(r4->comments.size(), 2u);
  EXPECT_EQ(r4->comments[1].text, "In 2024 two proposals were presented.");
  auto r11a2 = LoadKeyAction(*store_, ActionId(ev, 11, 2));
  EXPECT_EQ(r11a2->responsible.units, Units{"ecaro"});
  auto r12 = LoadKeyAction(*store_, ActionId(ev, 12, 1));
  EXPECT_EQ(r12->status, ActionStatus::kNotInitiated);

  // Everything of one import is one append: contiguous positions, one correlation id.
  std::vector<RecordedEvent> events = Events(52);
  ASSERT_EQ(events.size(), report.events_appended);
  for (const auto& e : events) EXPECT_EQ(e.correlation_id, report.correlation_id);
  EXPECT_EQ(ImportOk(text).events_appended, 0u);
}

TEST_F(SyncTest, LocalChangeIsKeptUntilThePublishedTextChanges) {
  ImportReport first = ImportOk(SeedText());
  std::string action_id = ActionId(first.evaluation_id, 1, 4);
  NewEvent manual;
  manual.type = types::kKeyActionStatusChanged;
  manual.actor = "kaz-co-editor";
  manual.data = {{"action_id", action_id}, {"from", "Initiated"}, {"to", "Completed"}, {"reason", "done early"}};
  ASSERT_TRUE(store_->Append({AppendPart{ActionStream(action_id), ExpectedVersion::Exact(1), {manual}}}).ok());

  ImportReport same = ImportOk(SeedText());
  EXPECT_EQ(same.events_appended, 0u);
  ASSERT_EQ(same.warnings.size(), 1u);
  EXPECT_EQ(same.warnings[0].where, action_id);
  EXPECT_EQ(same.warnings[0].line, 23);
  EXPECT_EQ(same.warnings[0].message,
            "status is \"Completed\" in mrtrack (changed since the last import); the published text still says "
            "\"Initiated\": kept");

  ImportReport changed = ImportOk(SeedWith(kR1A4Tail, "Programme Team UN Women Kazakhstan CO 2024/12 Ongoing"));
  EXPECT_EQ(changed.changes, Units{"KeyActionStatusChanged " + action_id + ": Completed -> Ongoing"});
  EXPECT_EQ(LoadKeyAction(*store_, action_id)->status, ActionStatus::kOngoing);
}

TEST_F(SyncTest, ConcurrentChangeMakesTheImportFailWithoutWritingAnything) {
  ImportReport first = ImportOk(SeedText());
  std::string action_id = ActionId(first.evaluation_id, 1, 4);
  testing::RacingStore racing(*store_, [&] {
    NewEvent comment;
    comment.type = types::kKeyActionCommentAdded;
    comment.actor = "kaz-co-editor";
    comment.data = {{"action_id", action_id}, {"comment_id", "c-1"}, {"author", "kaz-co-editor"}, {"text", "racing"}};
    ASSERT_TRUE(store_->Append({AppendPart{ActionStream(action_id), ExpectedVersion::Any(), {comment}}}).ok());
  });
  auto r = ImportDocument(racing, ExampleConfig(),
                          SeedWith(kR1A4Tail, "Programme Team UN Women Kazakhstan CO 2024/12 Completed"),
                          ImportFormat::kGate, "focal-point");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_TRUE(r.status().message().starts_with("import of evaluation " + first.evaluation_id + " wrote nothing: "))
      << r.status().message();
  EXPECT_EQ(store_->HeadPosition(), 52u);  // the racing comment only
  EXPECT_EQ(LoadKeyAction(*store_, action_id)->status, ActionStatus::kInitiated);
}

TEST_F(SyncTest, MalformedDocumentsLeaveTheStoreUnchanged) {
  ImportOk(SeedText());
  for (const char* fixture : {"impossible-deadline.txt", "empty.txt", "action-before-recommendation.txt",
                              "no-recommendation.txt", "too-many-cells.txt"}) {
    std::uint64_t before = store_->HeadPosition();
    auto r = Import(ReadFixture(std::string("gate/errors/") + fixture));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << fixture;
    EXPECT_TRUE(r.status().field().starts_with("line ")) << fixture;
    EXPECT_EQ(store_->HeadPosition(), before) << fixture;
  }
  // A seed whose last action has an impossible deadline: nothing of the other 22 is written either.
  std::uint64_t before = store_->HeadPosition();
  std::string broken = SeedText();
  broken.replace(broken.rfind("2025/03"), 7, "2025/13");
  auto r = Import(broken, WithId("fresh-evaluation"));
  EXPECT_EQ(r.status().field(), "line 132");
  EXPECT_EQ(store_->HeadPosition(), before);
  EXPECT_EQ(store_->StreamVersion(EvaluationStream("fresh-evaluation")), 0u);
}

TEST_F(SyncTest, DryRunReportsAndWritesNothing) {
  ImportReport report = ImportOk(SeedText(), DryRun());
  EXPECT_TRUE(report.dry_run);
  EXPECT_TRUE(report.created);
  EXPECT_EQ(report.events_appended, 51u);
  EXPECT_EQ(report.changes.size(), 51u);
  EXPECT_EQ(report.first_position, 0u);
  EXPECT_EQ(store_->HeadPosition(), 0u);
}

TEST_F(SyncTest, ExplicitEvaluationId) {
  ImportReport report = ImportOk(SeedText(), WithId("kaz-umbrella"));
  EXPECT_EQ(report.evaluation_id, "kaz-umbrella");
  EXPECT_EQ(store_->StreamVersion("evaluation-kaz-umbrella"), 23u);
  EXPECT_EQ(store_->StreamVersion("action-kaz-umbrella-r11-a1"), 1u);

  auto bad = Import(SeedText(), WithId("Kaz_Umbrella"));
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "evaluation_id");
}

TEST_F(SyncTest, ReportAsJson) {
  ImportReport report = ImportOk(ReadFixture("gate/unmatched-responsible.txt"));
  nlohmann::json j = ImportReportToJson(report);
  EXPECT_EQ(j["evaluation_id"], report.evaluation_id);
  EXPECT_EQ(j["key_actions"], 4);
  EXPECT_EQ(j["events_appended"], 7);  // registered, recommendation, response, 4 actions
  EXPECT_EQ(j["first_position"], 1);
  EXPECT_EQ(j["last_position"], 7);
  EXPECT_EQ(j["unmatched_responsibles"],
            nlohmann::json({"Ministry of Labour and Social Protection", "Ministry of Justice",
                            "Bureau of National Statistics"}));
  EXPECT_EQ(j["responsible_matches"][1]["match"], "heuristic");
  EXPECT_EQ(j["responsible_matches"][1]["units"], nlohmann::json({"kaz-co"}));
  EXPECT_EQ(j["responsible_matches"][1]["line"], 21);
  EXPECT_EQ(j["warnings"][0]["line"], 20);
  EXPECT_EQ(j["changes"][0], "EvaluationRegistered " + report.evaluation_id);
}

}  // namespace
}  // namespace mrtrack::events::import
