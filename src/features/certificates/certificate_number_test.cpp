#include "features/certificates/certificate_number.hpp"

#include <gtest/gtest.h>

#include <set>

#include "platform/crypto/crypto.hpp"

namespace moim::certificates {
namespace {

constexpr std::int64_t kMay2027 = 1'809'000'000;  // 2027-04-30 ... UTC; see the month below

TEST(CertificateNumber, HasTheMonthAndEightUnambiguousCharacters) {
  crypto::initialise();
  const std::string number = new_certificate_number(1'809'302'400);  // 2027-05-03 00:00 UTC
  ASSERT_EQ(number.size(), 20u) << number;
  EXPECT_EQ(number.substr(0, 12), "CERT-202705-");
  for (char ch : number.substr(12)) {
    EXPECT_NE(kCrockfordAlphabet.find(ch), std::string_view::npos) << number;
    EXPECT_TRUE(ch != 'I' && ch != 'L' && ch != 'O' && ch != 'U') << number;
  }
  EXPECT_EQ(normalized_certificate_number(number), number);
}

TEST(CertificateNumber, AreNotRepeated) {
  crypto::initialise();
  std::set<std::string> seen;
  for (int idx = 0; idx < 2000; ++idx) seen.insert(new_certificate_number(kMay2027));
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(CertificateNumber, NormalisesWhatPeopleType) {
  EXPECT_EQ(normalized_certificate_number("cert-202705-7k3m9xq2"), "CERT-202705-7K3M9XQ2");
  EXPECT_EQ(normalized_certificate_number("CERT-202705-O0IL9XQ2"), "CERT-202705-00119XQ2");
  EXPECT_EQ(normalized_certificate_number("CERT-202705-7K3M9XQ"), "");
  EXPECT_EQ(normalized_certificate_number("CERT-2027X5-7K3M9XQ2"), "");
  EXPECT_EQ(normalized_certificate_number("CERT-202705-7K3M9XQU"), "");  // U is not in the alphabet
  EXPECT_EQ(normalized_certificate_number("../../etc/passwd"), "");
}

}  // namespace
}  // namespace moim::certificates
