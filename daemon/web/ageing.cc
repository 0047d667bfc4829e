// The ageing of open actions: how many are not overdue, and how many are
// overdue by 1–90 days, 91–180, 181–365 and more (the buckets of the API's
// summaries, projections/summary.h), with the geometry of the bar chart
// templates/_ageing_chart.mustache draws as inline SVG. The chart is drawn on
// the server so that it needs no script; the template shows the same numbers
// as a table for those who do not see it.
#include <algorithm>
#include <array>

#include "daemon/web/i18n.h"
#include "daemon/web/web_app.h"
#include "projections/summary.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

// The chart's geometry, in SVG user units (it scales to its box).
constexpr int kBarMax = 160, kBarWidth = 70, kGap = 20, kTop = 20;

}  // namespace

json AgeingModel(const json& actions, Language language) {
  constexpr std::size_t kBuckets = projections::kAgeingBuckets;
  std::array<int, kBuckets> counts{};
  for (const auto& a : actions) {
    const std::string status = a.value("status", "");
    if (status == "Completed" || status == "No Longer Applicable") continue;
    long days = a.value("overdue", false) ? a.value("days_overdue", 0L) : 0L;
    counts[projections::AgeingBucket(days)]++;
  }
  int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
  json bars = json::array();
  int total = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    int height = counts[i] * kBarMax / most;
    int x = kGap + static_cast<int>(i) * (kBarWidth + kGap);
    bars.push_back({{"label", Tr(language, std::string("ageing.") + projections::kAgeingBucketNames[i])},
                    {"count", counts[i]},
                    {"x", x},
                    {"y", kTop + kBarMax - height},
                    {"height", height},
                    {"width", kBarWidth},
                    {"text_x", x + kBarWidth / 2},
                    {"count_y", kTop + kBarMax - height - 4},
                    {"label_y", kTop + kBarMax + 18},
                    {"late", i > 0}});
    total += counts[i];
  }
  return {{"bars", std::move(bars)},
          {"open", total},
          {"width", kGap + static_cast<int>(kBuckets) * (kBarWidth + kGap)},
          {"height", kTop + kBarMax + 30},
          {"baseline", kTop + kBarMax}};
}

}  // namespace mrtrack::daemon::web
