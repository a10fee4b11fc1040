// Secrets at rest: integration tokens (a Discord bot token, a Notion
// integration token, OAuth refresh tokens) are stored sealed, so a copied
// database or backup does not hand over a community's Discord server.
//
// XChaCha20-Poly1305 (libsodium's crypto_aead_xchacha20poly1305_ietf) with a
// random nonce per value; the `context` (e.g. "discord.bot_token:3") is bound
// as associated data, so a sealed value pasted into another row does not open.
// Sealed text: "v1." + base64url(nonce || ciphertext).
#pragma once

#include <string>
#include <string_view>

#include "platform/base/error.hpp"

namespace moim::crypto {

class SecretBox {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // `key` is exactly kKeyBytes raw bytes.
  static Result<SecretBox> from_key(std::string_view key);
  // Reads the key file (base64url of 32 bytes, whitespace ignored), creating
  // it with a new random key and mode 0600 when it does not exist yet.
  static Result<SecretBox> load_or_create(const std::string& path);

  std::string seal(std::string_view plaintext, std::string_view context) const;
  // Error::invalid("secret", ...) when the value was not sealed by this key
  // for this context (tampered, another key, another row).
  Result<std::string> open(std::string_view sealed, std::string_view context) const;

  // kKeyBytes raw bytes for one `purpose` (e.g. "certificates.holder_name"),
  // derived from this key (keyed BLAKE2b over the purpose): the same key and
  // purpose always give the same bytes, another purpose unrelated ones, and
  // the derived key does not give back this one.
  std::string derive_key(std::string_view purpose) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace moim::crypto
