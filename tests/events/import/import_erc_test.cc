// The sync of a UNDP ERC page (tests/fixtures/gate/erc-page.txt): the header
// fields the model has no place for, the stamps and the Documents cells are
// kept on the events as published; stamps that alone changed record nothing.
#include <gtest/gtest.h>

#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "tests/events/import/sync_fixture.h"

namespace mrtrack::events::import {
namespace {

using nlohmann::json;
using testing::ReadFixture;
using testing::SyncTest;

const RecordedEvent* FindEvent(const std::vector<RecordedEvent>& events, const std::string& type,
                               const std::string& stream) {
  for (const RecordedEvent& e : events) {
    if (e.type == type && e.stream == stream) return &e;
  }
  return nullptr;
}

TEST_F(SyncTest, ErcPageKeepsHeaderFieldsStampsAndDocuments) {
  ImportReport report = ImportOk(ReadFixture("gate/erc-page.txt"));
  ASSERT_TRUE(report.created);
  std::vector<RecordedEvent> events = Events();
  const std::string& id = report.evaluation_id;

  const RecordedEvent* registered = FindEvent(events, types::kEvaluationRegistered, EvaluationStream(id));
  ASSERT_NE(registered, nullptr);
  EXPECT_EQ(registered->data["office"], "UNDP Kazakhstan");
  EXPECT_EQ(registered->data["source_fields"], json({{"completion_date", "2025/06/30"},
                                                     {"evaluation_type", "Project"},
                                                     {"unit_responsible", "UNDP Kazakhstan"}}));
  const RecordedEvent* response = FindEvent(events, types::kManagementResponseRecorded, EvaluationStream(id));
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(response->data["source_dates"], json({{"added", "2025/07/01"}, {"last_updated", "2025/09/15"}}));
  EXPECT_EQ(response->data["text"], "UNDP agrees with this recommendation and will support the local administrations.");

  const std::string first = ActionStream(ActionId(id, 1, 1));
  const RecordedEvent* added = FindEvent(events, types::kKeyActionAdded, first);
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->data["source_dates"], json({{"added", "2025/07/01"}, {"last_updated", "2025/09/15"}}));
  EXPECT_FALSE(added->data.contains("source_documents"));
  EXPECT_EQ(added->data["completion_date_unknown"], true);  // published as Completed
  const RecordedEvent* comment = FindEvent(events, types::kKeyActionCommentAdded, first);
  ASSERT_NE(comment, nullptr);
  EXPECT_EQ(comment->data["source_dates"], added->data["source_dates"]);
  const RecordedEvent* trained = FindEvent(events, types::kKeyActionAdded, ActionStream(ActionId(id, 1, 2)));
  ASSERT_NE(trained, nullptr);
  EXPECT_EQ(trained->data["source_documents"], "Training plan.pdf");
  EXPECT_EQ(trained->data["status_raw"], "No due date");

  json reported = ImportReportToJson(report)["actions"];
  ASSERT_EQ(reported.size(), 3u);
  EXPECT_EQ(reported[1]["documents"], "Training plan.pdf");
  EXPECT_EQ(reported[2]["source_dates"], json({{"added", "2025/07/01"}, {"last_updated", "2025/08/20"}}));
}

TEST_F(SyncTest, ErcStampsAloneChangeNothingAndGoWithAChange) {
  std::string text = ReadFixture("gate/erc-page.txt");
  ImportReport first = ImportOk(text);
  EXPECT_EQ(ImportOk(text).events_appended, 0u);
  std::string restamped = text;
  restamped.replace(restamped.find("2025/08/20"), 10, "2025/08/27");
  ImportReport stamps_only = ImportOk(restamped);
  EXPECT_EQ(stamps_only.events_appended, 0u) << ::testing::PrintToString(stamps_only.changes);

  // Action 2.1 Completed in a later rendering, stamped again: the change carries the new stamps.
  std::string later = text;
  later.replace(later.find("2025/08/20"), 10, "2025/10/02");
  later.replace(later.find("Overdue |"), 9, "Completed |");
  std::uint64_t head = store_->HeadPosition();
  ImportReport changed = ImportOk(later);
  EXPECT_EQ(changed.events_appended, 1u) << ::testing::PrintToString(changed.changes);
  std::vector<RecordedEvent> events = Events(head + 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, types::kKeyActionStatusChanged);
  EXPECT_EQ(events[0].stream, ActionStream(ActionId(first.evaluation_id, 2, 1)));
  EXPECT_EQ(events[0].data["source_dates"], json({{"added", "2025/07/01"}, {"last_updated", "2025/10/02"}}));
  EXPECT_EQ(events[0].data["completion_date_unknown"], true);
}

}  // namespace
}  // namespace mrtrack::events::import
