// A first run shows real messages (README "Quick start"): on the embedded
// default configuration, the notifier's first pass after the sample's
// import puts one digest per unit in <data_dir>/maildir/new — at any time of
// day, which is what the default's rules (no quiet hours) are made for.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "events/import/import.h"
#include "notifier/notifier.h"
#include "mime_reader.h"
#include "notifier_test_util.h"

namespace mrtrack::notifier {
namespace {

using notifier_test::At;

std::string SeedText() {
  std::ifstream in(std::string(MRTRACK_SOURCE_DIR) + "/tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(FirstRunTest, TheSamplesImportGivesEachUnitADigestAtAnyTimeOfDay) {
  auto defaults = config::LoadEmbeddedDefault();
  ASSERT_OK(defaults);
  const std::string seed = SeedText();
  ASSERT_FALSE(seed.empty());
  // Every hour of a day in Almaty (UTC+5), and either side of the 09:00 send time.
  std::vector<Timestamp> instants;
  for (int hour = 0; hour < 24; ++hour) {
    instants.push_back(At("2026-12-01T00:20:00Z") + std::chrono::hours(hour));
  }
  instants.push_back(At("2026-12-01T03:59:59Z"));
  instants.push_back(At("2026-12-01T04:00:00Z"));
  for (const Timestamp at : instants) {
    SCOPED_TRACE(FormatTimestamp(at));
    notifier_test::World w(at);
    auto first_run = std::make_shared<config::Config>(*defaults);
    first_run->storage.data_dir = w.dir.path();
    ASSERT_OK(events::import::ImportDocument(*w.store, *first_run, seed, events::import::ImportFormat::kGate, "import"));
    auto n = Notifier::Open(*w.store, *w.projections, first_run, w.clock);
    ASSERT_OK(n);
    ASSERT_OK((*n)->Tick(at));
    const auto mails = notifier_test::ReadMaildir(w.dir.Sub("maildir"));
    ASSERT_FALSE(mails.empty());
    std::set<std::string> to;
    for (const auto& mail : mails) {
      const auto parsed = notifier_test::ParseMime(mail);
      EXPECT_TRUE(to.insert(parsed.headers.at("to")).second) << "two messages to " << parsed.headers.at("to");
      EXPECT_NE(parsed.parts.at(0).parts.at(0).body.find("overdue"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace mrtrack::notifier
