// Our own small request/response types. Only server.cpp knows Beast; every
// feature sees these.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace moim::http {

class EventStream;  // platform/http/event_stream.hpp

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view method_name(Method method);
Method parse_method(std::string_view name);

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::kGet;
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path
  std::string query;   // raw query string, without '?'
  Headers headers;     // names lower-cased
  std::string body;
  std::string remote_ip;
  bool secure = false;  // served over https (by a proxy that says so)
  std::string request_id;
  std::map<std::string, std::string> path_params;  // filled by the router
  std::string route;  // the matched route pattern, for logs and metrics

  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  // application/x-www-form-urlencoded body fields; the last value wins.
  std::map<std::string, std::string> form() const;
  const std::string& param(const std::string& name) const { return path_params.at(name); }
};

struct Cookie {
  std::string name;
  std::string value;
  std::int64_t max_age_seconds = -1;  // -1: a session cookie; 0: delete
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Set by event_stream(): the server answers with Server-Sent Events from
  // this stream instead of `body`, until the stream or the client closes.
  std::shared_ptr<EventStream> stream;

  Response& set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;
  Response& set_cookie(const Cookie& cookie);

  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response html(int status, std::string body);
  static Response json(int status, std::string body);
  // 303 See Other: the answer to a form POST.
  static Response redirect(std::string location, int status = 303);
  // 200 text/event-stream, fed by `stream` (see event_stream.hpp).
  static Response event_stream(std::shared_ptr<EventStream> stream);
};

// Parses "a=1&b=%ED%95%9C" into pairs, decoding + and %XX. Invalid escapes
// are kept literally rather than rejected: the caller validates values.
std::vector<std::pair<std::string, std::string>> parse_url_encoded(std::string_view text);
std::string percent_decode(std::string_view text, bool plus_is_space);
std::string percent_encode(std::string_view text);

}  // namespace moim::http
