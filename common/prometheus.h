// Pieces of the Prometheus text exposition format (0.0.4) shared by the
// daemon's and the notifier's metrics.
#pragma once

#include <string>
#include <string_view>

namespace mrtrack {

// A label value escaped for use between double quotes: \ " and newline.
std::string PrometheusLabelValue(std::string_view value);

}  // namespace mrtrack
