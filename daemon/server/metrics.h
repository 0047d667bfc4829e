// Prometheus metrics of the daemon (docs/API.md "Operations"): request counts
// by route/method/status, request durations by route, and gauges read at
// scrape time (store head, projection position and lag).
//
// Thread safety: all methods are safe to call concurrently.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "common/mutex.h"

namespace mrtrack::daemon {

class Metrics {
 public:
  void RecordRequest(const std::string& route, const std::string& method, int status,
                     std::chrono::microseconds duration);
  void RecordReload(bool ok);

  // A gauge whose value is read when /metrics is scraped.
  void AddGauge(std::string name, std::string help, std::function<double()> read);

  // Text in the exposition format appended at scrape time (another
  // component's own metrics, e.g. the notifier's).
  void AddSection(std::function<std::string()> render);

  // The Prometheus text exposition format, version 0.0.4.
  std::string Render() const;

  static constexpr std::array<double, 11> kBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };

  mutable Mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_ MRTRACK_GUARDED_BY(mu_);
  std::map<std::string, Histogram> durations_ MRTRACK_GUARDED_BY(mu_);
  std::uint64_t reloads_ok_ MRTRACK_GUARDED_BY(mu_) = 0;
  std::uint64_t reloads_failed_ MRTRACK_GUARDED_BY(mu_) = 0;
  std::vector<Gauge> gauges_ MRTRACK_GUARDED_BY(mu_);
  std::vector<std::function<std::string()>> sections_ MRTRACK_GUARDED_BY(mu_);
};

}  // namespace mrtrack::daemon
