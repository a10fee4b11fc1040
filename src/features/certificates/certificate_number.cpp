#include "features/certificates/certificate_number.hpp"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdio>

namespace moim::certificates {

std::string new_certificate_number(std::int64_t issued_at) {
  using namespace std::chrono;
  const year_month_day date{floor<days>(sys_seconds{seconds{issued_at}})};
  char month[16];  // room for any int year, so -O3's format check is satisfied
  std::snprintf(month, sizeof month, "%04d%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()));
  std::array<unsigned char, 5> random{};  // 40 bits: eight base32 characters
  randombytes_buf(random.data(), random.size());
  std::uint64_t bits = 0;
  for (unsigned char byte : random) bits = (bits << 8) | byte;
  std::string code(kNumberRandomChars, '0');
  for (std::size_t idx = kNumberRandomChars; idx-- > 0;) {
    code[idx] = kCrockfordAlphabet[bits & 31];
    bits >>= 5;
  }
  return std::string("CERT-") + month + "-" + code;
}

std::string normalized_certificate_number(std::string_view text) {
  // CERT- + 6 digits + - + 8 characters
  constexpr std::size_t kLength = 5 + 6 + 1 + kNumberRandomChars;
  if (text.size() != kLength) return {};
  std::string out;
  out.reserve(kLength);
  for (std::size_t idx = 0; idx < kLength; ++idx) {
    char ch = text[idx];
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (idx < 5) {
      if (ch != "CERT-"[idx]) return {};
    } else if (idx < 11) {
      if (ch < '0' || ch > '9') return {};
    } else if (idx == 11) {
      if (ch != '-') return {};
    } else {
      if (ch == 'O') ch = '0';
      if (ch == 'I' || ch == 'L') ch = '1';
      if (kCrockfordAlphabet.find(ch) == std::string_view::npos) return {};
    }
    out.push_back(ch);
  }
  return out;
}

}  // namespace moim::certificates
