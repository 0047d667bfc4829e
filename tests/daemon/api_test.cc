// End to end: the real mrtrackd on loopback, driven over HTTP — imports,
// views, commands, conflicts, errors, pagination, as-of, audit, metrics.
#include <set>

#include <date/tz.h>

#include "common/time.h"

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

class ApiTest : public DaemonTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartDaemon());
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
  }
};

TEST_F(ApiTest, ImportsTheSeedAndListsItsActions) {
  auto admin = Admin();
  JsonResponse actions = GetJson(*admin, "/v1/actions");
  ASSERT_EQ(actions.status, 200) << actions.raw;
  EXPECT_EQ(actions.body["total"], 23);
  EXPECT_EQ(actions.body["items"].size(), 23u);
  EXPECT_EQ(actions.body["items"][0]["action_id"], own_action_);
  EXPECT_EQ(actions.body["items"][0]["responsible"]["units"], json::array({"kaz-programme"}));

  JsonResponse evaluation = GetJson(*admin, "/v1/evaluations/" + evaluation_id_);
  ASSERT_EQ(evaluation.status, 200) << evaluation.raw;
  EXPECT_EQ(evaluation.body["recommendations"].size(), 11u);
  EXPECT_EQ(evaluation.body["key_actions"], 23);

  JsonResponse list = GetJson(*admin, "/v1/evaluations");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["total"], 1);

  // The same text again records nothing.
  JsonResponse again = PostRaw(*admin, "/v1/imports", SeedText(), "text/plain");
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["events_appended"], 0);
  EXPECT_EQ(again.body["created"], false);
}

TEST_F(ApiTest, ImportDryRunWritesNothingAndBadTextNamesTheLine) {
  auto admin = Admin();
  JsonResponse head = GetJson(*admin, "/v1/events?limit=1");
  JsonResponse dry = PostRaw(*admin, "/v1/imports?dry_run=true&evaluation_id=other-id", SeedText(), "text/plain");
  ASSERT_EQ(dry.status, 200) << dry.raw;
  EXPECT_EQ(dry.body["dry_run"], true);
  EXPECT_EQ(dry.body["evaluation_id"], "other-id");
  EXPECT_EQ(GetJson(*admin, "/v1/events?limit=1").body["head"], head.body["head"]);

  JsonResponse wrong_type = PostRaw(*admin, "/v1/imports", SeedText(), "application/octet-stream");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.body["error"]["field"], "Content-Type");
}

TEST_F(ApiTest, StatusChangeWithExpectedVersionAndConflict) {
  auto admin = Admin();
  std::string path = "/v1/actions/" + own_action_;
  JsonResponse before = GetJson(*admin, path);
  ASSERT_EQ(before.status, 200);
  std::uint64_t version = before.body["version"];

  JsonResponse changed = PostJson(*admin, path + "/status",
                                  {{"status", "Ongoing"}, {"reason", "kick-off held"}, {"expected_version", version}});
  ASSERT_EQ(changed.status, 200) << changed.raw;
  EXPECT_EQ(changed.body["action"]["status"], "Ongoing");
  EXPECT_EQ(changed.body["event"]["version"], version + 1);
  EXPECT_EQ(changed.body["event"]["type"], "KeyActionStatusChanged");
  EXPECT_EQ(changed.body["deduplicated"], false);

  // A second writer that saw the old version gets 409 with the actual one.
  JsonResponse stale = PostJson(*admin, path + "/status", {{"status", "Completed"}, {"expected_version", version}});
  EXPECT_EQ(stale.status, 409) << stale.raw;
  EXPECT_EQ(stale.body["error"]["code"], "conflict");
  EXPECT_EQ(stale.body["error"]["field"], "expected_version");
  EXPECT_EQ(stale.body["error"]["actual_version"], version + 1);
  EXPECT_EQ(GetJson(*admin, path).body["status"], "Ongoing");

  // The same status again is a rule, not a conflict: 422.
  JsonResponse same = PostJson(*admin, path + "/status", {{"status", "Ongoing"}});
  EXPECT_EQ(same.status, 422) << same.raw;
  EXPECT_EQ(same.body["error"]["code"], "failed_precondition");

  JsonResponse history = GetJson(*admin, path + "/history");
  ASSERT_EQ(history.status, 200) << history.raw;
  const json& last = history.body["items"].back();
  EXPECT_EQ(last["type"], "KeyActionStatusChanged");
  EXPECT_EQ(last["actor"], kAdminName);
}

