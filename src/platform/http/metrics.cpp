#include "platform/http/metrics.hpp"

#include <sstream>

namespace moim::http {

void Metrics::record(const std::string& method, const std::string& route, int status,
                     double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& histogram = latency_[route];
  for (std::size_t bucket_idx = 0; bucket_idx < kBuckets.size(); ++bucket_idx) {
    if (seconds <= kBuckets[bucket_idx]) ++histogram.bucket_counts[bucket_idx];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::add_gauge_source(std::function<std::string()> source) {
  std::lock_guard lock(mutex_);
  gauge_sources_.push_back(std::move(source));
}

namespace {
std::string label(const std::string& value) {
  std::string out;
  for (char ch : value) {
    if (ch == '\\' || ch == '"') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out;
}
}  // namespace

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP moim_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE moim_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "moim_http_requests_total{method=\"" << method << "\",route=\"" << label(route)
        << "\",status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP moim_http_request_duration_seconds Time to answer a request.\n"
      << "# TYPE moim_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    for (std::size_t bucket_idx = 0; bucket_idx < kBuckets.size(); ++bucket_idx) {
      out << "moim_http_request_duration_seconds_bucket{route=\"" << label(route) << "\",le=\""
          << kBuckets[bucket_idx] << "\"} " << histogram.bucket_counts[bucket_idx] << "\n";
    }
    out << "moim_http_request_duration_seconds_bucket{route=\"" << label(route)
        << "\",le=\"+Inf\"} " << histogram.count << "\n";
    out << "moim_http_request_duration_seconds_sum{route=\"" << label(route) << "\"} "
        << histogram.sum << "\n";
    out << "moim_http_request_duration_seconds_count{route=\"" << label(route) << "\"} "
        << histogram.count << "\n";
  }
  out << "# HELP moim_http_open_connections Client connections open now.\n"
      << "# TYPE moim_http_open_connections gauge\n"
      << "moim_http_open_connections " << open_connections_.load() << "\n"
      << "# HELP moim_http_refused_connections_total Connections refused at a connection limit.\n"
      << "# TYPE moim_http_refused_connections_total counter\n"
      << "moim_http_refused_connections_total " << refused_connections_.load() << "\n"
      << "# HELP moim_http_open_streams Server-Sent Event streams open now.\n"
      << "# TYPE moim_http_open_streams gauge\n"
      << "moim_http_open_streams " << open_streams_.load() << "\n"
      << "# HELP moim_http_dropped_streams_total Streams closed because the client fell behind.\n"
      << "# TYPE moim_http_dropped_streams_total counter\n"
      << "moim_http_dropped_streams_total " << dropped_streams_.load() << "\n";
  for (const auto& source : gauge_sources_) out << source();
  return out.str();
}

}  // namespace moim::http
