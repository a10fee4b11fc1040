// What a certificate keeps of its holder's name once the holder's account is
// erased (issue #16): a keyed, salted hash of the name as printed, so that a
// verifier holding the PDF can ask "is this the holder's name?" and get
// yes or no, while the database no longer says whose certificate it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace moim::certificates {

// A name typed to check against an erased certificate: at most this many characters.
inline constexpr std::size_t kMaxHolderNameChars = 200;
// Tries of the name check per hour: per certificate from everyone together
// (names are a small space: guessing must stay slow even from many
// addresses), and per client address over every certificate.
inline constexpr int kNameChecksPerCertificatePerHour = 10;
inline constexpr int kNameChecksPerClientPerHour = 30;

// The name as compared: trimmed, every run of white space (also the
// no-break and ideographic spaces) one space, ASCII letters in lower case.
// Hangul and other letters stay as they are (no Unicode normalisation).
std::string normalised_holder_name(std::string_view name);

struct HolderNameHash {
  std::string hash_hex;  // BLAKE2b-256
  std::string salt_hex;  // 16 random bytes
};

// A new random salt and the hash of the normalised name under `key` (32 raw
// bytes derived for kHolderNameKeyPurpose, personal_data.hpp; or empty for
// salt only).
HolderNameHash hash_holder_name(std::string_view name, std::string_view key);

// Whether `typed` is the name hashed as `stored`: under `key`, or (for a
// certificate erased while the server had no key) under none.
bool holder_name_matches(std::string_view typed, const HolderNameHash& stored,
                         std::string_view key);

}  // namespace moim::certificates
