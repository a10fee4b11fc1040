// Counters and a latency histogram per route, written in Prometheus' text
// format at /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace moim::http {

class Metrics {
 public:
  void record(const std::string& method, const std::string& route, int status, double seconds);
  void connection_opened() { ++open_connections_; }
  void connection_closed() { --open_connections_; }
  // Refused at accept or at the first request: the server or the client's
  // address was at its connection limit.
  void connection_refused() { ++refused_connections_; }
  std::int64_t open_connections() const { return open_connections_.load(); }
  // Server-Sent Event streams (event_stream.hpp). A stream is also counted
  // as a connection; `dropped` says the server closed it because the client
  // did not keep up (its queue overflowed or a write timed out).
  void stream_opened() { ++open_streams_; }
  void stream_closed(bool dropped) {
    --open_streams_;
    if (dropped) ++dropped_streams_;
  }
  std::int64_t open_streams() const { return open_streams_.load(); }
  // Extra gauges (the database pool) are read at scrape time.
  void add_gauge_source(std::function<std::string()> source);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> bucket_counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t>
      requests_;                                             // guarded by mutex_
  std::map<std::string, Histogram> latency_;                 // guarded by mutex_
  std::vector<std::function<std::string()>> gauge_sources_;  // guarded by mutex_
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> refused_connections_{0};
  std::atomic<std::int64_t> open_streams_{0};
  std::atomic<std::uint64_t> dropped_streams_{0};
};

}  // namespace moim::http
