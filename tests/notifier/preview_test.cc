// Preview: what would be sent on a day, rendered, without writing anything;
// template overrides from templates_dir.
#include "notifier/preview.h"

#include <gtest/gtest.h>

#include <fstream>

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
  EXPECT_EQ(m["subject"], "[UN Women Kazakhstan] 2 key actions need attention: Kazakhstan CO, 2025-03-24");
  EXPECT_EQ(m["due_at"], "2025-03-24T08:00:00.000000Z");
  const std::string text = m["text"];
  EXPECT_NE(text.find("* 1.2 Train the partners\n  due tomorrow, deadline 2025-03-25"), std::string::npos) << text;
  EXPECT_NE(text.find("* 1.1 Develop a strategy\n  due in 7 days, deadline 2025-03-31"), std::string::npos) << text;
  EXPECT_EQ(m["reminder_ids"].size(), 2u);
  // Nothing was written.
  EXPECT_TRUE(w_.ReminderEvents().empty());
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
    EXPECT_EQ(m["subject"].get<std::string>().rfind("[UN Women Kazakhstan] (late) key action 1.", 0), 0u)
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
