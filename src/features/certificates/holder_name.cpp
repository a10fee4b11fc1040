#include "features/certificates/holder_name.hpp"

#include <sodium.h>

#include <array>

namespace moim::certificates {

namespace {

// 16 bytes: BLAKE2b's personalisation, so these hashes are of no other use.
constexpr std::string_view kPersonal = "moim.holder.name";
static_assert(kPersonal.size() == crypto_generichash_blake2b_PERSONALBYTES);
constexpr std::size_t kSaltBytes = crypto_generichash_blake2b_SALTBYTES;
constexpr std::size_t kHashBytes = 32;

// The length of a white-space character at `at` (ASCII, U+00A0, U+3000), else 0.
std::size_t space_at(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t index) {
    return index < text.size() ? static_cast<unsigned char>(text[index]) : 0u;
  };
  const unsigned char first = byte(at);
  if (first == ' ' || (first >= '\t' && first <= '\r')) return 1;
  if (first == 0xC2 && byte(at + 1) == 0xA0) return 2;
  if (first == 0xE3 && byte(at + 1) == 0x80 && byte(at + 2) == 0x80) return 3;
  return 0;
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.resize(size * 2);
  return hex;
}

bool from_hex(std::string_view hex, unsigned char* out, std::size_t size) {
  std::size_t length = 0;
  return hex.size() == size * 2 &&
         sodium_hex2bin(out, size, hex.data(), hex.size(), nullptr, &length, nullptr) == 0 &&
         length == size;
}

std::string digest(std::string_view name, const unsigned char* salt, std::string_view key) {
  const std::string normal = normalised_holder_name(name);
  std::array<unsigned char, kHashBytes> out{};
  crypto_generichash_blake2b_salt_personal(
      out.data(), out.size(), reinterpret_cast<const unsigned char*>(normal.data()), normal.size(),
      key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()), key.size(), salt,
      reinterpret_cast<const unsigned char*>(kPersonal.data()));
  return to_hex(out.data(), out.size());
}

}  // namespace

std::string normalised_holder_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (std::size_t at = 0; at < name.size();) {
    if (const std::size_t space = space_at(name, at); space > 0) {
      pending_space = !out.empty();
      at += space;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    const char c = name[at++];
    out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

HolderNameHash hash_holder_name(std::string_view name, std::string_view key) {
  std::array<unsigned char, kSaltBytes> salt{};
  randombytes_buf(salt.data(), salt.size());
  return {digest(name, salt.data(), key), to_hex(salt.data(), salt.size())};
}

bool holder_name_matches(std::string_view typed, const HolderNameHash& stored,
                         std::string_view key) {
  std::array<unsigned char, kSaltBytes> salt{};
  if (!from_hex(stored.salt_hex, salt.data(), salt.size()) ||
      stored.hash_hex.size() != kHashBytes * 2)
    return false;
  const auto same = [&](const std::string& computed) {
    return sodium_memcmp(computed.data(), stored.hash_hex.data(), computed.size()) == 0;
  };
  if (same(digest(typed, salt.data(), key))) return true;
  return !key.empty() && same(digest(typed, salt.data(), {}));
}

}  // namespace moim::certificates
