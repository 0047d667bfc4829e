// Preview: what would be sent on a day, rendered, without writing anything;
// template overrides from templates_dir.
#include "notifier/preview.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;

class PreviewTest : public ::testing::Test {
 protected:
  PreviewTest() : w_(At("2025-03-01T08:00:00Z")) {
    notifier_test::AddEvaluation(*w_.store, "ev-1", "Evaluation of the umbrella programme");
    a1_ = notifier_test::AddAction(*w_.store, "ev-1", 1, "Develop a strategy", {"kaz-co"}, "2025-03-31");
    a2_ = notifier_test::AddAction(*w_.store, "ev-1", 2, "Train the partners", {"kaz-co"}, "2025-03-25");
    notifier_test::AddAction(*w_.store, "ev-1", 3, "Already done", {"kaz-co"}, "2025-03-25", "Completed");
    EXPECT_OK(w_.projections->CatchUp());
  }
  notifier_test::World w_;
  std::string a1_, a2_;
};

TEST_F(PreviewTest, ADayShowsTheDigestEachUnitWouldGet) {
  auto config = notifier_test::MakeConfig(notifier_test::BaseToml(w_.dir.path()));
  PreviewRequest request;
  request.at = At("2025-03-24T00:00:00Z");
  auto json = PreviewRemindersJson(*w_.projections, *config, request);
  ASSERT_OK(json);
  EXPECT_EQ((*json)["time_zone"], "Europe/Berlin");
  const auto& messages = (*json)["messages"];
  ASSERT_EQ(messages.size(), 1u) << json->dump(2);
  const auto& m = messages[0];
  EXPECT_EQ(m["kind"], "digest");
  EXPECT_EQ(m["unit"], "kaz-co");
  EXPECT_EQ(m["channel"], "email");
  EXPECT_EQ(m["recipient"], "co@example.org");
  EXPECT_EQ(m["subject"],
            "[UN Women Kazakhstan] Kazakhstan CO: 2 key actions due soon in Evaluation of the umbrella programme");
  EXPECT_EQ(m["due_at"], "2025-03-24T08:00:00.000000Z");
  const std::string text = m["text"];
  EXPECT_NE(text.find("* Key action 1.2: due tomorrow\n  Train the partners\n  Deadline 25 March 2025"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("* Key action 1.1: due in 7 days\n  Develop a strategy\n  Deadline 31 March 2025"),
            std::string::npos)
      << text;
  EXPECT_EQ(m["reminder_ids"].size(), 2u);
  EXPECT_EQ(text.find("signin="), std::string::npos) << "a preview never carries a sign-in link: " << text;
  // The evaluation once, one blank line between items, whatever optional lines they lack.
  EXPECT_NE(text.find("\n\nEvaluation of the umbrella programme\n\n* Key action 1.2"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << text;
  // Nothing was written.
  EXPECT_TRUE(w_.ReminderEvents().empty());
}

TEST_F(PreviewTest, ASingleReminderReadsWithoutStrayBlankLines) {
  auto config = notifier_test::MakeConfig(notifier_test::BaseToml(w_.dir.path()) + "[reminders]\ndigest = false\n");
  PreviewRequest request;
  request.at = At("2025-03-24T00:00:00Z");
  auto json = PreviewRemindersJson(*w_.projections, *config, request);
  ASSERT_OK(json);
  ASSERT_EQ((*json)["messages"].size(), 2u) << json->dump(2);
  for (const auto& m : (*json)["messages"]) {
    const std::string text = m["text"];
    EXPECT_EQ(text.rfind("Dear Kazakhstan CO,\n\nKey action 1.", 0), 0u) << text;
    EXPECT_NE(text.find("\nStatus:          Not Initiated\n\nPlease open the action and record the progress made"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << text;
  }
}

TEST_F(PreviewTest, UpdateRequestsShowWithTheRestOfADay) {
  // No deadline reminders: 30 days after their import the open actions are asked for an update.
  auto config = notifier_test::MakeConfig(
      notifier_test::BaseToml(w_.dir.path()) +
      "[reminders]\ndigest = false\nbefore = []\non_deadline = false\noverdue_every = \"0d\"\nescalate_after = \"0d\"\n"
      "[workflow]\nupdate_request_every = \"30d\"\n");
  PreviewRequest request;
  request.at = At("2025-03-31T00:00:00Z");
  auto json = PreviewRemindersJson(*w_.projections, *config, request);
  ASSERT_OK(json);
  ASSERT_EQ((*json)["messages"].size(), 2u) << json->dump(2);
  std::set<std::string> subjects;
  for (const auto& m : (*json)["messages"]) {
    subjects.insert(m["subject"].get<std::string>());
    const std::string text = m["text"];
    EXPECT_NE(text.find("has had no update for 30 days. Its deadline "), std::string::npos) << text;
    EXPECT_NE(text.find("Please open the action and record where it stands"), std::string::npos) << text;
  }
  EXPECT_EQ(subjects, (std::set<std::string>{
                          "[UN Women Kazakhstan] key action 1.1 has had no update for 30 days: Develop a strategy",
                          "[UN Women Kazakhstan] key action 1.2 has had no update for 30 days: Train the partners"}));
}

TEST_F(PreviewTest, EscalatedAndLateLinesAppearOnlyWhereTheyApply) {
  // Escalation: 30 days after a deadline the escalation unit gets the overdue action.
  auto config = notifier_test::MakeConfig(notifier_test::BaseToml(w_.dir.path()));
  std::string escalated;
  for (int day = 20; day <= 30 && escalated.empty(); ++day) {
    auto request = PreviewForDay(date::year{2025} / 4 / day, "Europe/Berlin");
    ASSERT_OK(request);
    auto json = PreviewRemindersJson(*w_.projections, *config, *request);
    ASSERT_OK(json);
    for (const auto& m : (*json)["messages"]) {
      if (m["unit"] == "ecaro") escalated = m["text"];
    }
  }
  ASSERT_FALSE(escalated.empty()) << "no escalation to ecaro in April";
  EXPECT_NE(escalated.find("Kazakhstan CO"), std::string::npos) << escalated;
  EXPECT_NE(escalated.find("escalated"), std::string::npos) << escalated;
  EXPECT_EQ(escalated.find("\n\n\n"), std::string::npos) << escalated;

  // Late: a pass two hours after the 09:00 reminders went due.
  auto single = notifier_test::MakeConfig(notifier_test::BaseToml(w_.dir.path()) + "[reminders]\ndigest = false\n");
  PreviewRequest late;
  late.at = At("2025-03-24T10:00:00Z");
  late.whole_day = false;
  auto json = PreviewRemindersJson(*w_.projections, *single, late);
  ASSERT_OK(json);
  ASSERT_FALSE((*json)["messages"].empty());
  for (const auto& m : (*json)["messages"]) {
    const std::string text = m["text"];
    EXPECT_NE(text.find("\n\nThis reminder was due on 24 March 2025; it comes late because mrtrack was not running "
                        "then.\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << text;
  }
}

TEST_F(PreviewTest, TemplatesCanBeOverriddenAndAreCheckedAtLoad) {
  const std::string dir = w_.dir.Sub("templates");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/digest_subject.mustache") << "{{count}} for {{unit_name}}:{{#items}} {{ref}}{{/items}}";
  auto config = std::make_shared<config::Config>(*notifier_test::MakeConfig(notifier_test::BaseToml(w_.dir.path())));
  config->templates_dir = dir;
  PreviewRequest request;
  request.at = At("2025-03-24T12:00:00Z");
  auto json = PreviewRemindersJson(*w_.projections, *config, request);
  ASSERT_OK(json);
  EXPECT_EQ((*json)["messages"][0]["subject"], "2 for Kazakhstan CO: 1.2 1.1");

  std::ofstream(dir + "/chat_text.mustache") << "{{#items}}unclosed";
  auto broken = Templates::Load(dir);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("template chat_text (" + dir + "/chat_text.mustache) does not parse"),
            std::string::npos)
      << broken.status().message();
}

TEST_F(PreviewTest, TheInstantModeShowsWhatAPassWouldSendThen) {
  auto config = notifier_test::MakeConfig(notifier_test::BaseToml(w_.dir.path()) + "[reminders]\ndigest = false\n");
  PreviewRequest request;
  request.at = At("2025-03-24T09:00:00Z");  // An hour after the 09:00 (CET) reminders.
  request.whole_day = false;
  auto json = PreviewRemindersJson(*w_.projections, *config, request);
  ASSERT_OK(json);
  const auto& messages = (*json)["messages"];
  ASSERT_EQ(messages.size(), 2u) << json->dump(2);
  for (const auto& m : messages) {
    EXPECT_EQ(m["kind"], "reminder");
    EXPECT_EQ(m["subject"].get<std::string>().rfind("[UN Women Kazakhstan] key action 1.", 0), 0u)
        << m["subject"];
  }
}

TEST_F(PreviewTest, ADayMeansTheOrganisationsLocalDay) {
  // West of UTC, midnight UTC is still the day before: PreviewForDay takes
  // the local day.
  auto request = PreviewForDay(date::year(2025) / 3 / 24, "America/New_York");
  ASSERT_OK(request);
  EXPECT_EQ(request->at, At("2025-03-24T04:00:00Z"));  // EDT since 2025-03-09
  EXPECT_TRUE(request->whole_day);
  auto config = notifier_test::MakeConfig(
      notifier_test::BaseToml(w_.dir.path(), "[]", "America/New_York"));
  auto json = PreviewRemindersJson(*w_.projections, *config, *request);
  ASSERT_OK(json);
  EXPECT_EQ((*json)["day"], "2025-03-24");
  ASSERT_EQ((*json)["messages"].size(), 1u);
  EXPECT_EQ((*json)["messages"][0]["due_at"], "2025-03-24T13:00:00.000000Z");  // 09:00 EDT
  EXPECT_FALSE(PreviewForDay(date::year(2025) / 3 / 24, "Nowhere/Special").ok());
}

}  // namespace
}  // namespace mrtrack::notifier
