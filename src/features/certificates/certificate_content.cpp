#include "features/certificates/certificate_content.hpp"

#include <boost/json/value.hpp>

#include "platform/base/korean_particle.hpp"

namespace moim::certificates {

namespace {

std::string or_default(const std::string& value, std::string fallback) {
  return value.empty() ? std::move(fallback) : value;
}

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string text_of(const boost::json::object& object, std::string_view key) {
  const boost::json::value* found = object.if_contains(key);
  return found && found->is_string() ? std::string(found->as_string()) : std::string();
}

}  // namespace

std::string certificate_language(const TemplateSettings& settings, const std::string& member_locale,
                                 const std::string& community_locale) {
  if (settings.language == "ko" || settings.language == "en") return settings.language;
  if (member_locale == "ko" || member_locale == "en") return member_locale;
  return community_locale == "en" ? "en" : "ko";
}

boost::json::object certificate_content_json(const TemplateSettings& settings,
                                             const CertificateFacts& facts,
                                             const std::string& language) {
  const bool korean = language == "ko";
  const std::string title = korean ? or_default(settings.title_ko, "수료증")
                                   : or_default(settings.title_en, "Certificate of Completion");
  std::string body =
      korean ? or_default(settings.body_ko,
                          "위 사람은 {community} {cohort} 「{project}」에 {role}(으)로 참여하여 "
                          "소정의 과정을 마쳤기에 이 증서를 드립니다.")
             : or_default(settings.body_en,
                          "has completed {project} as a {role} in {cohort} of {community}.");
  replace_all(body, "{name}", facts.recipient_name);
  replace_all(body, "{community}", facts.community_name);
  replace_all(body, "{cohort}", facts.cohort_name);
  replace_all(body, "{project}", facts.project_title);
  std::string role = certificate_label(language, facts.role);
  if (!korean) role[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(role[0])));
  // "{role}(으)로" becomes "빌더로" or "러너로": the particle that fits the word.
  body = attach_ro(std::move(body), "{role}", role);
  replace_all(body, "{role}", role);
  return {
      {"title", title},
      {"body", body},
      {"recipient_name", facts.recipient_name},
      {"community_name", facts.community_name},
      {"cohort_name", facts.cohort_name},
      {"project_title", facts.project_title},
      {"role", facts.role},
      {"starts_on", facts.starts_on},
      {"ends_on", facts.ends_on},
      {"issued_on", facts.issued_on},
      {"signature_name", or_default(settings.signature_name, facts.community_name)},
      {"signature_title", or_default(settings.signature_title, korean ? "운영진" : "Organizers")}};
}

std::string date_span(const std::string& starts_on, const std::string& ends_on) {
  if (ends_on.empty() || ends_on == starts_on) return starts_on;
  return starts_on + " – " + ends_on;
}

boost::json::object attendance_content_json(const TemplateSettings& settings,
                                            const AttendanceFacts& facts,
                                            const std::string& language) {
  const bool korean = language == "ko";
  const std::string dates = date_span(facts.starts_on, facts.ends_on);
  std::string body = korean
                         ? "위 사람은 {community}의 「{event}」({date})에 참가하였음을 확인합니다."
                         : "attended {event} of {community} on {date}.";
  replace_all(body, "{community}", facts.community_name);
  replace_all(body, "{event}", facts.event_title);
  replace_all(body, "{date}", dates);
  return {
      {"kind", "attendance"},
      {"title", korean ? "참가 확인서" : "Certificate of Attendance"},
      {"body", body},
      {"recipient_name", facts.recipient_name},
      {"community_name", facts.community_name},
      {"event_title", facts.event_title},
      {"venue", facts.venue},
      {"role", "attendee"},
      {"starts_on", facts.starts_on},
      {"ends_on", facts.ends_on},
      {"issued_on", facts.issued_on},
      {"signature_name", or_default(settings.signature_name, facts.community_name)},
      {"signature_title", or_default(settings.signature_title, korean ? "운영진" : "Organizers")}};
}

boost::json::object mentoring_content_json(const TemplateSettings& settings,
                                           const MentoringFacts& facts,
                                           const std::string& language) {
  const bool korean = language == "ko";
  const bool mentor = facts.role == "mentor";
  // The words a certificate prints sit beside the renderer's fixed labels
  // (pdf_renderer.cpp), as the other kinds' do: they are stored with the
  // certificate at issue, so a later change of wording never alters one
  // already handed out.
  std::string body =
      korean ? (mentor ? "위 사람은 {community}의 멘토링 프로그램 「{program}」({date})에 멘토로 "
                         "참여하였음을 확인합니다."
                       : "위 사람은 {community}의 멘토링 프로그램 「{program}」({date})에 멘티로 "
                         "참여하여 소정의 과정을 마쳤기에 이 증서를 드립니다.")
             : (mentor ? "mentored in {program} of {community}, {date}."
                       : "has completed the mentoring program {program} of {community}, {date}.");
  replace_all(body, "{community}", facts.community_name);
  replace_all(body, "{program}", facts.program_name);
  replace_all(body, "{date}", date_span(facts.starts_on, facts.ends_on));
  const std::string title =
      korean ? (mentor ? "멘토링 확인서" : "멘토링 수료증")
             : (mentor ? "Certificate of Mentoring" : "Certificate of Completion — Mentoring");
  return {
      {"kind", "mentoring"},
      {"title", title},
      {"body", body},
      {"recipient_name", facts.recipient_name},
      {"community_name", facts.community_name},
      {"program_name", facts.program_name},
      {"role", facts.role},
      {"starts_on", facts.starts_on},
      {"ends_on", facts.ends_on},
      {"issued_on", facts.issued_on},
      {"signature_name", or_default(settings.signature_name, facts.community_name)},
      {"signature_title", or_default(settings.signature_title, korean ? "운영진" : "Organizers")}};
}

CertificateContent content_from_json(const boost::json::object& stored, const std::string& number,
                                     const std::string& verify_url) {
  CertificateContent content;
  content.title = text_of(stored, "title");
  content.body_line = text_of(stored, "body");
  content.recipient_name = text_of(stored, "recipient_name");
  content.community_name = text_of(stored, "community_name");
  content.cohort_name = text_of(stored, "cohort_name");
  content.project_title = text_of(stored, "project_title");
  content.role = text_of(stored, "role");
  // Completion content has no "kind": it was stored before there were others.
  const std::string kind = text_of(stored, "kind");
  content.kind = kind == "attendance" || kind == "mentoring" ? kind : "completion";
  content.event_title = text_of(stored, "event_title");
  content.venue = text_of(stored, "venue");
  content.program_name = text_of(stored, "program_name");
  // Completion certificates have always printed both ends of the project.
  content.period = content.kind != "completion"
                       ? date_span(text_of(stored, "starts_on"), text_of(stored, "ends_on"))
                       : text_of(stored, "starts_on") + " – " + text_of(stored, "ends_on");
  content.issued_on = text_of(stored, "issued_on");
  content.signature_name = text_of(stored, "signature_name");
  content.signature_title = text_of(stored, "signature_title");
  content.number = number;
  content.verify_url = verify_url;
  return content;
}

}  // namespace moim::certificates
