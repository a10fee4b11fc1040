#include "platform/crypto/crypto.hpp"
#include "platform/crypto/base64.hpp"

#include <gtest/gtest.h>

#include <set>

namespace moim::crypto {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initialise();
    set_password_cost(PasswordCost::kMinimum);
  }
};

TEST_F(CryptoTest, RandomTokensAre256BitsAndNeverRepeat) {
  std::set<std::string> seen;
  for (int round = 0; round < 1000; ++round) {
    std::string token = random_token();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes in unpadded base64
    EXPECT_EQ(token.find_first_of("+/="), std::string::npos);
    EXPECT_TRUE(seen.insert(token).second);
  }
}

TEST_F(CryptoTest, PasswordHashesAreArgon2idAndVerify) {
  const std::string hash = hash_password("한글 비밀번호 123");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password("한글 비밀번호 123", hash));
  EXPECT_FALSE(verify_password("한글 비밀번호 124", hash));
  EXPECT_NE(hash_password("same"), hash_password("same"));  // salted
}

TEST_F(CryptoTest, DigestIsStableAndHex) {
  EXPECT_EQ(token_digest("abc"), token_digest("abc"));
  EXPECT_NE(token_digest("abc"), token_digest("abd"));
  EXPECT_EQ(token_digest("abc").size(), 64u);
}

TEST_F(CryptoTest, HmacMatchesTheRfc4231TestVector) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_F(CryptoTest, ConstantTimeEqualComparesLengthAndBytes) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST_F(CryptoTest, Base64IsTheStandardAlphabetWithPadding) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("foob"), "Zm9vYg==");
  EXPECT_EQ(base64(std::string("\xfb\xff", 2)), "+/8=");
}

}  // namespace
}  // namespace moim::crypto
