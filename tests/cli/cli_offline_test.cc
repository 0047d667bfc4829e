// End to end: the real `mrtrack` binary on a temporary data directory.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/time.h"
#include "events/store.h"
#include "tests/cli/cli_run.h"

namespace {

using mrtrack::cli_test::CliRun;

class CliOfflineTest : public mrtrack::cli_test::CliDataDirTest {
 protected:
  static std::string Seed() { return Fixture("seeds/kazakhstan-umbrella-management-response.txt"); }
};

TEST_F(CliOfflineTest, PriorityAndTheReportToGoverningBodies) {
  CliRun imported = Mrtrack("--json import " + Seed());
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  const std::string eval = nlohmann::json::parse(imported.out)["evaluation_id"];

  CliRun high = Mrtrack("set-priority " + eval + "-r2 high --reason 'the board follows it'");
  ASSERT_EQ(high.exit_code, 0) << high.out;
  EXPECT_EQ(high.out, "recommendation " + eval + "-r2: priority high\n");
  CliRun again = Mrtrack("set-priority " + eval + "-r2 high");
  EXPECT_EQ(again.exit_code, 1) << "already high";
  EXPECT_NE(Mrtrack("set-priority " + eval + "-r2 urgent").exit_code, 0) << "the command line refuses the value";
  CliRun listed = Mrtrack("--json list --priority high --limit 1000");
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  const auto items = nlohmann::json::parse(listed.out)["items"];
  ASSERT_FALSE(items.empty());
  for (const auto& a : items) EXPECT_EQ(a["recommendation_id"], eval + "-r2");

  // This month's report, as text, CSV and JSON.
  const std::string month = mrtrack::FormatDate(date::year_month_day{
      date::floor<date::days>(mrtrack::SystemClock::Instance().Now())}).substr(0, 7);
  CliRun text = Mrtrack("report --period " + month);
  ASSERT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("23 key actions:"), std::string::npos) << text.out;
  CliRun csv = Mrtrack("report --period " + month + " --csv --unit government");
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_EQ(csv.out.rfind("period,unit,name,total,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("\r\n" + month + ",all,,8,"), std::string::npos) << csv.out;
  CliRun json = Mrtrack("--json report --period " + month);
  ASSERT_EQ(json.exit_code, 0) << json.out;
  EXPECT_EQ(nlohmann::json::parse(json.out)["overall"]["total"], 23);
  CliRun bad = Mrtrack("report --period 2026-13");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("period"), std::string::npos) << bad.out;
}

TEST_F(CliOfflineTest, ImportListSetStatusHistoryVerify) {
  CliRun imported = Mrtrack("--json import " + Seed());
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  auto report = nlohmann::json::parse(imported.out);
  EXPECT_EQ(report["recommendations"], 11);
  EXPECT_EQ(report["key_actions"], 23);
  std::string eval = report["evaluation_id"];

  CliRun again = Mrtrack("--json import " + Seed());
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(nlohmann::json::parse(again.out)["events_appended"], 0);

  CliRun listed = Mrtrack("--json list --unit government --limit 1000");
  ASSERT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_EQ(nlohmann::json::parse(listed.out)["total"], 8);

  std::string action = eval + "-r1-a1";
  CliRun done = Mrtrack("set-status " + action + " Completed --reason 'sessions held'");
  ASSERT_EQ(done.exit_code, 0) << done.out;
  CliRun reopen = Mrtrack("set-status " + action + " Ongoing");
  EXPECT_EQ(reopen.exit_code, 1);
  EXPECT_NE(reopen.out.find("needs a reason"), std::string::npos) << reopen.out;

  CliRun commented = Mrtrack("comment " + action + " 'agenda shared'");
  ASSERT_EQ(commented.exit_code, 0) << commented.out;
  CliRun history = Mrtrack("--json history " + action);
  ASSERT_EQ(history.exit_code, 0) << history.out;
  auto items = nlohmann::json::parse(history.out)["items"];
  ASSERT_GE(items.size(), 3u);
  EXPECT_EQ(items[items.size() - 2]["type"], "KeyActionStatusChanged");
  EXPECT_EQ(items[items.size() - 2]["actor"], "tester");
  EXPECT_EQ(items.back()["type"], "KeyActionCommentAdded");

  CliRun shown = Mrtrack("show " + action);
  EXPECT_NE(shown.out.find("Completed"), std::string::npos) << shown.out;
  CliRun before = Mrtrack("--json as-of 51 show " + action);
  ASSERT_EQ(before.exit_code, 0) << before.out;
  EXPECT_EQ(nlohmann::json::parse(before.out)["status"], "Initiated");

  CliRun verified = Mrtrack("verify");
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_EQ(verified.out.rfind("ok: 53 events", 0), 0u) << verified.out;
}

// A running daemon holds the data directory's store; the CLI says so and
// points to --url instead of failing with RocksDB's words alone.
TEST_F(CliOfflineTest, ADataDirectoryInUseSaysToAskTheDaemon) {
  ASSERT_EQ(Mrtrack("import " + Seed()).exit_code, 0);
  mrtrack::SystemClock clock;
  auto held = mrtrack::events::EventStore::Open((dir_ / "events").string(), clock);
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  CliRun r = Mrtrack("list");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("in use"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ask it instead: --url"), std::string::npos) << r.out;
}

TEST_F(CliOfflineTest, MalformedDocumentNamesTheLineAndWritesNothing) {
  auto bad = dir_.string() + "-bad.txt";
  FILE* f = std::fopen(bad.c_str(), "w");
  std::fputs("Management Response\n: X\n: 2022 , X (CO)\n: Title\n: X\nRecommendation: r\nManagement Response: m\n"
             "Key Actions\nResponsible Deadline Status Comments\nDo it Government institutions 2025/13 Initiated\n", f);
  std::fclose(f);
  CliRun r = Mrtrack("import " + bad);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("line 10"), std::string::npos) << r.out;
  CliRun verified = Mrtrack("--json verify");
  EXPECT_EQ(nlohmann::json::parse(verified.out)["events_checked"], 0) << verified.out;
  std::filesystem::remove(bad);
}

TEST_F(CliOfflineTest, AHundredThousandDeepJsonImportIsAClearError) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string doc = R"({"evaluation": {"title": "T", "office": "O"},
    "recommendations": [{"text": "R", "key_actions": [{"description": "D", "responsible": {"units": [)" +
                          deep + "]}}]}]}";
  auto file = dir_.string() + "-deep.json";
  FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(doc.c_str(), f);
  std::fclose(f);
  CliRun r = Mrtrack("import " + file);
  std::filesystem::remove(file);
  EXPECT_EQ(r.exit_code, 1) << r.out.substr(0, 1000);  // An error, not a crash (-1).
  EXPECT_NE(r.out.find("JSON nested deeper than 64 levels"), std::string::npos) << r.out.substr(0, 1000);
  EXPECT_NE(r.out.find("/recommendations/0/key_actions/0/responsible/units/0/0/0"), std::string::npos)
      << r.out.substr(0, 1000);
  EXPECT_LT(r.out.size(), 1000u);
  CliRun verified = Mrtrack("--json verify");
  EXPECT_EQ(nlohmann::json::parse(verified.out)["events_checked"], 0) << verified.out;
}

// The example config reminds 30, 7 and 1 days before each deadline at 09:00
// Asia/Almaty (UTC+5); four seed actions are due 2025-03-31.
TEST_F(CliOfflineTest, RemindersPreviewShowsWhatWouldBeSentAndRecordsNothing) {
  ASSERT_EQ(Mrtrack("import " + Seed()).exit_code, 0);
  CliRun day = Mrtrack("--json reminders preview --at 2025-03-24");
  ASSERT_EQ(day.exit_code, 0) << day.out;
  auto preview = nlohmann::json::parse(day.out);
  EXPECT_EQ(preview["day"], "2025-03-24");
  EXPECT_EQ(preview["whole_day"], true);
  ASSERT_FALSE(preview["messages"].empty()) << day.out;
  std::set<std::string> channels, week_before;
  for (const auto& m : preview["messages"]) {
    channels.insert(m["channel"].get<std::string>());
    EXPECT_FALSE(m["recipient"].get<std::string>().empty()) << m.dump();
    EXPECT_EQ(m["due_at"].get<std::string>().substr(0, 16), "2025-03-24T04:00") << m.dump();
    if (m["text"].get<std::string>().find("due in 7 days") != std::string::npos) {
      for (const auto& id : m["reminder_ids"]) week_before.insert(id.get<std::string>());
    }
  }
  EXPECT_TRUE(channels.count("email")) << day.out;
  EXPECT_TRUE(channels.count("webhook:kaz-team")) << day.out;
  EXPECT_FALSE(week_before.empty()) << day.out;

  // The same as text, for people.
  CliRun text = Mrtrack("reminders preview --at 2025-03-24 --unit kaz-co");
  ASSERT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("scheduled on 2025-03-24 (Asia/Almaty); nothing is sent"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("to kaz-co via email (kazakhstan.co@example.org)"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("to government"), std::string::npos) << text.out;

  // An instant: before 09:00 local the week-before reminders are not due yet.
  auto ids_at = [&](const std::string& at) {
    CliRun r = Mrtrack("--json reminders preview --at " + at);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    std::set<std::string> ids;
    const auto preview_at = nlohmann::json::parse(r.out);  // A local: the loop must not outlive it.
    for (const auto& m : preview_at["messages"]) {
      for (const auto& id : m["reminder_ids"]) ids.insert(id.get<std::string>());
    }
    return ids;
  };
  std::set<std::string> early = ids_at("2025-03-24T03:59:00Z"), late = ids_at("2025-03-24T04:01:00Z");
  for (const auto& id : week_before) {
    EXPECT_FALSE(early.count(id)) << id;
    EXPECT_TRUE(late.count(id)) << id;
  }

  // No notifier ran on this data directory: no reminder of any action yet.
  const auto first_page = nlohmann::json::parse(Mrtrack("--json list --limit 1").out);
  const std::string first_action = first_page["items"][0]["action_id"];
  CliRun none = Mrtrack("--json reminders list " + first_action);
  ASSERT_EQ(none.exit_code, 0) << none.out;
  EXPECT_TRUE(nlohmann::json::parse(none.out)["items"].empty()) << none.out;
  CliRun unknown = Mrtrack("reminders list no-such-action");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.out.find("no key action 'no-such-action'"), std::string::npos) << unknown.out;

  // A retry on the data directory: nothing is parked, nothing is written.
  CliRun retry = Mrtrack("--json reminders retry --channel email");
  ASSERT_EQ(retry.exit_code, 0) << retry.out;
  EXPECT_EQ(nlohmann::json::parse(retry.out),
            nlohmann::json({{"requeued", 0}, {"reminder_ids", nlohmann::json::array()},
                            {"delivery", "at the next start of mrtrackd"}, {"channel", "email"}}))
      << retry.out;
  CliRun sms = Mrtrack("reminders retry --channel sms");
  EXPECT_EQ(sms.exit_code, 1);
  EXPECT_NE(sms.out.find("invalid_argument: 'sms' is not a channel: expected email or webhook:<name>"),
            std::string::npos)
      << sms.out;

  // Nothing was recorded: the log still holds the import alone.
  CliRun verified = Mrtrack("--json verify");
  EXPECT_EQ(nlohmann::json::parse(verified.out)["events_checked"], 51) << verified.out;

  CliRun bad = Mrtrack("reminders preview --at 2025-03-32");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("invalid_argument: '2025-03-32' is neither a day"), std::string::npos) << bad.out;
}

TEST_F(CliOfflineTest, RemindersPreviewUsesTemplateOverrides) {
  ASSERT_EQ(Mrtrack("import " + Seed()).exit_code, 0);
  auto templates = dir_.string() + "-templates";
  std::filesystem::create_directories(templates);
  {
    std::ofstream t(templates + "/digest_subject.mustache");
    t << "OVERRIDE {{count}} for {{unit_name}}";
  }
  std::string config = dir_.string() + "-config.toml";
  {
    std::ifstream in(ExampleConfig());
    std::ofstream out(config);
    out << in.rdbuf() << "\n[templates]\ndir = \"" << templates << "\"\n";
  }
  // kaz-programme has three actions due a week later: one digest.
  CliRun r = MrtrackWith(config, "--json reminders preview --at 2025-03-24 --unit kaz-programme");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto messages = nlohmann::json::parse(r.out)["messages"];
  ASSERT_FALSE(messages.empty()) << r.out;
  int overridden = 0;
  for (const auto& m : messages) {
    if (m["kind"] == "digest" && m["channel"] == "email") {
      ++overridden;
      EXPECT_EQ(m["subject"].get<std::string>().rfind("OVERRIDE ", 0), 0u) << m.dump();
      EXPECT_NE(m["subject"].get<std::string>().find("Programme Team, UN Women Kazakhstan"), std::string::npos);
    }
  }
  EXPECT_GE(overridden, 1) << "no e-mail digest to kaz-programme that day: " << r.out;
  std::filesystem::remove_all(templates);
  std::filesystem::remove(config);
}

}  // namespace

namespace {

std::string eval_of(const std::string& action) { return action.substr(0, action.find("-r")); }

TEST_F(CliOfflineTest, WorkflowCommandsAndTheEvidenceBundle) {
  CliRun imported = Mrtrack("--json import " + Seed());
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  const std::string action = nlohmann::json::parse(imported.out)["evaluation_id"].get<std::string>() + "-r1-a1";
  std::filesystem::create_directories(dir_);
  const std::string report = (dir_ / "report.pdf").string();
  { std::ofstream(report) << "%PDF-1.4 the final report"; }

  CliRun attached = Mrtrack("--json attach " + report + " --action " + action);
  ASSERT_EQ(attached.exit_code, 0) << attached.out;
  const std::string sha = nlohmann::json::parse(attached.out)["sha256"];
  EXPECT_EQ(nlohmann::json::parse(attached.out)["media_type"], "application/pdf");

  CliRun requested = Mrtrack("--json request-completion " + action + " --note held --evidence " + sha);
  ASSERT_EQ(requested.exit_code, 0) << requested.out;
  const std::string request = nlohmann::json::parse(requested.out)["request_id"];
  CliRun rejected = Mrtrack("reject " + action + " " + request);
  EXPECT_NE(rejected.exit_code, 0) << "a rejection needs --reason";
  CliRun accepted = Mrtrack("--json accept " + action + " " + request + " --note verified");
  ASSERT_EQ(accepted.exit_code, 0) << accepted.out;
  EXPECT_EQ(nlohmann::json::parse(accepted.out)["action"]["status"], "Completed");

  CliRun extension = Mrtrack("--json request-extension " + eval_of(action) + "-r2-a1 2030/06 --reason floods");
  ASSERT_EQ(extension.exit_code, 0) << extension.out;
  CliRun refused = Mrtrack("reject " + eval_of(action) + "-r2-a1 " +
                           nlohmann::json::parse(extension.out)["request_id"].get<std::string>() + " --reason no");
  EXPECT_EQ(refused.exit_code, 0) << refused.out;

  const std::string tar = (dir_ / "audit.tar").string();
  CliRun bundled = Mrtrack("export --with-evidence -o " + tar);
  ASSERT_EQ(bundled.exit_code, 0) << bundled.out;
  FILE* p = ::popen(("tar -tf " + tar + " 2>&1").c_str(), "r");
  std::string listing;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) listing.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << listing;
  EXPECT_EQ(listing, "audit.jsonl\nevidence.jsonl\nevidence/" + sha + "\n");

  EXPECT_EQ(Mrtrack("verify").exit_code, 0);
  { std::ofstream((dir_ / "evidence" / sha).string(), std::ios::trunc) << "%PDF-1.4 a forged report"; }
  CliRun damaged = Mrtrack("--json verify");
  EXPECT_EQ(damaged.exit_code, 3) << damaged.out;
  EXPECT_NE(damaged.out.find("report.pdf"), std::string::npos) << damaged.out;
}

TEST_F(CliOfflineTest, CalendarTokensAreIssuedAndRevoked) {
  ASSERT_EQ(Mrtrack("import " + Seed()).exit_code, 0);
  CliRun issued = Mrtrack("--json calendar-token create kaz-co --name 'Outlook of the office'");
  ASSERT_EQ(issued.exit_code, 0) << issued.out;
  const auto token = nlohmann::json::parse(issued.out);
  EXPECT_NE(token["url"].get<std::string>().find("/v1/units/kaz-co/calendar.ics?token=cal_"), std::string::npos);
  EXPECT_EQ(token["name"], "Outlook of the office");
  CliRun shown = Mrtrack("calendar-token create kaz-co --name Thunderbird");
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_NE(shown.out.find("subscribe to: http://"), std::string::npos) << shown.out;
  const std::string id = token["token_id"];
  CliRun revoked = Mrtrack("calendar-token revoke kaz-co " + id);
  ASSERT_EQ(revoked.exit_code, 0) << revoked.out;
  EXPECT_NE(revoked.out.find("revoked calendar token " + id), std::string::npos) << revoked.out;
  EXPECT_EQ(Mrtrack("calendar-token revoke kaz-co " + id).exit_code, 1) << "already revoked";
  EXPECT_EQ(Mrtrack("calendar-token create no-such-unit --name x").exit_code, 1);
}

}  // namespace
