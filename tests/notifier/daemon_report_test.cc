// The real mrtrackd e-mails a [[reports]] report to aiosmtpd when it is due:
// its text, its HTML and its CSV, read back from the message and checked
// against GET /v1/reports/{period}; `mrtrack report` prints the same text;
// after a restart the period is not sent again (ReportSent is in the log).
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "events/domain/event_types.h"
#include "events/domain/ids.h"
#include "projections/offline.h"
#include "projections/report.h"
#include "tests/cli/cli_run.h"
#include "tests/daemon/daemon_harness.h"
#include "tests/daemon/test_units.h"
#include "http_receiver.h"
#include "mime_reader.h"
#include "notifier_test_util.h"
#include "smtp_server.h"
#include "tests/support/wait_for.h"

namespace mrtrack::notifier {
namespace {

using daemon::testing::DaemonProcess;
using daemon::testing::GetJson;
using daemon::testing::kAdminName;
using daemon::testing::kAdminToken;
using test_support::WaitFor;

// The part of `m` (depth first) whose Content-Type starts with `type`.
const notifier_test::MimePart* FindPart(const notifier_test::MimePart& m, const std::string& type) {
  auto it = m.headers.find("content-type");
  if (it != m.headers.end() && it->second.rfind(type, 0) == 0) return &m;
  for (const auto& p : m.parts) {
    if (const auto* found = FindPart(p, type)) return found;
  }
  return nullptr;
}

std::vector<std::vector<std::string>> CsvRows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

TEST(DaemonReportTest, AWeeklyReportIsMailedOnceWithItsCsv) {
  notifier_test::TempDir dir;
  const int port = notifier_test::UnusedPort();
  const std::string received = dir.Sub("received");
  notifier_test::SmtpServer smtp(port, received);
  ASSERT_TRUE(smtp.ready()) << "aiosmtpd did not start (is python3-aiosmtpd installed?)";
  const std::string data_dir = dir.Sub("data");
  {
    // Recorded a month ago: last week's report shows them.
    ManualClock month_ago(SystemClock::Instance().Now() - std::chrono::hours(24 * 30));
    auto store = events::EventStore::Open(projections::EventsDirOf(data_dir), month_ago);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    notifier_test::AddEvaluation(**store, "ev-1", "Evaluation of the umbrella programme");
    notifier_test::AddAction(**store, "ev-1", 1, "Overdue", {"kaz-co"}, "2025-01-31");
    notifier_test::AddAction(**store, "ev-1", 2, "Done", {"kaz-co"}, "2025-03-31", "Completed");
    notifier_test::AddAction(**store, "ev-1", 3, "Elsewhere", {"government"}, "2025-06-30");
  }
  // Due today, at this minute: a weekly report on today's weekday. The
  // catch-up window covers a midnight passing while the test runs.
  const auto now = SystemClock::Instance().Now();
  const date::year_month_day today{date::floor<date::days>(now)};
  const unsigned weekday = date::weekday(today).iso_encoding();
  const std::string send_time = date::format("%H:%M", date::floor<std::chrono::minutes>(now));
  const std::string config = dir.Sub("mrtrack.toml");
  daemon::testing::WriteFile(
      config, "[server]\nlisten = \"127.0.0.1:0\"\n[storage]\ndata_dir = \"" + data_dir +
                  "\"\n[organisation]\nname = \"UN Women Kazakhstan\"\ntime_zone = \"UTC\"\n"
                  "[reminders]\nsend_time = \"" + send_time + "\"\ncatch_up_window = \"72h\"\n"
                  "[smtp]\nfrom = \"mrtrack@example.org\"\nurl = \"smtp://127.0.0.1:" + std::to_string(port) +
                  "\"\nstarttls = false\n"
                  "[[units]]\nid = \"kaz-co\"\nname = \"Kazakhstan Country Office\"\n"
                  "[[units]]\nid = \"government\"\nname = \"Government institutions\"\n"
                  "[[reports]]\nname = \"board\"\nrecipients = [\"board@example.org\", \"chair@example.org\"]\n"
                  "every = \"weekly\"\nday = " + std::to_string(weekday) + "\n" +
                  daemon::testing::TokenToml(kAdminName, "admin", kAdminToken));
  const std::string period = projections::WeekPeriod(date::year_month_day{date::sys_days(today) - date::days(7)}).label;
  std::string text_sent;
  {
    DaemonProcess d(config, dir.Sub("mrtrackd.log"));
    ASSERT_TRUE(d.WaitReady()) << d.Log();
    ASSERT_TRUE(WaitFor([&] { return notifier_test::ReadMaildir(received).size() == 1; }, std::chrono::seconds(30)))
        << d.Log();
    const auto mail = notifier_test::ParseMime(notifier_test::ReadMaildir(received).front());
    EXPECT_EQ(mail.headers.at("to"), "board@example.org, chair@example.org");
    EXPECT_NE(mail.headers.at("subject").find("report " + period), std::string::npos) << mail.headers.at("subject");
    EXPECT_EQ(mail.headers.at("message-id"), "<rp-board-" + notifier_test::Lower(period) + "@example.org>");
    const auto* text = FindPart(mail, "text/plain");
    const auto* html = FindPart(mail, "text/html");
    const auto* csv = FindPart(mail, "text/csv");
    ASSERT_TRUE(text && html && csv);
    text_sent = text->body;
    EXPECT_NE(text->body.find("3 key actions: 1 implemented, 0 closed not implemented, 2 open, 2 overdue."),
              std::string::npos)
        << text->body;
    EXPECT_NE(text->body.find("Kazakhstan Country Office"), std::string::npos);
    EXPECT_NE(html->body.find("<td>Government institutions</td>"), std::string::npos) << html->body;
    EXPECT_NE(csv->headers.at("content-disposition").find("mrtrack-report-" + period + ".csv"), std::string::npos);

    // The CSV holds what the API answers for that period.
    auto admin = d.Client(kAdminToken);
    const auto report = GetJson(*admin, "/v1/reports/" + period);
    ASSERT_EQ(report.status, 200) << report.raw;
    const auto rows = CsvRows(csv->body);
    ASSERT_EQ(rows.size(), 4u) << csv->body;
    const auto& header = rows[0];
    auto cell = [&](std::size_t row, const std::string& name) {
      return rows[row].at(static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin()));
    };
    EXPECT_EQ(cell(1, "unit"), "government");
    EXPECT_EQ(cell(1, "name"), "Government institutions");
    EXPECT_EQ(cell(2, "unit"), "kaz-co");
    EXPECT_EQ(cell(3, "unit"), "all");
    EXPECT_EQ(cell(3, "total"), std::to_string(report.body["overall"]["total"].get<int>()));
    EXPECT_EQ(cell(3, "overdue"), std::to_string(report.body["overall"]["overdue"].get<int>()));
    EXPECT_EQ(cell(2, "Completed"), std::to_string(report.body["items"][1]["by_status"]["Completed"].get<int>()));
    EXPECT_EQ(cell(3, "ageing_over_365"), std::to_string(report.body["overall"]["ageing"]["over_365"].get<int>()));

    // `mrtrack report` prints the text the e-mail carries.
    daemon::testing::WriteFile(dir.Sub("admin.token"), kAdminToken);
    auto printed = cli_test::RunCli("--url http://127.0.0.1:" + std::to_string(d.port()) + " --token-file " +
                                    dir.Sub("admin.token") + " report --period " + period, "2>/dev/null");
    ASSERT_EQ(printed.exit_code, 0) << printed.out;
    EXPECT_EQ(printed.out, text_sent);

    // ReportSent follows the delivery.
    int reports_sent = 0;
    EXPECT_TRUE(WaitFor(
        [&] {
          reports_sent = 0;
          const auto log = GetJson(*admin, "/v1/events?from=1&limit=1000");
          for (const auto& e : log.body["events"]) {
            if (e["type"] != events::types::kReportSent) continue;
            ++reports_sent;
            EXPECT_EQ(e["stream"], events::ReportStream("board"));
            EXPECT_EQ(e["data"]["period"], period);
          }
          return reports_sent > 0;
        },
        std::chrono::seconds(10)));
    EXPECT_EQ(reports_sent, 1);
  }
  // Restarted within the same minute's window: the period is not sent again.
  DaemonProcess again(config, dir.Sub("mrtrackd-2.log"));
  ASSERT_TRUE(again.WaitReady()) << again.Log();
  auto admin = again.Client(kAdminToken);
  ASSERT_TRUE(WaitFor(
      [&] {
        auto m = admin->Get("/metrics");
        return m && m->body.find("mrtrack_notifier_ticks_total 0\n") == std::string::npos;
      },
      std::chrono::seconds(30)));
  EXPECT_EQ(notifier_test::ReadMaildir(received).size(), 1u);
}

}  // namespace
}  // namespace mrtrack::notifier
