#include "platform/crypto/secret_box.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "platform/crypto/crypto.hpp"

namespace moim::crypto {
namespace {

class SecretBoxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    initialise();
    dir_ = std::filesystem::temp_directory_path() /
           ("moim-secret-box-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(SecretBoxTest, SealedTokenOpensOnlyForItsContext) {
  auto box = SecretBox::from_key(std::string(32, 'k'));
  ASSERT_TRUE(box.ok());
  const std::string token = "MTA5.bot-token.토큰";
  const std::string sealed = box->seal(token, "discord.bot_token:3");
  EXPECT_EQ(sealed.find(token), std::string::npos);
  EXPECT_TRUE(sealed.starts_with("v1."));
  auto opened = box->open(sealed, "discord.bot_token:3");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened.value(), token);
  // The same value pasted into another community's row does not open.
  EXPECT_FALSE(box->open(sealed, "discord.bot_token:4").ok());
}

TEST_F(SecretBoxTest, EachSealUsesAFreshNonce) {
  auto box = SecretBox::from_key(std::string(32, 'k'));
  ASSERT_TRUE(box.ok());
  EXPECT_NE(box->seal("same", "c"), box->seal("same", "c"));
}

TEST_F(SecretBoxTest, TamperedOrForeignValuesAreRefused) {
  auto box = SecretBox::from_key(std::string(32, 'k'));
  auto other = SecretBox::from_key(std::string(32, 'o'));
  ASSERT_TRUE(box.ok() && other.ok());
  std::string sealed = box->seal("secret", "c");
  EXPECT_FALSE(other->open(sealed, "c").ok());
  sealed[sealed.size() - 2] = sealed[sealed.size() - 2] == 'A' ? 'B' : 'A';
  const auto tampered = box->open(sealed, "c");
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.error().field, "secret");
  EXPECT_FALSE(box->open("plain text", "c").ok());
  EXPECT_FALSE(box->open("v1.", "c").ok());
  EXPECT_FALSE(box->open("v1.!!!", "c").ok());
}

TEST_F(SecretBoxTest, WrongKeyLengthIsRefused) { EXPECT_FALSE(SecretBox::from_key("short").ok()); }

TEST_F(SecretBoxTest, KeyFileIsCreatedPrivateAndReused) {
  const std::string path = (dir_ / "var" / "moim.key").string();
  auto first = SecretBox::load_or_create(path);
  ASSERT_TRUE(first.ok()) << first.error().message;
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string sealed = first->seal("token", "ctx");
  auto second = SecretBox::load_or_create(path);
  ASSERT_TRUE(second.ok());
  auto opened = second->open(sealed, "ctx");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened.value(), "token");
}

TEST_F(SecretBoxTest, InstancesStartingAtOnceShareOneKey) {
  // Several servers (or a server and `moim worker`) starting together: each
  // must end up with the same key, never read a half-written file.
  for (int attempt = 0; attempt < 20; ++attempt) {
    const std::string path = (dir_ / ("race-" + std::to_string(attempt) + ".key")).string();
    std::vector<std::string> sealed(8);
    std::vector<char> loaded(8, 0);  // not vector<bool>: each thread writes its own byte
    std::vector<std::thread> starters;
    for (std::size_t idx = 0; idx < sealed.size(); ++idx) {
      starters.emplace_back([&, idx] {
        auto box = SecretBox::load_or_create(path);
        if (!box) return;
        loaded[idx] = 1;
        sealed[idx] = box->seal("token", "ctx");
      });
    }
    for (auto& starter : starters) starter.join();
    auto reader = SecretBox::load_or_create(path);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    for (std::size_t idx = 0; idx < sealed.size(); ++idx) {
      ASSERT_TRUE(loaded[idx]) << "starter " << idx << " could not load the key";
      EXPECT_TRUE(reader->open(sealed[idx], "ctx").ok()) << "starter " << idx << " had another key";
    }
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_),
                            std::filesystem::directory_iterator{}),
              attempt + 1)
        << "no temporary files are left behind";
  }
}

TEST_F(SecretBoxTest, MalformedKeyFileIsAClearError) {
  std::filesystem::create_directories(dir_);
  const std::string path = (dir_ / "bad.key").string();
  std::ofstream(path) << "not a key\n";
  auto box = SecretBox::load_or_create(path);
  ASSERT_FALSE(box.ok());
  EXPECT_NE(box.error().message.find("bad.key"), std::string::npos);
}

TEST_F(SecretBoxTest, DerivedKeysDependOnKeyAndPurpose) {
  auto box = SecretBox::from_key(std::string(32, 'k'));
  auto same = SecretBox::from_key(std::string(32, 'k'));
  auto other = SecretBox::from_key(std::string(32, 'o'));
  ASSERT_TRUE(box.ok() && same.ok() && other.ok());
  const std::string derived = box->derive_key("certificates.holder_name");
  EXPECT_EQ(derived.size(), SecretBox::kKeyBytes);
  EXPECT_EQ(derived, same->derive_key("certificates.holder_name"));
  EXPECT_NE(derived, box->derive_key("another.purpose"));
  EXPECT_NE(derived, other->derive_key("certificates.holder_name"));
  EXPECT_NE(derived, std::string(32, 'k'));
}

}  // namespace
}  // namespace moim::crypto
