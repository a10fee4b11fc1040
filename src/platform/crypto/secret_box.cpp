#include "platform/crypto/secret_box.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace moim::crypto {

namespace {

constexpr std::string_view kVersion = "v1.";

std::string to_base64url(const unsigned char* bytes, std::size_t size) {
  const std::size_t encoded_size =
      sodium_base64_encoded_len(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string encoded(encoded_size, '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes, size,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(encoded_size - 1);  // drop the terminating NUL
  return encoded;
}

bool from_base64url(std::string_view text, std::vector<unsigned char>& out) {
  if (text.empty()) return false;
  out.resize(text.size());  // decoded is never longer than the text
  std::size_t decoded = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &decoded,
                        nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return false;
  out.resize(decoded);
  return true;
}

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

Result<SecretBox> SecretBox::from_key(std::string_view key) {
  if (key.size() != kKeyBytes)
    return Error::internal("a secret key is " + std::to_string(kKeyBytes) + " bytes, not " +
                           std::to_string(key.size()));
  return SecretBox(std::string(key));
}

Result<SecretBox> SecretBox::load_or_create(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    // The key is written to a private temporary file first and then linked
    // into place: link() fails if the name exists, so when two instances
    // start at once exactly one key wins, and nobody can read a key file
    // that is still being written. Mode 0600: nobody else may read it.
    std::string key(kKeyBytes, '\0');
    randombytes_buf(key.data(), key.size());
    const std::filesystem::path file(path);
    if (file.has_parent_path()) {
      std::error_code ignored;
      std::filesystem::create_directories(file.parent_path(), ignored);
    }
    std::string temporary = path + ".XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
      return Error::internal("cannot create the secret key file " + path + ": " +
                             std::strerror(errno));
    const std::string text = to_base64url(bytes_of(key), key.size()) + "\n";
    const bool written =
        ::fchmod(fd, S_IRUSR | S_IWUSR) == 0 &&
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
        ::fsync(fd) == 0;
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) {
      ::unlink(temporary.c_str());
      return Error::internal("cannot write the secret key file " + path);
    }
    const int linked = ::link(temporary.c_str(), path.c_str());
    const int link_error = errno;
    ::unlink(temporary.c_str());
    if (linked == 0) return SecretBox(std::move(key));
    if (link_error != EEXIST)
      return Error::internal("cannot create the secret key file " + path + ": " +
                             std::strerror(link_error));
    // Another process created it first: read theirs, which is complete.
  }
  std::ifstream in(path);
  if (!in) return Error::internal("cannot read the secret key file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text;
  for (const char c : buffer.str())
    if (!std::isspace(static_cast<unsigned char>(c))) text += c;
  std::vector<unsigned char> key;
  if (!from_base64url(text, key) || key.size() != kKeyBytes)
    return Error::internal("the secret key file " + path +
                           " does not hold 32 bytes in unpadded base64url");
  return SecretBox(std::string(key.begin(), key.end()));
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view context) const {
  std::vector<unsigned char> out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned char* nonce = out.data();
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long cipher_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &cipher_size, bytes_of(plaintext),
      plaintext.size(), bytes_of(context), context.size(), nullptr, nonce, bytes_of(key_));
  return std::string(kVersion) +
         to_base64url(out.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + cipher_size);
}

Result<std::string> SecretBox::open(std::string_view sealed, std::string_view context) const {
  const auto refused = Error::invalid("secret", "the stored secret cannot be opened with this key");
  if (!sealed.starts_with(kVersion)) return refused;
  std::vector<unsigned char> raw;
  if (!from_base64url(sealed.substr(kVersion.size()), raw)) return refused;
  if (raw.size() <
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return refused;
  const unsigned char* nonce = raw.data();
  const unsigned char* cipher = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const std::size_t cipher_size = raw.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string plain(cipher_size - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plain_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_size, nullptr, cipher, cipher_size,
          bytes_of(context), context.size(), nonce, bytes_of(key_)) != 0)
    return refused;
  plain.resize(plain_size);
  return plain;
}

std::string SecretBox::derive_key(std::string_view purpose) const {
  const std::string input = "moim.derive_key:" + std::string(purpose);
  std::string derived(kKeyBytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(derived.data()), derived.size(),
                     bytes_of(input), input.size(), bytes_of(key_), key_.size());
  return derived;
}

}  // namespace moim::crypto
