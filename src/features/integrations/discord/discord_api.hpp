// A small client for Discord's REST API (v10) over libcurl: one request at a
// time per call, JSON in and out, and what Discord says about rate limits.
//
// Rate limits (https://discord.com/developers/docs/topics/rate-limits):
// every answer says how many requests its bucket has left
// (X-RateLimit-Remaining) until X-RateLimit-Reset-After seconds pass. The
// client keys buckets on the route (bucket_route(), below), not on
// X-RateLimit-Bucket: routes Discord groups in one bucket are counted apart,
// and a 429 that grouping would have predicted is waited out by its
// retry_after. When a route's bucket is empty the client waits before the next
// request on it (at most max_bucket_wait_ms; longer waits come back as a
// 429-like answer so the outbox retries the row later instead of holding a
// worker thread). A 429 carries retry_after (seconds, fractional) in its
// body; `global: true` means every route is blocked.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace moim::discord {

struct ApiOptions {
  std::string base_url = "https://discord.com/api/v10";  // no trailing slash
  int timeout_ms = 10'000;
  int max_bucket_wait_ms = 2'000;
};

struct ApiAnswer {
  long status = 0;              // HTTP status; 0 when the request never completed
  std::string transport_error;  // set when status is 0 (timeout, refused, ...)
  boost::json::value body;      // parsed JSON, or null
  int code = 0;                 // Discord's JSON error code (10007, 50013, ...), 0 when none
  std::string message;          // Discord's error message
  std::optional<double> retry_after_seconds;  // 429 body, else Retry-After
  bool global = false;                        // a global rate limit

  bool ok() const { return status >= 200 && status < 300; }
  // "HTTP 403 (50013 Missing Permissions)" or the transport error.
  std::string describe() const;
};

enum class Auth { kBot, kBearer, kNone };

class DiscordApi {
 public:
  explicit DiscordApi(ApiOptions options);

  // method: GET, POST, PUT, DELETE. path starts with '/'. body: null for none.
  ApiAnswer call(const std::string& method, const std::string& path, const boost::json::value& body,
                 Auth auth, const std::string& token);
  // A full URL (webhook-only mode posts to the community's webhook URL).
  ApiAnswer call_url(const std::string& method, const std::string& url,
                     const boost::json::value& body);
  // application/x-www-form-urlencoded POST (the OAuth2 token exchange).
  ApiAnswer post_form(const std::string& path, const std::string& form);

  const ApiOptions& options() const { return options_; }

 private:
  ApiAnswer perform(const std::string& method, const std::string& url,
                    const std::string& bucket_route, const std::string& content_type,
                    const std::string& payload, const std::string& authorization);
  // Before a request: wait while the route's bucket is known to be empty.
  std::optional<double> wait_for_bucket(const std::string& route);

  ApiOptions options_;
  struct Bucket {
    int remaining = 1;
    std::chrono::steady_clock::time_point reset;
  };
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;                 // by route; guarded by mutex_
  std::chrono::steady_clock::time_point global_until_{};  // guarded by mutex_
};

// The route's bucket key: Discord keys buckets on the route with its major
// parameter (guild or channel id) kept and the other ids replaced.
std::string bucket_route(const std::string& method, const std::string& path);

}  // namespace moim::discord
