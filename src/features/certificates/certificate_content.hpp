// The words of one certificate, decided at issue and kept as JSON on the
// certificate row, and the template defaults they come from.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "features/certificates/certificates_service.hpp"
#include "features/certificates/pdf_renderer.hpp"

namespace moim::certificates {

// The facts a certificate states, before the template's words are applied.
struct CertificateFacts {
  std::string recipient_name;
  std::string community_name;
  std::string cohort_name;
  std::string project_title;
  std::string role;  // builder | runner
  std::string starts_on, ends_on;
  std::string issued_on;  // YYYY-MM-DD in the community's time zone
};

// The facts a certificate of attendance states.
struct AttendanceFacts {
  std::string recipient_name;
  std::string community_name;
  std::string event_title;
  std::string venue;  // the place, or "online" already in the certificate's language
  std::string starts_on, ends_on;
  std::string issued_on;
};

// The facts a mentoring certificate states.
struct MentoringFacts {
  std::string recipient_name;
  std::string community_name;
  std::string program_name;
  std::string role;  // mentor | mentee
  std::string starts_on, ends_on;
  std::string issued_on;
};

// "2027-05-01", or "2027-05-01 – 2027-05-02" for an event over several days.
std::string date_span(const std::string& starts_on, const std::string& ends_on);

// ko or en: the template's fixed language, else the member's own setting,
// else the community's default.
std::string certificate_language(const TemplateSettings& settings, const std::string& member_locale,
                                 const std::string& community_locale);

// The template applied to the facts: what the content column stores.
boost::json::object certificate_content_json(const TemplateSettings& settings,
                                             const CertificateFacts& facts,
                                             const std::string& language);

// A certificate of attendance: the template's signature (and, through the
// caller, its logo and language) with the attendance wording; the title and
// body lines of the template are the completion certificate's.
boost::json::object attendance_content_json(const TemplateSettings& settings,
                                            const AttendanceFacts& facts,
                                            const std::string& language);

// A mentoring certificate: as for attendance, the template's signature with
// the mentoring wording, a mentor's (멘토링 확인서: they mentored in the
// program) or a mentee's (멘토링 수료증: they completed it).
boost::json::object mentoring_content_json(const TemplateSettings& settings,
                                           const MentoringFacts& facts,
                                           const std::string& language);

// The stored JSON back into what the renderer draws (logo and URL added by the caller).
CertificateContent content_from_json(const boost::json::object& stored, const std::string& number,
                                     const std::string& verify_url);

}  // namespace moim::certificates