TEST_F(ApiTest, OtherCommandsRecordTheirEvents) {
  auto admin = Admin();
  std::string path = "/v1/actions/" + own_action_;
  JsonResponse deadline =
      PostJson(*admin, path + "/deadline", {{"deadline", "2026/06"}, {"justification", "partner delay"}});
  ASSERT_EQ(deadline.status, 200) << deadline.raw;
  EXPECT_EQ(deadline.body["action"]["deadline"]["date"], "2026-06-30");
  JsonResponse responsible = PostJson(*admin, path + "/responsible", {{"units", {"kaz-co"}}, {"reason", "handover"}});
  ASSERT_EQ(responsible.status, 200) << responsible.raw;
  EXPECT_EQ(responsible.body["action"]["responsible"]["units"], json::array({"kaz-co"}));
  JsonResponse comment = PostJson(*admin, path + "/comments", {{"text", "first draft shared"}});
  ASSERT_EQ(comment.status, 200) << comment.raw;
  EXPECT_EQ(comment.body["action"]["last_comment"]["author"], kAdminName);
  JsonResponse description = PostJson(*admin, path + "/description", {{"text", "A clearer description."}});
  ASSERT_EQ(description.status, 200) << description.raw;
  EXPECT_EQ(description.body["action"]["description"], "A clearer description.");

  JsonResponse unknown_unit = PostJson(*admin, path + "/responsible", {{"units", {"kaz-co", "nowhere"}}});
  EXPECT_EQ(unknown_unit.status, 400);
  EXPECT_EQ(unknown_unit.body["error"]["field"], "units[1]");
  JsonResponse missing = PostJson(*admin, "/v1/actions/" + evaluation_id_ + "-r99-a1/comments", {{"text", "x"}});
  EXPECT_EQ(missing.status, 404) << missing.raw;
}

TEST_F(ApiTest, RetryWithTheSameEventIdIsAnsweredFromTheStore) {
  auto admin = Admin();
  json body = {{"text", "sent twice"}, {"event_id", "5b7e07e4-61a2-4c1e-9a53-7c3a3f0a1d11"}};
  JsonResponse first = PostJson(*admin, "/v1/actions/" + own_action_ + "/comments", body);
  JsonResponse second = PostJson(*admin, "/v1/actions/" + own_action_ + "/comments", body);
  ASSERT_EQ(first.status, 200) << first.raw;
  ASSERT_EQ(second.status, 200) << second.raw;
  EXPECT_EQ(second.body["deduplicated"], true);
  EXPECT_EQ(second.body["event"]["position"], first.body["event"]["position"]);
  body["text"] = "something else";
  EXPECT_EQ(PostJson(*admin, "/v1/actions/" + own_action_ + "/comments", body).status, 409);
}

