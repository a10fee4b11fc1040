#include "features/integrations/discord/discord_api.hpp"

#include <curl/curl.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <thread>

namespace moim::discord {

namespace {

struct Received {
  std::string body;
  std::map<std::string, std::string> headers;  // lower-cased names
};

std::size_t collect_body(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  // Discord's answers are small; refuse anything absurd.
  if (received->body.size() + size * count > 8 * 1024 * 1024) return 0;
  received->body.append(buffer, size * count);
  return size * count;
}

std::size_t collect_header(char* buffer, std::size_t size, std::size_t count, void* user) {
  const std::string_view line(buffer, size * count);
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    static_cast<Received*>(user)->headers[name] = std::string(value);
  }
  return size * count;
}

std::optional<double> number_header(const std::map<std::string, std::string>& headers,
                                    const std::string& name) {
  auto found = headers.find(name);
  if (found == headers.end() || found->second.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(found->second.c_str(), &end);
  if (end == found->second.c_str() || !std::isfinite(value) || value < 0) return std::nullopt;
  return value;
}

void init_curl_once() {
  static std::once_flag initialised;
  std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string ApiAnswer::describe() const {
  if (status == 0) return "discord: " + transport_error;
  std::string text = "HTTP " + std::to_string(status);
  if (code != 0 || !message.empty()) {
    text += " (";
    if (code != 0) text += std::to_string(code) + " ";
    text += message + ")";
  }
  return text;
}

std::string bucket_route(const std::string& method, const std::string& path) {
  static const std::regex kMinor("/(members|roles|invites|messages)/[0-9]+");
  // The query (e.g. ?after= when paging members) is not part of the route.
  return method + " " + std::regex_replace(path.substr(0, path.find('?')), kMinor, "/$1/:id");
}

DiscordApi::DiscordApi(ApiOptions options) : options_(std::move(options)) { init_curl_once(); }

std::optional<double> DiscordApi::wait_for_bucket(const std::string& route) {
  std::chrono::steady_clock::time_point until{};
  {
    std::lock_guard lock(mutex_);
    until = global_until_;
    auto found = buckets_.find(route);
    if (found != buckets_.end() && found->second.remaining <= 0 && found->second.reset > until)
      until = found->second.reset;
  }
  const auto now = std::chrono::steady_clock::now();
  if (until <= now) return std::nullopt;
  const auto wait = until - now;
  if (wait > std::chrono::milliseconds(options_.max_bucket_wait_ms))
    return std::chrono::duration<double>(wait).count();
  std::this_thread::sleep_for(wait);
  return std::nullopt;
}

ApiAnswer DiscordApi::call(const std::string& method, const std::string& path,
                           const boost::json::value& body, Auth auth, const std::string& token) {
  std::string authorization;
  if (auth == Auth::kBot) authorization = "Bot " + token;
  if (auth == Auth::kBearer) authorization = "Bearer " + token;
  return perform(method, options_.base_url + path, bucket_route(method, path), "application/json",
                 body.is_null() ? std::string() : boost::json::serialize(body), authorization);
}

ApiAnswer DiscordApi::call_url(const std::string& method, const std::string& url,
                               const boost::json::value& body) {
  // A webhook's bucket is the webhook itself.
  return perform(method, url, method + " " + url.substr(0, url.find('?')), "application/json",
                 body.is_null() ? std::string() : boost::json::serialize(body), "");
}

ApiAnswer DiscordApi::post_form(const std::string& path, const std::string& form) {
  return perform("POST", options_.base_url + path, "POST " + path,
                 "application/x-www-form-urlencoded", form, "");
}

ApiAnswer DiscordApi::perform(const std::string& method, const std::string& url,
                              const std::string& route, const std::string& content_type,
                              const std::string& payload, const std::string& authorization) {
  ApiAnswer answer;
  if (auto blocked = wait_for_bucket(route)) {
    // Our own bookkeeping says the bucket is empty for longer than we wait.
    answer.status = 429;
    answer.message = "rate limit bucket empty (waiting locally)";
    answer.retry_after_seconds = *blocked;
    return answer;
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    answer.transport_error = "libcurl could not start";
    return answer;
  }
  Received received;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  headers = curl_slist_append(headers, "User-Agent: DiscordBot (https://github.com/moim, 0.1)");
  if (!authorization.empty())
    headers = curl_slist_append(headers, ("Authorization: " + authorization).c_str());
  char error_text[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_easy_cleanup(curl);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    answer.status = 0;
    answer.transport_error = error_text[0] ? error_text : curl_easy_strerror(code);
    return answer;
  }

  if (!received.body.empty()) {
    boost::system::error_code parse_error;
    answer.body = boost::json::parse(received.body, parse_error);
    if (parse_error) answer.body = nullptr;
  }
  if (answer.body.is_object()) {
    const auto& object = answer.body.as_object();
    if (!answer.ok()) {
      if (auto* code_value = object.if_contains("code"); code_value && code_value->is_int64())
        answer.code = static_cast<int>(code_value->as_int64());
      if (auto* text = object.if_contains("message"); text && text->is_string())
        answer.message = std::string(text->as_string());
    }
    if (answer.status == 429) {
      if (auto* after = object.if_contains("retry_after"); after && after->is_number())
        answer.retry_after_seconds = after->to_number<double>();
      if (auto* global = object.if_contains("global"); global && global->is_bool())
        answer.global = global->as_bool();
    }
  }
  if (answer.status == 429 && !answer.retry_after_seconds)
    answer.retry_after_seconds = number_header(received.headers, "retry-after");

  // Remember what the answer said about this route's bucket (and a global block).
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  const auto remaining = number_header(received.headers, "x-ratelimit-remaining");
  const auto reset_after = number_header(received.headers, "x-ratelimit-reset-after");
  if (remaining && reset_after) {
    Bucket& bucket = buckets_[route];
    bucket.remaining = static_cast<int>(*remaining);
    bucket.reset = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                             std::chrono::duration<double>(*reset_after));
  }
  if (answer.status == 429 && answer.retry_after_seconds) {
    const auto until = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(*answer.retry_after_seconds));
    if (answer.global) {
      global_until_ = std::max(global_until_, until);
    } else {
      Bucket& bucket = buckets_[route];
      bucket.remaining = 0;
      bucket.reset = std::max(bucket.reset, until);
    }
  }
  return answer;
}

}  // namespace moim::discord
