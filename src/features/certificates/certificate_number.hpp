// Certificate numbers: CERT-YYYYMM-XXXXXXXX. The month is when it was issued;
// the eight characters are 40 random bits in Crockford's base32 alphabet (no
// I, L, O or U, so nothing reads as 1, 0 or another letter). At 2^40 values
// a number cannot be guessed, which is what lets /verify stay public.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace moim::certificates {

inline constexpr std::string_view kCrockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kNumberRandomChars = 8;

// A fresh number for a certificate issued at `issued_at` (UTC seconds).
std::string new_certificate_number(std::int64_t issued_at);

// What people type or scan back, in the canonical form: upper case, with
// Crockford's readings (o → 0, i/l → 1); empty when it cannot be a number.
std::string normalized_certificate_number(std::string_view text);

}  // namespace moim::certificates
