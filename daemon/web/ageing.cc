// The ageing of open actions: how many are not overdue, and how many are
// overdue by 1–30 days, 31–90, 91–180, 181–365 and more, with the geometry
// of the bar chart templates/_ageing_chart.mustache draws as inline SVG.
// The chart is drawn on the server so that it needs no script; the template
// shows the same numbers as a table for those who do not see it.
#include <algorithm>
#include <array>

#include "daemon/web/web_app.h"

namespace mrtrack::daemon::web {
namespace {

using nlohmann::json;

struct Bucket {
  const char* label;
  int up_to_days;  // Days overdue, inclusive; the last bucket has no limit.
};
constexpr std::array<Bucket, 6> kAgeing = {{{"Not overdue", 0},
                                            {"1–30 days", 30},
                                            {"31–90 days", 90},
                                            {"91–180 days", 180},
                                            {"181–365 days", 365},
                                            {"Over a year", -1}}};

// The chart's geometry, in SVG user units (it scales to its box).
constexpr int kBarMax = 160, kBarWidth = 70, kGap = 20, kTop = 20;

}  // namespace

json AgeingModel(const json& actions) {
  std::array<int, kAgeing.size()> counts{};
  for (const auto& a : actions) {
    const std::string status = a.value("status", "");
    if (status == "Completed" || status == "No Longer Applicable") continue;
    int days = a.value("overdue", false) ? a.value("days_overdue", 0) : 0;
    std::size_t i = 0;
    while (i + 1 < kAgeing.size() && days > kAgeing[i].up_to_days) ++i;
    counts[i]++;
  }
  int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
  json bars = json::array();
  int total = 0;
  for (std::size_t i = 0; i < kAgeing.size(); ++i) {
    int height = counts[i] * kBarMax / most;
    int x = kGap + static_cast<int>(i) * (kBarWidth + kGap);
    bars.push_back({{"label", kAgeing[i].label},
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
          {"width", kGap + static_cast<int>(kAgeing.size()) * (kBarWidth + kGap)},
          {"height", kTop + kBarMax + 30},
          {"baseline", kTop + kBarMax}};
}

}  // namespace mrtrack::daemon::web
