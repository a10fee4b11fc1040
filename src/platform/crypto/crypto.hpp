// libsodium behind four verbs: random tokens, token digests for lookup,
// password hashes (argon2id), and constant-time comparison.
#pragma once

#include <string>
#include <string_view>

namespace moim::crypto {

// Must run once before any other call (sodium_init is idempotent).
void initialise();

// `bytes` random bytes as URL-safe base64 without padding (32 bytes: 256 bits).
std::string random_token(std::size_t bytes = 32);

// `bytes` raw random bytes (keys).
std::string random_bytes(std::size_t bytes);

// A hex BLAKE2b-256 digest. Tokens are stored only as digests, so a leaked
// table does not leak sessions.
std::string token_digest(std::string_view token);

enum class PasswordCost { kInteractive, kMinimum };  // kMinimum: tests only
void set_password_cost(PasswordCost cost);
PasswordCost current_password_cost();
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& stored_hash);

bool constant_time_equal(std::string_view left, std::string_view right);

// HMAC-SHA256 as lowercase hex (signed webhooks, signed links).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace moim::crypto
