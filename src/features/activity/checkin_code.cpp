#include "features/activity/checkin_code.hpp"

#include "platform/crypto/crypto.hpp"

namespace moim::activity {

namespace {

std::int64_t window_of(std::int64_t now, std::int64_t window_seconds) {
  return now >= 0 ? now / window_seconds : (now - window_seconds + 1) / window_seconds;
}

std::string code_of_window(const std::string& secret, std::int64_t window) {
  const std::string mac = crypto::hmac_sha256_hex(secret, "check-in:" + std::to_string(window));
  // The first 40 bits as a number, reduced to six decimal digits.
  const std::uint64_t number = std::stoull(mac.substr(0, 10), nullptr, 16) % 1'000'000;
  std::string code = std::to_string(number);
  return std::string(kCodeDigits - code.size(), '0') + code;
}

}  // namespace

std::string code_at(const std::string& secret, std::int64_t now, std::int64_t window_seconds) {
  return code_of_window(secret, window_of(now, window_seconds));
}

std::int64_t code_window_end(std::int64_t now, std::int64_t window_seconds) {
  return (window_of(now, window_seconds) + 1) * window_seconds;
}

bool code_matches(const std::string& secret, const std::string& code, std::int64_t now,
                  std::int64_t window_seconds) {
  if (code.size() != kCodeDigits) return false;
  const std::int64_t window = window_of(now, window_seconds);
  return crypto::constant_time_equal(code, code_of_window(secret, window)) ||
         crypto::constant_time_equal(code, code_of_window(secret, window - 1));
}

}  // namespace moim::activity
