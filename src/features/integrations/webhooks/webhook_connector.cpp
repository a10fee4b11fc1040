// Posts a webhook row's body to its endpoint with a fresh signature. 2xx is
// done; 429 and 503 honour Retry-After; anything else is retried with
// backoff until the row is dead. A removed or paused endpoint cancels it.
#include <curl/curl.h>

#include <boost/json/parse.hpp>

#include <sys/socket.h>

#include <charconv>
#include <mutex>

#include "features/integrations/webhooks/webhooks.hpp"
#include "platform/crypto/crypto.hpp"

namespace moim::automation {

std::string webhook_signature(std::string_view secret, std::int64_t timestamp,
                              std::string_view body) {
  const std::string stamp = std::to_string(timestamp);
  return "t=" + stamp + ",v1=" + crypto::hmac_sha256_hex(secret, stamp + "." + std::string(body));
}

namespace {

std::size_t discard_body(char*, std::size_t size, std::size_t count, void*) { return size * count; }

std::size_t read_header(char* buffer, std::size_t size, std::size_t count, void* user) {
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

// libcurl asks this for every socket it opens: the last word on where a
// webhook connects, whatever name resolution happened before.
struct SocketGuard {
  const AddressPolicy* policy;
  std::string refused;  // the address turned away, if any
};

curl_socket_t open_checked_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  auto target = from_sockaddr(&address->addr);
  if (!target || !may_connect(*target, *guard->policy)) {
    guard->refused = target ? target->text() : "an address of an unknown family";
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

WebhookConnector::WebhookConnector(db::Database& database, const Clock& clock,
                                   WebhookOptions options)
    : database_(database), clock_(clock), options_(options) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Delivery WebhookConnector::deliver(const OutboxRow& row) {
  boost::json::object payload;
  try {
    payload = boost::json::parse(row.payload).as_object();
  } catch (const std::exception&) {
    return Delivery::permanent("payload is not a JSON object");
  }
  if (!payload.contains("endpoint_id") || !payload.at("endpoint_id").is_int64() ||
      !payload.contains("body") || !payload.at("body").is_string())
    return Delivery::permanent("payload lacks endpoint_id or body");
  const std::string body(payload.at("body").as_string());
  const std::string event = payload.contains("event") && payload.at("event").is_string()
                                ? std::string(payload.at("event").as_string())
                                : std::string();

  std::string url;
  std::string secret;
  {
    auto transaction = database_.read();
    if (!transaction) return Delivery::retry(transaction.error().message);
    auto endpoint =
        transaction->query_one("SELECT url, secret, active FROM webhook_endpoints WHERE id = ?",
                               {payload.at("endpoint_id").as_int64()});
    if (!endpoint) return Delivery::retry(endpoint.error().message);
    if (!endpoint->has_value() || !(*endpoint)->boolean(2))
      return Delivery::cancelled("skipped: the endpoint was removed");
    url = (*endpoint)->text(0);
    secret = (*endpoint)->text(1);
  }
  // Checked again now: DNS may have changed since the URL was registered
  // (or the URL was written before these rules). libcurl is then pinned to
  // the address that passed and looks at every socket address once more.
  const AddressPolicy policy{options_.allow_http, options_.resolve};
  auto checked = check_webhook_url(url, policy);
  if (!checked) {
    if (checked.error().code == "unresolved")
      return Delivery::retry("webhook: " + checked.error().message);
    return Delivery::permanent("webhook refused: " + checked.error().message);
  }

  const std::int64_t now = clock_.now_seconds();
  const std::string delivery_id = row.idempotency_key.substr(std::string("webhook:").size());
  std::vector<std::string> header_lines{
      "Content-Type: application/json", "User-Agent: moim-webhooks/0.1", "Moim-Event: " + event,
      "Moim-Delivery: " + delivery_id, "Moim-Signature: " + webhook_signature(secret, now, body)};
  curl_slist* headers = nullptr;
  for (const auto& line : header_lines) headers = curl_slist_append(headers, line.c_str());

  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    curl_slist_free_all(headers);
    return Delivery::retry("libcurl could not start");
  }
  std::optional<std::int64_t> retry_after;
  char error_text[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard_body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &retry_after);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  // Never follow redirects: the signature is for the registered URL only.
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, options_.allow_http ? "https,http" : "https");
  // No proxy from the environment: the address check is about the endpoint itself.
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  curl_slist* pinned = nullptr;
  if (!checked->literal) {
    const std::string address =
        checked->address.v6 ? "[" + checked->address.text() + "]" : checked->address.text();
    const std::string entry = checked->host + ":" + std::to_string(checked->port) + ":" + address;
    pinned = curl_slist_append(pinned, entry.c_str());
    curl_easy_setopt(curl, CURLOPT_RESOLVE, pinned);
  }
  SocketGuard guard{&policy, {}};
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  curl_slist_free_all(headers);
  curl_slist_free_all(pinned);

  if (!guard.refused.empty())
    return Delivery::permanent("webhook refused: connecting to " + guard.refused +
                               " is not allowed");
  if (code != CURLE_OK)
    return Delivery::retry("webhook: " +
                           std::string(error_text[0] ? error_text : curl_easy_strerror(code)));
  const std::string answer = "HTTP " + std::to_string(status);
  if (status >= 200 && status < 300) return Delivery::done(answer);
  if (status == 429 || status == 503) return Delivery::retry(answer, retry_after);
  return Delivery::retry(answer);
}

}  // namespace moim::automation
