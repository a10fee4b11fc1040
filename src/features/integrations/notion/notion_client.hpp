// A small client for Notion's public API (version 2025-09-03, the one with
// data sources: a database holds one or more, and pages, queries and
// columns belong to a data source): one request
// at a time per call, JSON in and out, and a pacer that keeps every token
// at or under Notion's documented average of three requests per second, so
// a cohort's worth of pages does not run into 429s. Thread-safe: the
// outbox worker, plans and "test connection" share one client.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace moim::automation::notion {

inline constexpr const char* kNotionVersion = "2025-09-03";

// Spaces requests per key (a token digest) at least `spacing` apart: the
// caller reserves a slot and sleeps until it comes.
class RequestPacer {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  explicit RequestPacer(std::chrono::milliseconds spacing) : spacing_(spacing) {}
  // How long the caller must wait before sending, given the time now.
  std::chrono::milliseconds reserve(const std::string& key, TimePoint now);

 private:
  const std::chrono::milliseconds spacing_;
  std::mutex mutex_;
  std::map<std::string, TimePoint> next_free_;  // guarded by mutex_
};

struct NotionResponse {
  long status = 0;              // HTTP status; 0 when no answer came
  boost::json::value body;      // parsed JSON (null when none or not JSON)
  std::string transport_error;  // connection refused, timeout, ...
  std::optional<std::int64_t> retry_after_seconds;

  bool ok() const { return transport_error.empty() && status >= 200 && status < 300; }
  // Transient: worth trying again later (timeouts, 429, 409 conflicts, 5xx).
  bool transient() const {
    return !transport_error.empty() || status == 429 || status == 409 || status >= 500;
  }
  // For people: Notion's own "code: message", or what went wrong on the way.
  std::string problem() const;
};

struct NotionClientOptions {
  std::string api_url = "https://api.notion.com";  // --notion-api-url
  int timeout_ms = 15'000;
  std::chrono::milliseconds spacing{334};       // 3 requests/s per token
  std::string notion_version = kNotionVersion;  // tests send others to see them refused
};

class NotionClient {
 public:
  explicit NotionClient(NotionClientOptions options);
  // method: GET, POST or PATCH; path starts with /v1/.
  NotionResponse send(const std::string& token, const std::string& method, const std::string& path,
                      const boost::json::value* body = nullptr);
  const NotionClientOptions& options() const { return options_; }

 private:
  NotionClientOptions options_;
  RequestPacer pacer_;
};

}  // namespace moim::automation::notion
