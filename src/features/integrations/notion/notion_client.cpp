#include "features/integrations/notion/notion_client.hpp"

#include <curl/curl.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <thread>

#include "platform/crypto/crypto.hpp"

namespace moim::automation::notion {

namespace {

constexpr std::size_t kMaxAnswerBytes = 4 << 20;  // a query page of 100 results fits easily

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * count > kMaxAnswerBytes) return 0;  // aborts the transfer
  body->append(data, size * count);
  return size * count;
}

std::size_t read_retry_after(char* buffer, std::size_t size, std::size_t count, void* user) {
  const std::string_view line(buffer, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower == kName) {
      std::string_view value = line.substr(kName.size());
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      std::int64_t seconds = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec == std::errc{} && seconds >= 0)
        *static_cast<std::optional<std::int64_t>*>(user) = seconds;
    }
  }
  return size * count;
}

}  // namespace

std::chrono::milliseconds RequestPacer::reserve(const std::string& key, TimePoint now) {
  std::lock_guard lock(mutex_);
  TimePoint& next = next_free_[key];
  const TimePoint slot = std::max(next, now);
  next = slot + spacing_;
  return std::chrono::duration_cast<std::chrono::milliseconds>(slot - now);
}

std::string NotionResponse::problem() const {
  if (!transport_error.empty()) return "Notion unreachable: " + transport_error;
  if (body.is_object()) {
    const auto& object = body.as_object();
    const auto* code = object.if_contains("code");
    const auto* message = object.if_contains("message");
    if (code && code->is_string() && message && message->is_string())
      return "Notion " + std::to_string(status) + " " + std::string(code->as_string()) + ": " +
             std::string(message->as_string());
  }
  return "Notion answered HTTP " + std::to_string(status);
}

NotionClient::NotionClient(NotionClientOptions options)
    : options_(std::move(options)), pacer_(options_.spacing) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  while (options_.api_url.ends_with('/')) options_.api_url.pop_back();
}

NotionResponse NotionClient::send(const std::string& token, const std::string& method,
                                  const std::string& path, const boost::json::value* body) {
  // The pacer is keyed by a digest so the token itself is not kept around.
  const auto wait = pacer_.reserve(crypto::token_digest(token), std::chrono::steady_clock::now());
  if (wait.count() > 0) std::this_thread::sleep_for(wait);

  NotionResponse response;
  const std::string url = options_.api_url + path;
  const std::string text = body ? boost::json::serialize(*body) : std::string();
  const std::string authorization = "Authorization: Bearer " + token;
  const std::string version = "Notion-Version: " + options_.notion_version;
  curl_slist* headers = nullptr;
  for (const std::string& line :
       {authorization, version, std::string("Content-Type: application/json"),
        std::string("User-Agent: moim-notion/0.1")}) {
    if (line.ends_with(": ")) continue;  // no version (a test of Notion's refusal)
    headers = curl_slist_append(headers, line.c_str());
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    curl_slist_free_all(headers);
    response.transport_error = "libcurl could not start";
    return response;
  }
  std::string answer;
  char error_text[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, text.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(text.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_retry_after);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.retry_after_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_easy_cleanup(curl);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    response.transport_error = error_text[0] ? error_text : curl_easy_strerror(code);
    return response;
  }
  boost::system::error_code parse_error;
  response.body = boost::json::parse(answer, parse_error);
  if (parse_error) response.body = nullptr;
  return response;
}

}  // namespace moim::automation::notion
