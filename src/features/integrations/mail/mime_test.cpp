#include "features/integrations/mail/mime.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "platform/crypto/crypto.hpp"

namespace moim::automation {
namespace {

// A MIME entity read back the way RFC 2046 says: headers up to the blank
// line; a multipart body split on lines that are exactly "--boundary" (or
// "--boundary--" to close), everything before the first delimiter ignored.
struct Entity {
  std::string headers;  // as written, CRLF-separated
  std::string body;
  std::vector<Entity> parts;
  std::string header(std::string_view name) const {
    const std::string marker = std::string(name) + ": ";
    auto at = headers.rfind(marker, 0) == 0 ? 0 : headers.find("\r\n" + marker);
    if (at == std::string::npos) return "";
    if (at != 0) at += 2;
    std::string value;
    std::size_t line_start = at + marker.size();
    while (true) {  // unfold continuation lines
      const auto end = headers.find("\r\n", line_start);
      value += headers.substr(line_start, end - line_start);
      if (end == std::string::npos || end + 2 >= headers.size() ||
          (headers[end + 2] != ' ' && headers[end + 2] != '\t'))
        break;
      line_start = end + 2;
    }
    return value;
  }
};

Entity parse_entity(const std::string& text) {
  Entity entity;
  const auto split = text.find("\r\n\r\n");
  entity.headers = text.substr(0, split);
  entity.body = split == std::string::npos ? "" : text.substr(split + 4);
  const std::string type = entity.header("Content-Type");
  const auto at = type.find("boundary=\"");
  if (!type.starts_with("multipart/") || at == std::string::npos) return entity;
  const std::string boundary = type.substr(at + 10, type.find('"', at + 10) - at - 10);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < entity.body.size();) {
    const auto end = entity.body.find("\r\n", start);
    lines.push_back(entity.body.substr(start, end - start));
    start = end == std::string::npos ? entity.body.size() : end + 2;
  }
  std::string current;
  bool inside = false, closed = false;
  for (const auto& line : lines) {
    if (line == "--" + boundary || line == "--" + boundary + "--") {
      if (inside) entity.parts.push_back(parse_entity(current.substr(0, current.size() - 2)));
      current.clear();
      inside = true;
      if (line.ends_with(boundary + "--")) {
        closed = true;
        break;
      }
      continue;
    }
    if (inside) current += line + "\r\n";
  }
  EXPECT_TRUE(closed) << "multipart " << boundary << " never closed";
  return entity;
}

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

MailContent ticket_mail() {
  MailContent mail{.from = {"moim", "noreply@moim.local"},
                   .to = {"김러너", "runner@example.org"},
                   .subject = "티켓",
                   .text = "plain body",
                   .html = "<p><img src=\"cid:ticket-qr@moim\" alt=\"QR\"></p>",
                   .message_id = "<id@moim.local>",
                   .date = 1'800'000'000};
  std::string png = "\x89PNG\r\n\x1a\n";
  for (int idx = 0; idx < 300; ++idx) png += static_cast<char>(idx % 256);
  mail.attachments.push_back({"ticket-K7QX-M3PD.png", "image/png", "ticket-qr@moim", png});
  mail.attachments.push_back({"event.ics", "text/calendar; charset=UTF-8; method=PUBLISH", "",
                              "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"});
  return mail;
}

TEST(Mime, InlineImageIsRelatedToTheBodiesAndTheCalendarIsMixedBeside) {
  const MailContent mail = ticket_mail();
  const std::string message = build_mime(mail, "moim-0123abcd");
  const Entity root = parse_entity(message);
  EXPECT_EQ(root.header("MIME-Version"), "1.0");
  ASSERT_TRUE(root.header("Content-Type").starts_with("multipart/mixed;"));
  ASSERT_EQ(root.parts.size(), 2u);
  const Entity& related = root.parts[0];
  ASSERT_TRUE(related.header("Content-Type").starts_with("multipart/related;"));
  ASSERT_EQ(related.parts.size(), 2u);
  const Entity& alternative = related.parts[0];
  ASSERT_TRUE(alternative.header("Content-Type").starts_with("multipart/alternative;"));
  ASSERT_EQ(alternative.parts.size(), 2u);
  EXPECT_EQ(alternative.parts[0].header("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(decode_base64(alternative.parts[0].body), "plain body");
  EXPECT_EQ(decode_base64(alternative.parts[1].body), mail.html);

  const Entity& image = related.parts[1];
  EXPECT_EQ(image.header("Content-Type"), "image/png; name=\"ticket-K7QX-M3PD.png\"");
  EXPECT_EQ(image.header("Content-ID"), "<ticket-qr@moim>");
  EXPECT_EQ(image.header("Content-Disposition"), "inline; filename=\"ticket-K7QX-M3PD.png\"");
  EXPECT_EQ(image.header("Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(decode_base64(image.body), mail.attachments[0].bytes);

  const Entity& calendar = root.parts[1];
  EXPECT_EQ(calendar.header("Content-Type"),
            "text/calendar; charset=UTF-8; method=PUBLISH; name=\"event.ics\"");
  EXPECT_EQ(calendar.header("Content-Disposition"), "attachment; filename=\"event.ics\"");
  EXPECT_EQ(calendar.header("Content-ID"), "");
  EXPECT_EQ(decode_base64(calendar.body), mail.attachments[1].bytes);

  // Every line fits SMTP's limit and base64 lines keep to 76 characters.
  for (std::size_t start = 0; start < message.size();) {
    const auto end = message.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "a line without CRLF";
    EXPECT_LE(end - start, 78u) << message.substr(start, end - start);
    start = end + 2;
  }
  for (const Entity* part : {&alternative.parts[0], &image, &calendar}) {
    std::size_t start = 0;
    while (start < part->body.size()) {
      const auto end = std::min(part->body.find("\r\n", start), part->body.size());
      EXPECT_LE(end - start, 76u);
      start = end + 2;
    }
  }
}

TEST(Mime, OnlyInlinePartsMeanRelatedAtTheTopAndNoneMeansAlternative) {
  MailContent mail = ticket_mail();
  mail.attachments.pop_back();
  Entity root = parse_entity(build_mime(mail, "moim-0123abcd"));
  ASSERT_TRUE(root.header("Content-Type").starts_with("multipart/related;"));
  ASSERT_EQ(root.parts.size(), 2u);
  EXPECT_EQ(root.parts[0].parts.size(), 2u);
  mail.attachments.clear();
  root = parse_entity(build_mime(mail, "moim-0123abcd"));
  EXPECT_EQ(root.header("Content-Type"), "multipart/alternative; boundary=\"moim-0123abcd\"");
  EXPECT_EQ(root.parts.size(), 2u);
}

TEST(Mime, NoBoundaryIsAPrefixOfAnotherOrOccursInAPart) {
  const std::string message = build_mime(ticket_mail(), "moim-0123abcd");
  const Entity root = parse_entity(message);
  std::vector<std::string> boundaries;
  for (const Entity* entity : {&root, &root.parts[0], &root.parts[0].parts[0]}) {
    const std::string type = entity->header("Content-Type");
    const auto at = type.find("boundary=\"") + 10;
    boundaries.push_back(type.substr(at, type.find('"', at) - at));
  }
  for (const auto& one : boundaries) {
    for (const auto& other : boundaries)
      if (&one != &other) {
        EXPECT_FALSE(other.starts_with(one)) << one << " / " << other;
      }
    // Never inside a leaf part's headers or body.
    for (const Entity* leaf : {&root.parts[0].parts[0].parts[0], &root.parts[0].parts[0].parts[1],
                               &root.parts[0].parts[1], &root.parts[1]}) {
      EXPECT_EQ(leaf->body.find(one), std::string::npos) << one;
      EXPECT_EQ(leaf->headers.find(one), std::string::npos) << one;
    }
  }
}

TEST(Mime, FileNamesOutsideAsciiUseRfc2231AndTypesCannotInject) {
  EXPECT_EQ(filename_parameter("event.ics"), "filename=\"event.ics\"");
  EXPECT_EQ(filename_parameter("티켓.png"), "filename*=UTF-8''%ED%8B%B0%EC%BC%93.png");
  EXPECT_EQ(filename_parameter("a\"b\r\n/c.png", "name"), "name=\"abc.png\"");
  EXPECT_EQ(filename_parameter(""), "filename=\"attachment\"");
  EXPECT_TRUE(safe_content_type("image/png"));
  EXPECT_TRUE(safe_content_type("text/calendar; charset=UTF-8; method=PUBLISH"));
  EXPECT_FALSE(safe_content_type("text/plain\r\nBcc: victim@x.org"));
  EXPECT_FALSE(safe_content_type("text/plain; name=\"x\""));
  EXPECT_FALSE(safe_content_type("png"));
  EXPECT_FALSE(safe_content_type(""));
  // A hostile Content-ID keeps only its safe characters.
  MailContent mail = ticket_mail();
  mail.attachments[0].content_id = "x>\r\nBcc: v@x.org";
  const std::string message = build_mime(mail, "moim-0123abcd");
  EXPECT_NE(message.find("Content-ID: <xBccv@x.org>\r\n"), std::string::npos);
}

TEST(Mime, Base64DecodesWhatItEncodesAndRefusesTheRest) {
  const std::string bytes("\x00\xff\x10 any bytes \x89PNG", 17);
  EXPECT_EQ(decode_base64(base64_lines(bytes)), bytes);
  EXPECT_EQ(decode_base64("Zm9vYg=="), "foob");
  EXPECT_FALSE(decode_base64("Zm9v!"));
  EXPECT_FALSE(decode_base64("Zg==Zg=="));
}

}  // namespace
}  // namespace moim::automation
