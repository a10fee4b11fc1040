#include "platform/http/message.hpp"

#include <array>

namespace moim::http {

namespace {
constexpr std::array<std::pair<Method, std::string_view>, 7> kMethods{{{Method::kGet, "GET"},
                                                                       {Method::kHead, "HEAD"},
                                                                       {Method::kPost, "POST"},
                                                                       {Method::kPut, "PUT"},
                                                                       {Method::kPatch, "PATCH"},
                                                                       {Method::kDelete, "DELETE"},
                                                                       {Method::kOptions, "OPTIONS"}}};

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}
}  // namespace

std::string_view method_name(Method method) {
  for (const auto& [known, name] : kMethods) {
    if (known == method) return name;
  }
  return "OTHER";
}

Method parse_method(std::string_view name) {
  for (const auto& [known, known_name] : kMethods) {
    if (known_name == name) return known;
  }
  return Method::kOther;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    const char ch = text[pos];
    if (ch == '%' && pos + 2 < text.size()) {
      const int high = hex_value(text[pos + 1]);
      const int low = hex_value(text[pos + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        pos += 2;
        continue;
      }
    }
    out += (plus_is_space && ch == '+') ? ' ' : ch;
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char ch : text) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
        ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_url_encoded(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    std::string_view part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    pairs.emplace_back(percent_decode(part.substr(0, eq), true),
                       eq == std::string_view::npos ? std::string{} : percent_decode(part.substr(eq + 1), true));
  }
  return pairs;
}

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (header_name != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      std::string_view part = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const std::size_t eq = part.find('=');
      if (eq != std::string_view::npos && trim(part.substr(0, eq)) == name) {
        return std::string(trim(part.substr(eq + 1)));
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::optional<std::string> found;
  for (auto& [key, value] : parse_url_encoded(query)) {
    if (key == name) found = std::move(value);
  }
  return found;
}

std::map<std::string, std::string> Request::form() const {
  std::map<std::string, std::string> fields;
  for (auto& [key, value] : parse_url_encoded(body)) fields[key] = std::move(value);
  return fields;
}

Response& Response::set_header(std::string name, std::string value) {
  for (auto& [existing, existing_value] : headers) {
    if (existing == name) {
      existing_value = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [existing, value] : headers) {
    if (existing == name) return std::string_view(value);
  }
  return std::nullopt;
}

Response& Response::set_cookie(const Cookie& cookie) {
  std::string line = cookie.name + "=" + cookie.value + "; Path=/";
  if (cookie.max_age_seconds >= 0) line += "; Max-Age=" + std::to_string(cookie.max_age_seconds);
  if (cookie.http_only) line += "; HttpOnly";
  if (cookie.secure) line += "; Secure";
  if (!cookie.same_site.empty()) line += "; SameSite=" + cookie.same_site;
  headers.emplace_back("Set-Cookie", std::move(line));  // several Set-Cookie headers may coexist
  return *this;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.set_header("Content-Type", std::move(content_type));
  return response;
}

Response Response::html(int status, std::string body) {
  return text(status, std::move(body), "text/html; charset=utf-8");
}

Response Response::json(int status, std::string body) {
  return text(status, std::move(body), "application/json");
}

Response Response::redirect(std::string location, int status) {
  Response response;
  response.status = status;
  response.set_header("Location", std::move(location));
  return response;
}

}  // namespace moim::http
