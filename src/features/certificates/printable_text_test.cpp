#include "features/certificates/printable_text.hpp"

#include <gtest/gtest.h>

#include "features/certificates/pdf_renderer.hpp"
#include "features/certificates/pdf_text.hpp"

namespace moim::certificates {
namespace {

// As if no emoji font were installed: everything below the emoji blocks draws.
bool no_emoji(char32_t code_point) { return code_point < 0x2600; }

TEST(PrintableText, DropsWhatNoFontDrawsAndTidiesTheSpaces) {
  const auto hangul = [](char32_t code_point) {
    return code_point < 0x2600 || (code_point >= 0xAC00 && code_point <= 0xD7A3);
  };
  EXPECT_EQ(drop_undrawable("수료증 🎉", hangul), "수료증");
  EXPECT_EQ(drop_undrawable("🎉 수료증", hangul), "수료증");
  EXPECT_EQ(drop_undrawable("LLM 🔥 스터디", hangul), "LLM 스터디");
  // A ZWJ sequence with a skin tone and a variation selector goes whole.
  EXPECT_EQ(drop_undrawable("개발자 👩🏽‍💻 모임", hangul), "개발자 모임");
  EXPECT_EQ(drop_undrawable("하트 ❤️", hangul), "하트");
  EXPECT_EQ(drop_undrawable("plain text", no_emoji), "plain text");
  EXPECT_EQ(drop_undrawable("🎉", no_emoji), "");
  EXPECT_EQ(drop_undrawable("bad \xFF byte", no_emoji), "bad byte");
  EXPECT_EQ(drop_undrawable("cut \xEA\xB0", no_emoji), "cut");
}

TEST(PrintableText, WhatTheCertificateFontDraws) {
  // The Noto CJK face (a dependency) has Hangul and Latin.
  EXPECT_TRUE(font_can_draw(U'수'));
  EXPECT_TRUE(font_can_draw(U'A'));
  EXPECT_FALSE(font_can_draw(U'\x01'));
  EXPECT_EQ(printable_text("수료증"), "수료증");
  // The emoji is kept exactly when an installed font has it.
  EXPECT_EQ(printable_text("수료증 🎉"), font_can_draw(U'🎉') ? "수료증 🎉" : "수료증");
}

TEST(PrintableText, ACertificateTitleWithAnEmojiStillRenders) {
  CertificateContent content;
  content.language = "ko";
  content.title = "수료증 🎉";
  content.recipient_name = "김러너";
  content.number = "CERT-202705-7K3M9XQ2";
  content.verify_url = "https://moim.example/verify/CERT-202705-7K3M9XQ2";
  auto pdf = render_certificate_pdf(content);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const std::string text = testing::pdf_text(pdf.value());
  EXPECT_NE(text.find("수료증"), std::string::npos) << text;
}

}  // namespace
}  // namespace moim::certificates
