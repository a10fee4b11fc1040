// The certificate as a PDF: cairo draws an A4 landscape page, pango lays out
// the text in an embedded Noto CJK font (so Korean renders and stays
// extractable), libqrencode gives the verification QR code, drawn as cairo
// rectangles. Pure apart from fontconfig: same content in, same bytes out.
#pragma once

#include <string>

#include "platform/base/error.hpp"

namespace moim::certificates {

// Everything printed on one certificate, already in its language.
struct CertificateContent {
  std::string language = "ko";  // "ko" or "en": chooses the fixed labels
  std::string title;            // e.g. 수료증
  std::string body_line;        // one sentence under the name
  std::string recipient_name;
  std::string community_name;
  std::string cohort_name;
  std::string project_title;
  std::string role;       // builder | runner | mentor | mentee; printed in `language`
  std::string period;     // e.g. "2027-03-01 – 2027-04-30"
  std::string issued_on;  // "YYYY-MM-DD"; also the PDF's creation date
  std::string number;     // CERT-YYYYMM-XXXXXXXX
  std::string verify_url;
  std::string signature_name;
  std::string signature_title;
  std::string logo_png;  // PNG bytes, empty for none (validated by check_logo_png)

  // "completion", "attendance": event, date and venue instead of cohort,
  // project, role and period; and for attendance the event and its place
  // (or "online" in `language`); or "mentoring": the program, the role and
  // the program's period.
  std::string kind = "completion";
  std::string event_title;
  std::string venue;
  std::string program_name;
};

inline constexpr std::size_t kMaxLogoBytes = 256 * 1024;
inline constexpr int kMaxLogoSide = 2000;  // pixels

// Errors name the field "logo": too large, not a PNG cairo can read, or
// with sides of more than kMaxLogoSide pixels.
Status check_logo_png(const std::string& bytes);

// Whether fontconfig finds the Noto CJK font; an Error telling the operator
// to install fonts-noto-cjk otherwise (checked once, then remembered).
Status check_cjk_font();

// The PDF bytes of one certificate.
Result<std::string> render_certificate_pdf(const CertificateContent& content);

// A one-page A4 landscape PDF with nothing on it: the benchmark's baseline.
Result<std::string> render_blank_pdf();

// The fixed words of a certificate ("Role", "Verify at" ...) in its language.
std::string certificate_label(const std::string& language, const std::string& key);

}  // namespace moim::certificates
