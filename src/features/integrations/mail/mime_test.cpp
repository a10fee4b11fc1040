#include "features/integrations/mail/mime.hpp"

#include <gtest/gtest.h>

#include "platform/crypto/crypto.hpp"

namespace moim::automation {
namespace {

TEST(Mime, AsciiHeadersStayReadable) {
  EXPECT_EQ(encode_header_text("Verify your email"), "Verify your email");
  EXPECT_EQ(format_address({"Pseudo Lab", "a@b.org"}), "Pseudo Lab <a@b.org>");
  EXPECT_EQ(format_address({"Lab, Inc.", "a@b.org"}), "\"Lab, Inc.\" <a@b.org>");
  EXPECT_EQ(format_address({"", "a@b.org"}), "a@b.org");
}

TEST(Mime, KoreanSubjectsBecomeEncodedWordsWithinSeventyFiveCharacters) {
  const std::string subject =
      "[가짜연구소] 이메일 주소를 확인해 주세요 — 10기 러너 모집 안내와 함께";
  const std::string encoded = encode_header_text(subject);
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u);
  // Every word is at most 75 characters and holds whole characters: decoding
  // the words one by one and concatenating gives back the subject.
  std::string decoded;
  std::size_t start = 0;
  while (start < encoded.size()) {
    const std::size_t begin = encoded.find("=?UTF-8?B?", start);
    ASSERT_NE(begin, std::string::npos);
    const std::size_t end = encoded.find("?=", begin + 10);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - begin, 75u);
    const std::string word = encoded.substr(begin + 10, end - begin - 10);
    static const std::string kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string bytes;
    unsigned buffer = 0;
    int bits = 0;
    for (char ch : word) {
      if (ch == '=') break;
      buffer = (buffer << 6) | static_cast<unsigned>(kAlphabet.find(ch));
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes += static_cast<char>((buffer >> bits) & 0xFF);
      }
    }
    // A word never ends inside a character: its first byte is not a continuation byte.
    ASSERT_FALSE(bytes.empty());
    EXPECT_NE(static_cast<unsigned char>(bytes[0]) & 0xC0, 0x80u);
    decoded += bytes;
    start = end + 2;
  }
  EXPECT_EQ(decoded, subject);
}

TEST(Mime, HeadersCannotBeInjected) {
  EXPECT_EQ(encode_header_text("hi\r\nBcc: victim@x.org"), "hi  Bcc: victim@x.org");
  MailAddress address;
  EXPECT_FALSE(parse_mail_address("a@b.org>\r\nBcc: c@d.org", address));
  EXPECT_FALSE(parse_mail_address("no-at-sign", address));
  ASSERT_TRUE(parse_mail_address("가짜연구소 <noreply@pseudolab.org>", address));
  EXPECT_EQ(address.name, "가짜연구소");
  EXPECT_EQ(address.address, "noreply@pseudolab.org");
}

TEST(Mime, MessageIdIsStablePerKeyAndDistinctAcrossKeys) {
  crypto::initialise();
  const std::string first = message_id_for("reset_password:7:abc", "noreply@pseudolab.org");
  EXPECT_EQ(first, message_id_for("reset_password:7:abc", "noreply@pseudolab.org"));
  EXPECT_NE(first, message_id_for("reset_password:7:abd", "noreply@pseudolab.org"));
  EXPECT_TRUE(first.starts_with("<"));
  EXPECT_TRUE(first.ends_with("@pseudolab.org>"));
}

TEST(Mime, MultipartHasBothBodiesAndTheUnsubscribeHeaders) {
  crypto::initialise();
  MailContent mail{.from = {"moim", "noreply@moim.local"},
                   .to = {"김러너", "runner@example.org"},
                   .reply_to = "team@moim.local",
                   .subject = "안녕하세요",
                   .text = "plain body",
                   .html = "<p>html body</p>",
                   .message_id = "<id@moim.local>",
                   .list_unsubscribe = "https://moim.local/unsubscribe?token=t",
                   .date = 1'800'000'000};
  const std::string message = build_mime(mail, "BOUNDARY");
  EXPECT_NE(message.find("Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(message.find("To: =?UTF-8?B?6rmA65+s64SI?= <runner@example.org>\r\n"),
            std::string::npos);
  EXPECT_NE(message.find("Subject: =?UTF-8?B?7JWI64WV7ZWY7IS47JqU?=\r\n"), std::string::npos);
  EXPECT_NE(message.find("Reply-To: team@moim.local\r\n"), std::string::npos);
  EXPECT_NE(message.find("List-Unsubscribe: <https://moim.local/unsubscribe?token=t>\r\n"),
            std::string::npos);
  EXPECT_NE(message.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            std::string::npos);
  EXPECT_NE(message.find("Content-Type: multipart/alternative; boundary=\"BOUNDARY\""),
            std::string::npos);
  EXPECT_NE(message.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(message.find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  EXPECT_NE(message.find("cGxhaW4gYm9keQ=="), std::string::npos);  // "plain body"
  EXPECT_TRUE(message.ends_with("--BOUNDARY--\r\n"));
}

}  // namespace
}  // namespace moim::automation
