#include "daemon/server/metrics.h"

#include <charconv>
#include <sstream>

#include "common/prometheus.h"

namespace mrtrack::daemon {
namespace {

// The shortest text that reads back as the same double ("0.005", "42").
std::string Number(double v) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

}  // namespace

void Metrics::RecordRequest(const std::string& route, const std::string& method, int status,
                            std::chrono::microseconds duration) {
  double seconds = static_cast<double>(duration.count()) / 1e6;
  MutexLock lock(&mu_);
  ++requests_[{route, method, status}];
  Histogram& h = durations_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::RecordReload(bool ok) {
  MutexLock lock(&mu_);
  ++(ok ? reloads_ok_ : reloads_failed_);
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  MutexLock lock(&mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

void Metrics::AddSection(std::function<std::string()> render) {
  MutexLock lock(&mu_);
  sections_.push_back(std::move(render));
}

std::string Metrics::Render() const {
  MutexLock lock(&mu_);
  std::ostringstream out;
  out << "# HELP mrtrack_http_requests_total HTTP requests answered, by route, method and status.\n"
      << "# TYPE mrtrack_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out << "mrtrack_http_requests_total{route=\"" << PrometheusLabelValue(route) << "\",method=\""
        << PrometheusLabelValue(method) << "\",status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP mrtrack_http_request_duration_seconds Time from request headers to the last byte of the answer.\n"
      << "# TYPE mrtrack_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : durations_) {
    std::string label = "route=\"" + PrometheusLabelValue(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "mrtrack_http_request_duration_seconds_bucket{" << label << ",le=\"" << Number(kBuckets[i]) << "\"} "
          << h.counts[i] << "\n";
    }
    out << "mrtrack_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << h.count << "\n";
    out << "mrtrack_http_request_duration_seconds_sum{" << label << "} " << Number(h.sum) << "\n";
    out << "mrtrack_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
  }
  out << "# HELP mrtrack_config_reloads_total Configuration reloads (SIGHUP), by result.\n"
      << "# TYPE mrtrack_config_reloads_total counter\n"
      << "mrtrack_config_reloads_total{result=\"ok\"} " << reloads_ok_ << "\n"
      << "mrtrack_config_reloads_total{result=\"error\"} " << reloads_failed_ << "\n";
  for (const Gauge& g : gauges_) {
    // A gauge name may carry constant labels ("mrtrack_build_info{version=...}").
    std::string family = g.name.substr(0, g.name.find('{'));
    out << "# HELP " << family << " " << g.help << "\n# TYPE " << family << " gauge\n"
        << g.name << " " << Number(g.read()) << "\n";
  }
  for (const auto& section : sections_) out << section();
  return out.str();
}

}  // namespace mrtrack::daemon
