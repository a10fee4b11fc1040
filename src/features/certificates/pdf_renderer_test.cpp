#include "features/certificates/pdf_renderer.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include "features/certificates/pdf_text.hpp"

namespace moim::certificates {
namespace {

CertificateContent korean_certificate() {
  CertificateContent content;
  content.language = "ko";
  content.title = "수료증";
  content.body_line =
      "위 사람은 가짜연구소 10기 「LLM 논문 읽기」에 러너로 참여하여 소정의 과정을 마쳤습니다.";
  content.recipient_name = "김러너";
  content.community_name = "가짜연구소";
  content.cohort_name = "10기";
  content.project_title = "LLM 논문 읽기";
  content.role = "runner";
  content.period = "2027-03-01 – 2027-04-30";
  content.issued_on = "2027-05-10";
  content.number = "CERT-202705-7K3M9XQ2";
  content.verify_url = "https://moim.example/verify/CERT-202705-7K3M9XQ2";
  content.signature_name = "가짜연구소";
  content.signature_title = "운영진";
  return content;
}

using testing::pdf_text;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string png_of_size(int width, int height) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0.8, 0.2, 0.2);
  cairo_paint(cr);
  cairo_destroy(cr);
  std::string png;
  cairo_surface_write_to_png_stream(surface, append, &png);
  cairo_surface_destroy(surface);
  return png;
}

TEST(PdfRenderer, KoreanCertificateTextIsExtractable) {
  auto pdf = render_certificate_pdf(korean_certificate());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  ASSERT_TRUE(pdf->starts_with("%PDF-1.5"));
  const std::string text = pdf_text(pdf.value());
  EXPECT_NE(text.find("김러너"), std::string::npos) << text;
  EXPECT_NE(text.find("수료증"), std::string::npos) << text;
  EXPECT_NE(text.find("LLM 논문 읽기"), std::string::npos) << text;
  EXPECT_NE(text.find("가짜연구소"), std::string::npos) << text;
  EXPECT_NE(text.find("러너"), std::string::npos) << text;  // the role, in Korean
  EXPECT_NE(text.find("CERT-202705-7K3M9XQ2"), std::string::npos) << text;
  EXPECT_NE(text.find("https://moim.example/verify/CERT-202705-7K3M9XQ2"), std::string::npos)
      << text;
  EXPECT_NE(text.find("2027-03-01"), std::string::npos) << text;
}

TEST(PdfRenderer, EnglishCertificateNamesTheRoleInEnglish) {
  CertificateContent content = korean_certificate();
  content.language = "en";
  content.title = "Certificate of Completion";
  content.role = "builder";
  auto pdf = render_certificate_pdf(content);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const std::string text = pdf_text(pdf.value());
  EXPECT_NE(text.find("Certificate of Completion"), std::string::npos) << text;
  EXPECT_NE(text.find("Builder"), std::string::npos) << text;
  EXPECT_NE(text.find("김러너"), std::string::npos) << text;
}

TEST(PdfRenderer, QrCodeReadsAsTheVerificationUrl) {
  auto pdf = render_certificate_pdf(korean_certificate());
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(testing::pdf_qr_text(pdf.value()), "https://moim.example/verify/CERT-202705-7K3M9XQ2");
}

TEST(PdfRenderer, TheFontIsEmbedded) {
  auto pdf = render_certificate_pdf(korean_certificate());
  ASSERT_TRUE(pdf.ok());
  // A viewer without the font still shows Korean: the subset travels inside.
  EXPECT_NE(pdf->find("NotoSansCJK"), std::string::npos);
  EXPECT_NE(pdf->find("/FontFile"), std::string::npos);
}

TEST(PdfRenderer, SameContentGivesTheSameBytes) {
  auto first = render_certificate_pdf(korean_certificate());
  auto second = render_certificate_pdf(korean_certificate());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first.value(), second.value());
}

TEST(PdfRenderer, DrawsAValidLogo) {
  CertificateContent content = korean_certificate();
  content.logo_png = png_of_size(120, 40);
  ASSERT_TRUE(check_logo_png(content.logo_png).ok());
  auto pdf = render_certificate_pdf(content);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_NE(pdf->find("/Subtype /Image"), std::string::npos);
}

TEST(PdfRenderer, RefusesLogosThatAreNotSmallPngs) {
  EXPECT_EQ(check_logo_png("").error().field, "logo");
  EXPECT_EQ(check_logo_png("GIF89a not a png").error().field, "logo");
  // A PNG signature followed by garbage: cairo's loader refuses it.
  EXPECT_EQ(check_logo_png(std::string("\x89PNG\r\n\x1a\n", 8) + "garbage").error().field, "logo");
  EXPECT_EQ(check_logo_png(std::string(kMaxLogoBytes + 1, 'x')).error().field, "logo");
  EXPECT_EQ(check_logo_png(png_of_size(kMaxLogoSide + 1, 10)).error().field, "logo");
  EXPECT_TRUE(check_logo_png(png_of_size(64, 64)).ok());
}

TEST(PdfRenderer, BlankPageIsAPdf) {
  auto pdf = render_blank_pdf();
  ASSERT_TRUE(pdf.ok());
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
}

}  // namespace
}  // namespace moim::certificates
