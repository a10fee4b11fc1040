#include "platform/http/wire_rules.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace moim::http {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> comma_list(std::string_view text) {
  std::vector<std::string_view> items;
  while (true) {
    const std::size_t comma = text.find(',');
    items.push_back(trim(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

bool iequals(std::string_view left, std::string_view right) {
  return std::equal(left.begin(), left.end(), right.begin(), right.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

bool is_ip_address(const std::string& text) {
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

}  // namespace

int transfer_encoding_verdict(std::optional<std::string_view> transfer_encoding,
                              bool has_content_length) {
  if (!transfer_encoding) return 0;
  if (has_content_length) return 400;
  const std::vector<std::string_view> codings = comma_list(*transfer_encoding);
  if (codings.empty() || !iequals(codings.back(), "chunked")) return 400;
  for (std::size_t idx = 0; idx + 1 < codings.size(); ++idx) {
    if (iequals(codings[idx], "chunked") || codings[idx].empty()) return 400;
  }
  return codings.size() == 1 ? 0 : 501;
}

std::optional<std::string> forwarded_client(std::string_view forwarded_for, int hops) {
  if (hops < 1) return std::nullopt;
  const std::vector<std::string_view> addresses = comma_list(forwarded_for);
  if (addresses.size() < static_cast<std::size_t>(hops)) return std::nullopt;
  std::string address(addresses[addresses.size() - static_cast<std::size_t>(hops)]);
  // "[2001:db8::1]:443" and "203.0.113.7:51234", as some proxies write them.
  if (address.starts_with('[')) {
    const std::size_t close = address.find(']');
    if (close == std::string::npos) return std::nullopt;
    address = address.substr(1, close - 1);
  } else if (std::count(address.begin(), address.end(), ':') == 1) {
    address = address.substr(0, address.find(':'));
  }
  if (!is_ip_address(address)) return std::nullopt;
  return address;
}

bool ClientSlots::acquire(const std::string& address) {
  std::lock_guard lock(mutex_);
  if (total_ >= max_total_) return false;
  int& held = per_client_[address];
  const bool allowed =
      held < max_per_client_ && (total_ < max_total_ - reserve_ || held < kReserveHolders);
  if (!allowed) {
    if (held == 0) per_client_.erase(address);
    return false;
  }
  ++held;
  ++total_;
  return true;
}

void ClientSlots::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto found = per_client_.find(address);
  if (found == per_client_.end()) return;
  --total_;
  if (--found->second <= 0) per_client_.erase(found);
}

int ClientSlots::held_by(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto found = per_client_.find(address);
  return found == per_client_.end() ? 0 : found->second;
}

int ClientSlots::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace moim::http