TEST_F(ApiTest, MalformedBodiesAndWrongTypesAre400WithTheField) {
  auto admin = Admin();
  std::string path = "/v1/actions/" + own_action_ + "/status";
  JsonResponse malformed = PostRaw(*admin, path, "{\"status\": ", "application/json");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.body["error"]["code"], "invalid_argument");
  EXPECT_EQ(malformed.body["error"]["field"], "body");

  JsonResponse not_object = PostRaw(*admin, path, "[1,2]", "application/json");
  EXPECT_EQ(not_object.status, 400);
  EXPECT_EQ(not_object.body["error"]["field"], "body");

  JsonResponse wrong_type = PostJson(*admin, path, {{"status", 3}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.body["error"]["field"], "status");
  EXPECT_EQ(wrong_type.body["error"]["message"], "must be a string, not a number");

  JsonResponse negative = PostJson(*admin, path, {{"status", "Ongoing"}, {"expected_version", -1}});
  EXPECT_EQ(negative.status, 400);
  EXPECT_EQ(negative.body["error"]["field"], "expected_version");

  JsonResponse unknown_field = PostJson(*admin, path, {{"status", "Ongoing"}, {"reson", "typo"}});
  EXPECT_EQ(unknown_field.status, 400);
  EXPECT_EQ(unknown_field.body["error"]["field"], "reson");

  JsonResponse bad_label = PostJson(*admin, path, {{"status", "Done"}});
  EXPECT_EQ(bad_label.status, 400);
  EXPECT_EQ(bad_label.body["error"]["field"], "status");

  JsonResponse bad_uuid = PostJson(*admin, path, {{"status", "Ongoing"}, {"event_id", "not-a-uuid"}});
  EXPECT_EQ(bad_uuid.status, 400);
  EXPECT_EQ(bad_uuid.body["error"]["field"], "event_id");

  JsonResponse form = PostRaw(*admin, path, "status=Ongoing", "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 400);
  EXPECT_EQ(form.body["error"]["field"], "Content-Type");
}

TEST_F(ApiTest, OversizeBodyIs413BeforeParsing) {
  auto admin = Admin();
  std::string big(300 * 1024, 'x');  // The test config allows 256 KiB.
  JsonResponse r = PostRaw(*admin, "/v1/imports", big, "text/plain");
  EXPECT_EQ(r.status, 413) << r.raw;
  EXPECT_EQ(r.body["error"]["code"], "resource_exhausted");
  EXPECT_EQ(r.body["error"]["field"], "body");
  EXPECT_FALSE(httplib::Headers(r.headers).find("X-Request-Id") == r.headers.end());
  // The server is still fine.
  EXPECT_EQ(GetJson(*daemon_->Client(), "/healthz").status, 200);
}

TEST_F(ApiTest, UnknownRoutesMethodsAndQueryParameters) {
  auto admin = Admin();
  JsonResponse nowhere = GetJson(*admin, "/v1/nowhere");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_EQ(nowhere.body["error"]["code"], "not_found");
  EXPECT_EQ(GetJson(*admin, "/v1/actions/").status, 404);

  auto del = admin->Delete("/v1/actions");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  EXPECT_EQ(del->get_header_value("Allow"), "GET");

  JsonResponse get_command = GetJson(*admin, "/v1/actions/" + own_action_ + "/status");
  EXPECT_EQ(get_command.status, 405);

  JsonResponse typo = GetJson(*admin, "/v1/actions?overdu=true");
  EXPECT_EQ(typo.status, 400);
  EXPECT_EQ(typo.body["error"]["field"], "overdu");
  JsonResponse bad_bool = GetJson(*admin, "/v1/actions?overdue=yes");
  EXPECT_EQ(bad_bool.status, 400);
  EXPECT_EQ(bad_bool.body["error"]["field"], "overdue");
}

TEST_F(ApiTest, RequestIdsAreEchoedAndRecordedAsCorrelation) {
  auto admin = Admin();
  JsonResponse r = PostJson(*admin, "/v1/actions/" + own_action_ + "/comments", {{"text", "traced"}});
  ASSERT_EQ(r.status, 200);
  auto given = admin->Post("/v1/actions/" + own_action_ + "/comments", {{"X-Request-Id", "trace-42.a"}},
                           json({{"text", "traced again"}}).dump(), "application/json");
  ASSERT_TRUE(given);
  EXPECT_EQ(given->get_header_value("X-Request-Id"), "trace-42.a");
  std::uint64_t position = json::parse(given->body)["event"]["position"];
  JsonResponse event = GetJson(*admin, "/v1/events?from=" + std::to_string(position) + "&limit=1");
  ASSERT_EQ(event.status, 200);
  EXPECT_EQ(event.body["events"][0]["correlation_id"], "trace-42.a");
  EXPECT_EQ(event.body["events"][0]["actor"], kAdminName);

  auto invalid = admin->Get("/healthz", {{"X-Request-Id", "bad id with spaces"}});
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->get_header_value("X-Request-Id").size(), 36u);  // A fresh UUID instead.
  EXPECT_TRUE(daemon_->WaitForLog("request_id=trace-42.a actor=" + std::string(kAdminName)));
}

