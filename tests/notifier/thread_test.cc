// The notifier's own thread (Notifier::Start) against a real HTTP receiver:
// what other writers append while a pass runs (an import landing mid-pass)
// gets a pass of its own at once, not at the next tick.
#include <gtest/gtest.h>

#include <chrono>

#include "notifier/notifier.h"
#include "notifier/reminder.h"
#include "http_receiver.h"
#include "notifier_test_util.h"
#include "tests/support/wait_for.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;
using notifier_test::HttpReceiver;
using test_support::WaitFor;

TEST(NotifierThreadTest, AnImportLandingDuringAPassGetsAPassOfItsOwn) {
  // 2025-03-24 09:00 in Berlin: the week-before reminders of 31 March are due.
  notifier_test::World w(At("2025-03-24T08:00:00Z"));
  notifier_test::AddEvaluation(*w.store, "ev-1", "Evaluation of the umbrella programme");
  const std::string first = notifier_test::AddAction(*w.store, "ev-1", 1, "Write the strategy", {"kaz-co"}, "2025-03-31");
  const std::string second = events::ActionId("ev-1", 1, 2);
  // The first delivery is in flight when the second action is imported.
  HttpReceiver receiver([&](std::size_t i, const httplib::Request&, httplib::Response&) {
    if (i == 0) notifier_test::AddAction(*w.store, "ev-1", 2, "Train the partners", {"kaz-co"}, "2025-03-31");
  });
  std::string toml = notifier_test::BaseToml(w.dir.path(), "[\"hook\"]");
  toml.replace(toml.find("emails = [\"co@example.org\"]"), 27, "emails = []");
  toml += "[webhooks.hook]\nkind = \"generic\"\nurl = \"" + receiver.Url() + "\"\n";
  NotifierOptions options;
  options.tick_interval = std::chrono::hours(1);  // Only new events can bring the second pass.
  options.min_event_spacing = std::chrono::milliseconds(10);
  auto n = Notifier::Open(*w.store, *w.projections, notifier_test::MakeConfig(toml), w.clock, options);
  ASSERT_OK(n);
  (*n)->Start();
  ASSERT_TRUE(WaitFor([&] { return receiver.Requests().size() >= 2; }, std::chrono::seconds(20)))
      << receiver.Requests().size() << " request(s): the import made mid-pass waited for the next tick";
  ASSERT_TRUE(WaitFor([&] { return (*n)->Metrics().outbox_depth == 0; }, std::chrono::seconds(20)));
  (*n)->Stop();
  const auto reqs = receiver.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_NE(reqs[0].body.find(first), std::string::npos);
  EXPECT_NE(reqs[1].body.find(second), std::string::npos) << reqs[1].body;
  const auto outcomes = notifier_test::ReadReminderOutcomes(*w.store);
  EXPECT_EQ(outcomes.due.size(), 2u);
  EXPECT_EQ(outcomes.delivered, outcomes.due);
}

}  // namespace
}  // namespace mrtrack::notifier
