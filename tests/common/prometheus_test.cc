#include "common/prometheus.h"

#include <gtest/gtest.h>

namespace mrtrack {
namespace {

TEST(PrometheusLabelValueTest, EscapesBackslashQuoteAndNewlineOnly) {
  EXPECT_EQ(PrometheusLabelValue("webhook:kaz-team"), "webhook:kaz-team");
  EXPECT_EQ(PrometheusLabelValue("a\"b"), "a\\\"b");
  EXPECT_EQ(PrometheusLabelValue("a\\b"), "a\\\\b");
  EXPECT_EQ(PrometheusLabelValue("line\nnext"), "line\\nnext");
  EXPECT_EQ(PrometheusLabelValue("Almaty é"), "Almaty é");
  EXPECT_EQ(PrometheusLabelValue(""), "");
}

}  // namespace
}  // namespace mrtrack
