// End to end: the follow-up workflow against the real mrtrackd — validated
// closure with evidence, and extension requests (docs/API.md "Requests").
#include <filesystem>
#include <fstream>

#include "tests/daemon/daemon_harness.h"

namespace mrtrack::daemon::testing {
namespace {

using nlohmann::json;

const char kOtherEditorToken[] = "edt-other-unit-secret-token";

class WorkflowTest : public DaemonTest {
 protected:
  void SetUp() override {
    TestConfig config;
    config.extra_tokens.push_back({"co-editor", "editor", kOtherEditorToken, {"ecaro"}});
    ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
    ASSERT_NO_FATAL_FAILURE(ImportSeed());
  }

  // Uploads `body` as `name`; returns the answer.
  JsonResponse Upload(const std::string& token, const std::string& name, const std::string& body,
                      const std::string& type) {
    auto client = daemon_->Client(token);
    return PostRaw(*client, "/v1/evidence?name=" + name, body, type);
  }

  json Action(const std::string& id) { return GetJson(*Admin(), "/v1/actions/" + id).body; }

  // The history entries of `id` whose type starts with `prefix`.
  std::vector<json> HistoryOf(const std::string& id, const std::string& prefix) {
    std::vector<json> out;
    const JsonResponse history = GetJson(*Admin(), "/v1/actions/" + id + "/history");
    for (const auto& item : history.body["items"]) {
      if (item["type"].get<std::string>().rfind(prefix, 0) == 0) out.push_back(item);
    }
    return out;
  }
};

TEST_F(WorkflowTest, ClosureNeedsAValidatorAndKeepsTheWholeStory) {
  auto editor = daemon_->Client(kEditorToken);
  auto validator = daemon_->Client(kValidatorToken);
  const std::string path = "/v1/actions/" + own_action_;
  const std::string status_before = Action(own_action_)["status"];

  JsonResponse direct = PostJson(*editor, path + "/status", {{"status", "Completed"}});
  EXPECT_EQ(direct.status, 422) << direct.raw;
  EXPECT_EQ(direct.body["error"]["field"], "status");
  JsonResponse direct_nla = PostJson(*editor, path + "/status", {{"status", "No Longer Applicable"}, {"reason", "x"}});
  EXPECT_EQ(direct_nla.status, 422);

  JsonResponse pdf = Upload(kEditorToken, "report.pdf", "%PDF-1.4 the workshop report", "application/pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.raw;
  JsonResponse minutes = Upload(kEditorToken, "minutes.txt", "Minutes of the validation meeting", "text/plain");
  ASSERT_EQ(minutes.status, 200) << minutes.raw;
  JsonResponse first = PostJson(*editor, path + "/completion-requests",
                                {{"outcome", "Completed"},
                                 {"note", "Workshop held"},
                                 {"evidence", {pdf.body["sha256"], minutes.body["sha256"]}}});
  ASSERT_EQ(first.status, 200) << first.raw;
  const std::string first_id = first.body["request_id"];
  json pending = Action(own_action_)["pending_request"];
  EXPECT_EQ(pending["request_id"], first_id);
  EXPECT_EQ(pending["outcome"], "Completed");
  EXPECT_EQ(pending["note"], "Workshop held");
  EXPECT_EQ(pending["by"], kEditorName);
  ASSERT_EQ(pending["evidence"].size(), 2u);
  EXPECT_EQ(pending["evidence"][0]["name"], "report.pdf");
  EXPECT_EQ(pending["evidence"][0]["media_type"], "application/pdf");
  EXPECT_EQ(pending["evidence"][1]["sha256"], Sha256Hex("Minutes of the validation meeting"));

  // Editors do not decide; a rejection needs its reason.
  EXPECT_EQ(PostJson(*editor, path + "/completion-requests/" + first_id + "/accept", json::object()).status, 403);
  EXPECT_EQ(PostJson(*validator, path + "/completion-requests/" + first_id + "/reject", json::object()).status, 400);
  JsonResponse rejected = PostJson(*validator, path + "/completion-requests/" + first_id + "/reject",
                                   {{"reason", "The report is a draft"}});
  ASSERT_EQ(rejected.status, 200) << rejected.raw;
  json after_reject = Action(own_action_);
  EXPECT_EQ(after_reject["status"], status_before);
  EXPECT_TRUE(after_reject["pending_request"].is_null());
  EXPECT_EQ(PostJson(*validator, path + "/completion-requests/" + first_id + "/accept", json::object()).status, 422);

  JsonResponse second =
      PostJson(*editor, path + "/completion-requests",
               {{"outcome", "Completed"}, {"note", "Final report"}, {"evidence", {pdf.body["sha256"]}}});
  ASSERT_EQ(second.status, 200) << second.raw;
  const std::string second_id = second.body["request_id"];
  JsonResponse accepted =
      PostJson(*validator, path + "/completion-requests/" + second_id + "/accept", {{"note", "Verified"}});
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  json done = Action(own_action_);
  EXPECT_EQ(done["status"], "Completed");
  EXPECT_EQ(done["outcome"], "implemented");
  EXPECT_FALSE(done["completed_at"].is_null());
  EXPECT_TRUE(done["pending_request"].is_null());

  std::vector<json> story = HistoryOf(own_action_, "KeyActionCompletion");
  ASSERT_EQ(story.size(), 4u);
  EXPECT_EQ(story[0]["type"], "KeyActionCompletionRequested");
  EXPECT_EQ(story[0]["actor"], kEditorName);
  EXPECT_EQ(story[1]["type"], "KeyActionCompletionRejected");
  EXPECT_EQ(story[1]["actor"], kValidatorName);
  EXPECT_EQ(story[1]["reason"], "The report is a draft");
  // The unit to tell is on the event, for the notifier's feed.
  EXPECT_EQ(story[1]["data"]["units"], json({"kaz-programme"}));
  EXPECT_EQ(story[2]["type"], "KeyActionCompletionRequested");
  EXPECT_EQ(story[2]["actor"], kEditorName);
  EXPECT_EQ(story[3]["type"], "KeyActionCompletionAccepted");
  EXPECT_EQ(story[3]["actor"], kValidatorName);
  EXPECT_EQ(story[3]["changes"][0]["field"], "status");
  EXPECT_EQ(story[3]["changes"][0]["from"], status_before);
  EXPECT_EQ(story[3]["changes"][0]["to"], "Completed");

  // As of the rejection, the action was open with nothing pending.
  const std::string at_rejection = std::to_string(story[1]["position"].get<std::uint64_t>());
  json then = GetJson(*Admin(), path + "?as_of=" + at_rejection).body;
  EXPECT_EQ(then["status"], status_before);
  EXPECT_TRUE(then["pending_request"].is_null());
}

TEST_F(WorkflowTest, ANewRequestSupersedesTheOpenOne) {
  auto editor = daemon_->Client(kEditorToken);
  const std::string path = "/v1/actions/" + own_action_ + "/completion-requests";
  JsonResponse first = PostJson(*editor, path, {{"outcome", "Completed"}, {"note", "a"}});
  ASSERT_EQ(first.status, 200) << first.raw;
  JsonResponse nla = PostJson(*editor, path, {{"outcome", "No Longer Applicable"}});
  EXPECT_EQ(nla.status, 400) << "No Longer Applicable needs its reason";
  JsonResponse second = PostJson(*editor, path, {{"outcome", "No Longer Applicable"}, {"note", "Superseded"}});
  ASSERT_EQ(second.status, 200) << second.raw;
  EXPECT_EQ(Action(own_action_)["pending_request"]["request_id"], second.body["request_id"]);
  auto validator = daemon_->Client(kValidatorToken);
  EXPECT_EQ(PostJson(*validator, path + "/" + first.body["request_id"].get<std::string>() + "/accept", json::object())
                .status,
            422);
  ASSERT_EQ(
      PostJson(*validator, path + "/" + second.body["request_id"].get<std::string>() + "/accept", json::object()).status,
      200);
  json closed = Action(own_action_);
  EXPECT_EQ(closed["status"], "No Longer Applicable");
  EXPECT_EQ(closed["outcome"], "closed_not_implemented");
  EXPECT_EQ(closed["closure_reason"], "Superseded");
  // Unknown evidence is a mistake of the request.
  JsonResponse unknown =
      PostJson(*editor, "/v1/actions/" + own_action_ + "/comments", {{"text", "x"}, {"evidence", {std::string(64, 'a')}}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body["error"]["field"], "evidence[0]");
}

TEST_F(WorkflowTest, ExtensionsAreCountedAndLimited) {
  auto editor = daemon_->Client(kEditorToken);
  auto validator = daemon_->Client(kValidatorToken);
  const std::string path = "/v1/actions/" + own_action_;
  const json original = Action(own_action_)["deadline"];
  ASSERT_FALSE(original.is_null());

  // A unit moves an existing deadline only through a request.
  EXPECT_EQ(PostJson(*editor, path + "/deadline", {{"deadline", "2031/01"}, {"justification", "x"}}).status, 422);
  const char* asked[] = {"2026/06", "2026-09-30"};
  for (int i = 0; i < 2; ++i) {
    JsonResponse request = PostJson(*editor, path + "/extension-requests", {{"deadline", asked[i]}, {"reason", "Delays"}});
    ASSERT_EQ(request.status, 200) << request.raw;
    EXPECT_EQ(Action(own_action_)["pending_extension"]["request_id"], request.body["request_id"]);
    JsonResponse accepted = PostJson(
        *validator, path + "/extension-requests/" + request.body["request_id"].get<std::string>() + "/accept",
        json::object());
    ASSERT_EQ(accepted.status, 200) << accepted.raw;
    json now = Action(own_action_);
    EXPECT_EQ(now["extensions"], i + 1);
    EXPECT_EQ(now["original_deadline"], original);
    EXPECT_TRUE(now["pending_extension"].is_null());
  }
  EXPECT_EQ(Action(own_action_)["deadline"]["date"], "2026-09-30");

  JsonResponse third = PostJson(*editor, path + "/extension-requests", {{"deadline", "2027/01"}, {"reason", "More"}});
  EXPECT_EQ(third.status, 422) << third.raw;
  EXPECT_EQ(third.body["error"]["field"], "deadline");
  // An admin still may; a direct change by an admin counts as an extension.
  JsonResponse by_admin =
      PostJson(*Admin(), path + "/deadline", {{"deadline", "2027/03"}, {"justification", "Board decision"}});
  ASSERT_EQ(by_admin.status, 200) << by_admin.raw;
  EXPECT_EQ(Action(own_action_)["extensions"], 3);
  EXPECT_EQ(Action(own_action_)["original_deadline"], original);

  std::vector<json> story = HistoryOf(own_action_, "KeyActionExtension");
  ASSERT_EQ(story.size(), 4u);
  EXPECT_EQ(story[1]["changes"][0]["field"], "deadline");
  EXPECT_EQ(story[1]["changes"][0]["from"], original);
  EXPECT_EQ(story[1]["changes"][0]["to"]["date"], "2026-06-30");

  // A rejection leaves the deadline.
  auto other = daemon_->Client(kEditorToken);
  JsonResponse on_foreign = PostJson(*other, "/v1/actions/" + foreign_action_ + "/extension-requests",
                                     {{"deadline", "2030/01"}, {"reason", "x"}});
  EXPECT_EQ(on_foreign.status, 403);
  JsonResponse request =
      PostJson(*Admin(), "/v1/actions/" + foreign_action_ + "/extension-requests", {{"deadline", "2030/01"}, {"reason", "x"}});
  ASSERT_EQ(request.status, 200) << request.raw;
  const json before = Action(foreign_action_)["deadline"];
  ASSERT_EQ(PostJson(*validator,
                     "/v1/actions/" + foreign_action_ + "/extension-requests/" +
                         request.body["request_id"].get<std::string>() + "/reject",
                     {{"reason", "No grounds"}})
                .status,
            200);
  EXPECT_EQ(Action(foreign_action_)["deadline"], before);
  EXPECT_EQ(Action(foreign_action_)["extensions"], 0);
}

TEST_F(WorkflowTest, EvidenceIsStoredDurablyAndServedToWhoMaySeeIt) {
  const std::string body = "%PDF-1.7 progress report, page 1";
  JsonResponse up = Upload(kEditorToken, "progress.pdf", body, "application/pdf");
  ASSERT_EQ(up.status, 200) << up.raw;
  const std::string sha = Sha256Hex(body);
  EXPECT_EQ(up.body, json({{"sha256", sha}, {"size", body.size()}, {"media_type", "application/pdf"},
                           {"name", "progress.pdf"}}));
  EXPECT_EQ(ReadFile(dir_.Sub("data") + "/evidence/" + sha), body);
  ASSERT_EQ(PostJson(*daemon_->Client(kEditorToken), "/v1/actions/" + own_action_ + "/comments",
                     {{"text", "Report attached"}, {"evidence", {sha}}})
                .status,
            200);

  for (const char* token : {kAdminToken, kValidatorToken, kAuditorToken, kEditorToken}) {
    auto res = daemon_->Client(token)->Get("/v1/evidence/" + sha);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << token;
    EXPECT_EQ(res->body, body);
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/pdf");
    EXPECT_EQ(res->get_header_value("Content-Disposition"), "attachment; filename=\"progress.pdf\"");
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  }
  auto reader = daemon_->Client(kReaderToken)->Get("/v1/evidence/" + sha);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->status, 403);
  auto other = daemon_->Client(kOtherEditorToken)->Get("/v1/evidence/" + sha);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(GetJson(*Admin(), "/v1/evidence/" + std::string(64, 'f')).status, 404);

  // Programs are not evidence, whatever they claim to be; nor is an unknown type.
  const std::string elf = std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(64, '\0');
  EXPECT_EQ(Upload(kEditorToken, "tool", elf, "application/octet-stream").status, 415);
  EXPECT_EQ(Upload(kEditorToken, "report.pdf", elf, "application/pdf").status, 415);
  EXPECT_EQ(Upload(kEditorToken, "x.sh", "#!/bin/sh\nrm -rf /\n", "text/plain").status, 415);
  EXPECT_EQ(Upload(kEditorToken, "a.html", "<html>", "text/html").status, 415);
  EXPECT_EQ(Upload(kReaderToken, "r.txt", "x", "text/plain").status, 403);
  EXPECT_EQ(Upload(kEditorToken, "../x.txt", "x", "text/plain").status, 400);

  // A changed byte on disk: verify names the file and the event that cites it.
  JsonResponse clean = GetJson(*Admin(), "/v1/audit/verify");
  EXPECT_TRUE(clean.body["ok"]) << clean.raw;
  EXPECT_EQ(clean.body["evidence_checked"], 1);
  {
    std::fstream f(dir_.Sub("data") + "/evidence/" + sha, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('X');
  }
  JsonResponse tampered = GetJson(*Admin(), "/v1/audit/verify");
  EXPECT_FALSE(tampered.body["ok"]) << tampered.raw;
  ASSERT_EQ(tampered.body["evidence_problems"].size(), 1u) << tampered.raw;
  const json& problem = tampered.body["evidence_problems"][0];
  EXPECT_EQ(problem["sha256"], sha);
  EXPECT_EQ(problem["name"], "progress.pdf");
  EXPECT_EQ(problem["type"], "KeyActionCommentAdded");
  EXPECT_EQ(problem["action_id"], own_action_);
  EXPECT_NE(problem["problem"].get<std::string>().find("altered"), std::string::npos);
  EXPECT_GT(problem["position"].get<std::uint64_t>(), 0u);
}

class EvidenceLimitTest : public DaemonTest {};

TEST_F(EvidenceLimitTest, EvidenceHasItsOwnLimit) {
  TestConfig config;
  config.max_body_bytes = 2048;
  config.max_evidence_bytes = 8192;
  ASSERT_NO_FATAL_FAILURE(StartDaemon(config));
  auto editor = daemon_->Client(kEditorToken);
  // Above the server's limit, within the evidence limit.
  EXPECT_EQ(PostRaw(*editor, "/v1/evidence?name=a.txt", std::string(5000, 'a'), "text/plain").status, 200);
  JsonResponse big = PostRaw(*editor, "/v1/evidence?name=b.txt", std::string(9000, 'b'), "text/plain");
  EXPECT_EQ(big.status, 413) << big.raw;
  // Other routes keep the server's limit.
  EXPECT_EQ(PostJson(*editor, "/v1/actions/x/comments", {{"text", std::string(3000, 'c')}}).status, 413);
}

}  // namespace
}  // namespace mrtrack::daemon::testing
