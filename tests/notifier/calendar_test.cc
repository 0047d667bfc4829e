// The calendar attachments of one action's reminders over its life, read by
// an independent parser (python3-icalendar, check_calendar.py): the same UID
// throughout, SEQUENCE incremented when the deadline moves, METHOD:CANCEL
// when the action is completed.
#include <gtest/gtest.h>

#include <cstdlib>

#include "events/domain/commands.h"
#include "notifier/notifier.h"
#include "mime_reader.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;

// The decoded text/calendar part of an e-mail.
std::string CalendarOf(const std::string& mail) {
  const auto m = notifier_test::ParseMime(mail);
  for (const auto& part : m.parts) {
    if (part.headers.at("content-type").rfind("text/calendar", 0) == 0) return part.body;
  }
  ADD_FAILURE() << "no calendar in\n" << mail;
  return {};
}

TEST(CalendarTest, OneUidForTheActionsLifeSequenceOnAMoveAndCancelOnCompletion) {
  notifier_test::World w(At("2025-03-20T12:00:00Z"));
  notifier_test::AddEvaluation(*w.store, "ev-1", "Evaluation of the umbrella programme");
  const std::string action = notifier_test::AddAction(*w.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-03-31");
  auto config = notifier_test::MakeConfig(notifier_test::BaseToml(w.dir.path()) + "[reminders]\nbefore = [\"7d\"]\n");
  auto n = Notifier::Open(*w.store, *w.projections, config, w.clock);
  ASSERT_OK(n);
  w.clock.Set(At("2025-03-24T08:00:00Z"));
  ASSERT_OK((*n)->Tick());  // before-7d of 2025-03-31.
  events::CommandContext ctx(*w.store, "focal-point");
  ASSERT_OK(events::ChangeDeadline(ctx, action, *events::ParseDeadline("2025-04-30"), "partner asked for time"));
  w.clock.Set(At("2025-04-23T07:00:00Z"));
  ASSERT_OK((*n)->Tick());  // before-7d of 2025-04-30 (09:00 CEST).
  ASSERT_OK(events::ChangeStatus(ctx, action, events::ActionStatus::kCompleted, "strategy adopted"));
  w.clock.Set(At("2025-04-24T07:00:00Z"));
  ASSERT_OK((*n)->Tick());  // The cancellation.
  ASSERT_OK((*n)->Tick());  // Nothing more.
  const auto mails = notifier_test::ReadMaildir(w.dir.Sub("maildir"));
  ASSERT_EQ(mails.size(), 3u);
  std::vector<std::string> files;
  for (std::size_t i = 0; i < mails.size(); ++i) {
    files.push_back(w.dir.Sub("cal-" + std::to_string(i) + ".ics"));
    std::ofstream(files.back(), std::ios::binary) << CalendarOf(mails[i]);
  }
  EXPECT_NE(mails[2].find("method=CANCEL"), std::string::npos);
  const std::string command = "/usr/bin/python3 " + std::string(MRTRACK_SOURCE_DIR) +
                              "/tests/notifier/check_calendar.py " + files[0] + " " + files[1] + " " + files[2] +
                              " 20250430 > " + w.dir.Sub("check.log") + " 2>&1";
  const int rc = std::system(command.c_str());
  std::ifstream log(w.dir.Sub("check.log"));
  std::stringstream out;
  out << log.rdbuf();
  EXPECT_EQ(rc, 0) << out.str() << "(is python3-icalendar installed?)";
}

}  // namespace
}  // namespace mrtrack::notifier