TEST_F(ApiTest, PaginationAndFilters) {
  auto admin = Admin();
  JsonResponse page = GetJson(*admin, "/v1/actions?limit=5&offset=20");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body["total"], 23);
  EXPECT_EQ(page.body["items"].size(), 3u);
  EXPECT_EQ(page.body["limit"], 5);
  EXPECT_EQ(page.body["offset"], 20);
  EXPECT_EQ(GetJson(*admin, "/v1/actions?limit=0").status, 400);
  EXPECT_EQ(GetJson(*admin, "/v1/actions?limit=1001").status, 400);

  JsonResponse programme = GetJson(*admin, "/v1/actions?unit=kaz-programme");
  ASSERT_EQ(programme.status, 200);
  EXPECT_GT(programme.body["total"].get<int>(), 0);
  for (const auto& item : programme.body["items"]) {
    EXPECT_NE(std::find(item["responsible"]["units"].begin(), item["responsible"]["units"].end(), "kaz-programme"),
              item["responsible"]["units"].end());
  }
  JsonResponse both = GetJson(*admin, "/v1/actions?status=Initiated&status=Completed&evaluation=" + evaluation_id_);
  ASSERT_EQ(both.status, 200);
  EXPECT_EQ(both.body["total"], 23);
  EXPECT_EQ(GetJson(*admin, "/v1/actions?status=Done").status, 400);
}

TEST_F(ApiTest, AsOfShowsThePast) {
  auto admin = Admin();
  std::uint64_t before = GetJson(*admin, "/v1/events?limit=1").body["head"];
  ASSERT_EQ(PostJson(*admin, "/v1/actions/" + own_action_ + "/status", {{"status", "Completed"}}).status, 200);

  JsonResponse now = GetJson(*admin, "/v1/actions/" + own_action_);
  EXPECT_EQ(now.body["status"], "Completed");
  JsonResponse then = GetJson(*admin, "/v1/actions/" + own_action_ + "?as_of=" + std::to_string(before));
  ASSERT_EQ(then.status, 200) << then.raw;
  EXPECT_EQ(then.body["status"], "Initiated");
  EXPECT_EQ(then.body["position"], before);

  JsonResponse long_ago = GetJson(*admin, "/v1/actions?as_of=2000-01-01");
  ASSERT_EQ(long_ago.status, 200);
  EXPECT_EQ(long_ago.body["total"], 0);
  EXPECT_EQ(GetJson(*admin, "/v1/actions/" + own_action_ + "?as_of=2000-01-01").status, 404);
  JsonResponse past_head = GetJson(*admin, "/v1/actions?as_of=999999");
  EXPECT_EQ(past_head.status, 400);
  EXPECT_EQ(past_head.body["error"]["field"], "as_of");
  EXPECT_EQ(GetJson(*admin, "/v1/actions?as_of=yesterday").status, 400);

  JsonResponse history_then =
      GetJson(*admin, "/v1/actions/" + own_action_ + "/history?as_of=" + std::to_string(before));
  ASSERT_EQ(history_then.status, 200);
  for (const auto& item : history_then.body["items"]) EXPECT_LE(item["position"].get<std::uint64_t>(), before);
  JsonResponse summary_then = GetJson(*admin, "/v1/summaries/units?as_of=" + std::to_string(before));
  ASSERT_EQ(summary_then.status, 200);
  EXPECT_EQ(summary_then.body["overall"]["by_status"]["Completed"], 0);
}

TEST_F(ApiTest, RepeatedAsOfReadsComeFromTheCache) {
  auto admin = Admin();
  auto page_at = [&](int position) {
    JsonResponse page = GetJson(*admin, "/v1/actions?limit=5&as_of=" + std::to_string(position));
    EXPECT_EQ(page.status, 200) << page.raw;
    return page.body;
  };
  json first = page_at(10);
  EXPECT_EQ(page_at(10), first);
  EXPECT_EQ(page_at(20)["position"], 20);
  auto metrics = daemon_->Client()->Get("/metrics");
  ASSERT_TRUE(metrics);
  for (const char* line : {"mrtrack_asof_requests_total{source=\"replay\"} 1\n",
                           "mrtrack_asof_requests_total{source=\"cache\"} 1\n",
                           "mrtrack_asof_requests_total{source=\"extended\"} 1\n",
                           "mrtrack_asof_events_replayed_total 20\n"}) {
    EXPECT_NE(metrics->body.find(line), std::string::npos) << line << metrics->body;
  }
}

