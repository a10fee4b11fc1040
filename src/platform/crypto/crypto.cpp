#include "platform/crypto/crypto.hpp"
#include "platform/crypto/base64.hpp"

#include <sodium.h>

#include <array>
#include <atomic>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace moim::crypto {

namespace {
std::atomic<PasswordCost> password_cost{PasswordCost::kInteractive};

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}
}  // namespace

void initialise() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  // Drawn from a per-thread block of the system's random bytes, refilled
  // when spent, instead of one getrandom call per token: every anonymous
  // page view gets a fresh CSRF token. Bytes are wiped as they are used.
  constexpr std::size_t kBlock = 1024;
  thread_local std::array<unsigned char, kBlock> block;
  thread_local std::size_t used = kBlock;
  if (bytes > kBlock) {
    randombytes_buf(buffer.data(), buffer.size());
  } else {
    if (used + bytes > kBlock) {
      randombytes_buf(block.data(), block.size());
      used = 0;
    }
    std::memcpy(buffer.data(), block.data() + used, bytes);
    sodium_memzero(block.data() + used, bytes);
    used += bytes;
  }
  const std::size_t encoded_size =
      sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string encoded(encoded_size, '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), buffer.data(), buffer.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(encoded_size - 1);  // drop the terminating NUL
  return encoded;
}

std::string base64(std::string_view bytes) {
  const std::size_t encoded_size =
      sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string encoded(encoded_size, '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(encoded_size - 1);  // drop the terminating NUL
  return encoded;
}

std::string random_bytes(std::size_t bytes) {
  std::string out(bytes, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string token_digest(std::string_view token) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return to_hex(digest, sizeof digest);
}

void set_password_cost(PasswordCost cost) { password_cost = cost; }
PasswordCost current_password_cost() { return password_cost.load(); }

std::string hash_password(std::string_view password) {
  const bool minimum = password_cost.load() == PasswordCost::kMinimum;
  char stored[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(
          stored, password.data(), password.size(),
          minimum ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
          minimum ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return stored;
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool constant_time_equal(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  return sodium_memcmp(left.data(), right.data(), left.size()) == 0;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return to_hex(mac, sizeof mac);
}

}  // namespace moim::crypto
