// End to end: POST /v1/imports on the real mrtrackd with the bodies a focal
// point sends — a spreadsheet saved as CSV (text/csv), a UNDP ERC page
// (text/plain) — through the same sync as the published text: one atomic
// append, idempotent, errors naming row and column with nothing written.
#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

std::string Fixture(const std::string& relative) {
  return ReadFile(std::string(MRTRACK_SOURCE_DIR) + "/tests/fixtures/" + relative);
}

class ImportRouteTest : public DaemonTest {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(StartDaemon()); }

  json Head() { return GetJson(*Admin(), "/v1/events?limit=1").body["head"]; }
};

TEST_F(ImportRouteTest, SpreadsheetIsOneAppendAndIdempotent) {
  auto admin = Admin();
  const std::string csv = Fixture("csv/partner-reporting.csv");  // ';', a BOM, a quoted line break
  JsonResponse first = PostRaw(*admin, "/v1/imports", csv, "text/csv; charset=utf-8");
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["created"], true);
  EXPECT_EQ(first.body["recommendations"], 2);
  EXPECT_EQ(first.body["key_actions"], 4);
  // Registered, 2 x (recommendation + response), 4 actions, 2 published comments: one append, gapless.
  EXPECT_EQ(first.body["events_appended"], 11);
  EXPECT_EQ(first.body["first_position"], 1);
  EXPECT_EQ(first.body["last_position"], 11);
  const std::string evaluation = first.body["evaluation_id"];
  ASSERT_EQ(first.body["actions"].size(), 4u);
  EXPECT_EQ(first.body["actions"][0]["lines"], json({2, 2}));
  EXPECT_EQ(first.body["actions"][0]["match"], "column");
  EXPECT_EQ(first.body["actions"][1]["units"], json({"kaz-programme"}));
  json warnings = first.body["warnings"];
  ASSERT_FALSE(warnings.empty());
  for (const json& w : warnings) EXPECT_TRUE(w["line"].is_number()) << w.dump();  // each names where it is

  // The views have it when the answer comes.
  JsonResponse actions = GetJson(*admin, "/v1/actions?evaluation=" + evaluation);
  ASSERT_EQ(actions.status, 200) << actions.raw;
  EXPECT_EQ(actions.body["total"], 4);
  JsonResponse clinic = GetJson(*admin, "/v1/actions/" + evaluation + "-r1-a2");
  ASSERT_EQ(clinic.status, 200) << clinic.raw;
  EXPECT_EQ(clinic.body["label"], "1.2");
  EXPECT_EQ(clinic.body["deadline"]["date"], "2026-03-31");

  JsonResponse again = PostRaw(*admin, "/v1/imports", csv, "text/csv");
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["created"], false);
  EXPECT_EQ(again.body["events_appended"], 0);
  EXPECT_EQ(Head(), 11);

  std::string changed = csv;
  changed.replace(changed.find(";Initiated;"), 11, ";Completed;");
  JsonResponse third = PostRaw(*admin, "/v1/imports", changed, "text/csv");
  ASSERT_EQ(third.status, 200) << third.raw;
  EXPECT_EQ(third.body["events_appended"], 1);
  EXPECT_EQ(third.body["events_by_type"]["KeyActionStatusChanged"], 1);
}

TEST_F(ImportRouteTest, SpreadsheetErrorsNameRowAndColumnAndWriteNothing) {
  auto admin = Admin();
  std::string csv = Fixture("csv/partner-reporting.csv");
  csv.replace(csv.find("2026/11"), 7, "2026/13");
  JsonResponse bad = PostRaw(*admin, "/v1/imports", csv, "text/csv");
  EXPECT_EQ(bad.status, 400) << bad.raw;
  EXPECT_EQ(bad.body["error"]["code"], "invalid_argument");
  EXPECT_EQ(bad.body["error"]["field"], "row 4, column 9 (deadline)");
  EXPECT_NE(bad.body["error"]["message"].get<std::string>().find("2026/13"), std::string::npos) << bad.raw;

  JsonResponse unclosed = PostRaw(*admin, "/v1/imports", "Recommendation,Key Action\r\n\"Do it.,Train.\r\n", "text/csv");
  EXPECT_EQ(unclosed.status, 400) << unclosed.raw;
  EXPECT_EQ(unclosed.body["error"]["field"], "row 2, column 1");

  JsonResponse bad_map = PostRaw(*admin, "/v1/imports?map=Deadline%3Ddue", csv, "text/csv");
  EXPECT_EQ(bad_map.status, 400) << bad_map.raw;
  EXPECT_EQ(bad_map.body["error"]["field"], "map");
  EXPECT_EQ(Head(), 0);  // nothing of any of them was written
}

TEST_F(ImportRouteTest, SpreadsheetOptionsMapColumnsAndSupplyTheHeader) {
  auto admin = Admin();
  const std::string csv =
      "Recommendation,Key Action,Responsible,Due by\r\nShare the results.,Present them at the forum.,ECARO,2026/11\r\n";
  JsonResponse without = PostRaw(*admin, "/v1/imports?map=Due%20by%3Ddeadline", csv, "text/csv");
  EXPECT_EQ(without.status, 400) << without.raw;
  EXPECT_EQ(without.body["error"]["message"],
            "the evaluation has no title: the document states none; give one with --title");

  const std::string options =
      "?map=Due%20by%3Ddeadline&title=Evaluation%20of%20the%20Partner%20Forum&office=Kazakhstan&period=2026%20-%202027";
  JsonResponse dry = PostRaw(*admin, "/v1/imports" + options + "&dry_run=true", csv, "text/csv");
  ASSERT_EQ(dry.status, 200) << dry.raw;
  EXPECT_EQ(dry.body["dry_run"], true);
  EXPECT_EQ(dry.body["events_appended"], 4);  // registered, recommendation, response, action
  EXPECT_EQ(dry.body["actions"][0]["deadline"], "2026/11");
  EXPECT_EQ(Head(), 0);

  JsonResponse done = PostRaw(*admin, "/v1/imports" + options, csv, "text/csv");
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body["evaluation_id"], dry.body["evaluation_id"]);
  JsonResponse evaluation = GetJson(*admin, "/v1/evaluations/" + done.body["evaluation_id"].get<std::string>());
  ASSERT_EQ(evaluation.status, 200) << evaluation.raw;
  EXPECT_EQ(evaluation.body["title"], "Evaluation of the Partner Forum");
  EXPECT_EQ(evaluation.body["office"], "Kazakhstan");
}

TEST_F(ImportRouteTest, ErcPageKeepsItsStampsAndDocuments) {
  auto admin = Admin();
  JsonResponse r = PostRaw(*admin, "/v1/imports", Fixture("gate/erc-page.txt"), "text/plain");
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["actions"].size(), 3u);
  EXPECT_EQ(r.body["actions"][0]["source_dates"], json({{"added", "2025/07/01"}, {"last_updated", "2025/09/15"}}));
  EXPECT_EQ(r.body["actions"][1]["documents"], "Training plan.pdf");
  const std::string first = r.body["evaluation_id"].get<std::string>() + "-r1-a1";
  JsonResponse history = GetJson(*admin, "/v1/actions/" + first + "/history");
  ASSERT_EQ(history.status, 200) << history.raw;
  ASSERT_FALSE(history.body["items"].empty());
  EXPECT_EQ(history.body["items"][0]["data"]["source_dates"]["last_updated"], "2025/09/15");
  EXPECT_EQ(PostRaw(*admin, "/v1/imports", Fixture("gate/erc-page.txt"), "text/plain").body["events_appended"], 0);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