TEST_F(ApiTest, ReminderPreviewOverHttp) {
  auto admin = Admin();
  auto almaty_today = [] {
    return FormatDate(date::year_month_day(date::floor<date::days>(
        date::make_zoned("Asia/Almaty", std::chrono::system_clock::now()).get_local_time())));
  };
  const std::string day_before = almaty_today();
  JsonResponse today = GetJson(*admin, "/v1/reminders/preview");
  ASSERT_EQ(today.status, 200) << today.raw;
  const std::string day_after = almaty_today();  // The request may straddle midnight.
  EXPECT_TRUE(today.body["day"] == day_before || today.body["day"] == day_after) << today.raw;
  EXPECT_EQ(today.body["time_zone"], "Asia/Almaty");
  EXPECT_EQ(today.body["whole_day"], true);
  EXPECT_TRUE(today.body["messages"].is_array());
  EXPECT_EQ(today.body["position"], GetJson(*admin, "/v1/events?limit=1").body["head"]);

  JsonResponse instant = GetJson(*admin, "/v1/reminders/preview?at=2025-03-24T04:01:00Z&unit=kaz-co");
  ASSERT_EQ(instant.status, 200) << instant.raw;
  EXPECT_EQ(instant.body["whole_day"], false);
  EXPECT_EQ(instant.body["at"], "2025-03-24T04:01:00.000000Z");

  JsonResponse bad = GetJson(*admin, "/v1/reminders/preview?at=soon");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "at");
  EXPECT_EQ(GetJson(*admin, "/v1/reminders/preview?at=2025-03-24&as_of=3").status, 400);
}

TEST_F(ApiTest, SummariesAuditAndMetrics) {
  auto admin = Admin();
  JsonResponse units = GetJson(*admin, "/v1/summaries/units?period_from=2025-01-01&period_to=2025-12-31");
  ASSERT_EQ(units.status, 200) << units.raw;
  EXPECT_EQ(units.body["overall"]["total"], 23);
  std::set<std::string> keys;
  for (const auto& item : units.body["items"]) keys.insert(item["key"]);
  EXPECT_TRUE(keys.count("kaz-co"));
  EXPECT_EQ(GetJson(*admin, "/v1/summaries/units?period_from=2025-01-01").status, 400);
  JsonResponse evaluations = GetJson(*admin, "/v1/summaries/evaluations");
  ASSERT_EQ(evaluations.status, 200);
  EXPECT_EQ(evaluations.body["items"][0]["evaluation_id"], evaluation_id_);

  JsonResponse verify = GetJson(*admin, "/v1/audit/verify");
  ASSERT_EQ(verify.status, 200);
  EXPECT_EQ(verify.body["ok"], true);
  std::uint64_t head = verify.body["events_checked"];
  EXPECT_GT(head, 23u);

  auto jsonl = admin->Get("/v1/audit/export?format=jsonl");
  ASSERT_TRUE(jsonl);
  ASSERT_EQ(jsonl->status, 200);
  EXPECT_EQ(static_cast<std::uint64_t>(std::count(jsonl->body.begin(), jsonl->body.end(), '\n')), head);
  auto range = admin->Get("/v1/audit/export?from=2&to=3");
  ASSERT_TRUE(range);
  EXPECT_EQ(std::count(range->body.begin(), range->body.end(), '\n'), 2);
  EXPECT_EQ(GetJson(*admin, "/v1/audit/export?to=999999").status, 400);
  EXPECT_EQ(GetJson(*admin, "/v1/audit/export?format=xml").status, 400);
  EXPECT_EQ(GetJson(*admin, "/v1/audit/export?format=csv&from=2").status, 400);
  auto events_csv = admin->Get("/v1/audit/export?format=events_csv&from=1&to=5");
  ASSERT_TRUE(events_csv);
  ASSERT_EQ(events_csv->status, 200);
  EXPECT_EQ(events_csv->body.rfind("position,recorded_at,stream,", 0), 0u) << events_csv->body.substr(0, 200);
  auto csv = admin->Get("/v1/audit/export?format=csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 24);  // Header + 23 actions.

  auto metrics = daemon_->Client()->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(
      metrics->body.find("mrtrack_http_requests_total{route=\"importEvaluation\",method=\"POST\",status=\"200\"} 1"),
      std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("mrtrack_store_head_position " + std::to_string(head)), std::string::npos);
  EXPECT_NE(metrics->body.find("mrtrack_projection_lag_events 0"), std::string::npos);
  EXPECT_NE(metrics->body.find("mrtrack_http_request_duration_seconds_bucket{route=\"summarizeUnits\",le=\"+Inf\"}"),
            std::string::npos);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
