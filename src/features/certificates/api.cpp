// /api/v1: certificate templates, bulk issue, listing, downloads, revocation
// and the public verification, the JSON twin of the pages.
#include <sodium.h>

#include "features/certificates/holder_name.hpp"
#include "features/certificates/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::certificates {

using accounts::ApiReply;
using accounts::RequestContext;

namespace {

Result<std::string> decode_base64(const std::string& text, const std::string& field) {
  std::string bytes(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), " \n\r", &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return Error::invalid(field, field + " must be base64 (standard alphabet, with padding)");
  bytes.resize(length);
  return bytes;
}

}  // namespace

boost::json::object certificate_json(const Certificate& certificate, bool with_reason) {
  boost::json::object json{{"number", certificate.number},
                           {"kind", certificate.kind},
                           {"community", certificate.community_slug},
                           {"community_name", certificate.community_name},
                           {"cohort", certificate.cohort_key},
                           {"cohort_name", certificate.cohort_name},
                           {"project_id", certificate.project_id},
                           {"project_title", certificate.project_title},
                           {"user_id", certificate.user_id},
                           {"recipient_name", certificate.recipient_name},
                           {"role", certificate.role},
                           {"language", certificate.language},
                           {"starts_on", certificate.starts_on},
                           {"ends_on", certificate.ends_on},
                           {"event_id", nullptr},
                           {"event_title", certificate.event_title},
                           {"venue", certificate.venue},
                           {"program_id", nullptr},
                           {"program_name", certificate.program_name},
                           {"issued_at", format_utc_iso(certificate.issued_at)},
                           {"revoked_at", nullptr},
                           {"replaced_by", nullptr},
                           {"pdf_url", "/certificates/" + certificate.number + ".pdf"},
                           {"verify_url", "/verify/" + certificate.number}};
  if (certificate.event_id) json["event_id"] = *certificate.event_id;
  if (certificate.program_id) json["program_id"] = *certificate.program_id;
  if (certificate.revoked_at) json["revoked_at"] = format_utc_iso(*certificate.revoked_at);
  if (certificate.replaced_by) json["replaced_by"] = *certificate.replaced_by;
  if (with_reason && certificate.revoked_at) json["revoke_reason"] = certificate.revoke_reason;
  return json;
}

boost::json::object verification_json(const Verification& verification) {
  boost::json::object json{{"number", verification.number},
                           {"kind", verification.kind},
                           {"status", verification.revoked_at ? "revoked" : "valid"},
                           {"recipient_name", verification.recipient_name},
                           {"community_name", verification.community_name},
                           {"cohort_name", verification.cohort_name},
                           {"project_title", verification.project_title},
                           {"role", verification.role},
                           {"starts_on", verification.starts_on},
                           {"ends_on", verification.ends_on},
                           {"event_title", verification.event_title},
                           {"venue", verification.venue},
                           {"program_name", verification.program_name},
                           {"issued_at", format_utc_iso(verification.issued_at)},
                           {"revoked_at", nullptr},
                           {"name_erased", verification.name_erased}};
  if (verification.revoked_at) json["revoked_at"] = format_utc_iso(*verification.revoked_at);
  return json;
}

boost::json::object template_json(const TemplateSettings& settings) {
  return {{"title_ko", settings.title_ko},
          {"title_en", settings.title_en},
          {"body_ko", settings.body_ko},
          {"body_en", settings.body_en},
          {"signature_name", settings.signature_name},
          {"signature_title", settings.signature_title},
          {"language", settings.language},
          {"has_logo", settings.has_logo}};
}

http::Response pdf_response(std::string bytes, const std::string& file_name, bool inline_view) {
  http::Response response;
  response.status = 200;
  response.body = std::move(bytes);
  response.set_header("Content-Type", "application/pdf");
  response.set_header("Content-Disposition", std::string(inline_view ? "inline" : "attachment") +
                                                 "; filename=\"" + file_name + "\"");
  // A certificate is personal: never kept by shared caches.
  response.set_header("Cache-Control", "private, no-store");
  return response;
}

Result<TemplateInput> template_input(const web::Fields& fields) {
  TemplateInput input;
  const std::pair<std::optional<std::string>*, std::pair<const char*, std::size_t>> texts[] = {
      {&input.title_ko, {"title_ko", kMaxTitleChars}},
      {&input.title_en, {"title_en", kMaxTitleChars}},
      {&input.body_ko, {"body_ko", kMaxBodyChars}},
      {&input.body_en, {"body_en", kMaxBodyChars}},
      {&input.signature_name, {"signature_name", kMaxSignatureChars}},
      {&input.signature_title, {"signature_title", kMaxSignatureChars}},
      {&input.language, {"language", 10}}};
  for (const auto& [target, rule] : texts) {
    auto value = fields.optional_text(rule.first, rule.second);
    if (!value) return value.error();
    *target = value.value();
  }
  auto logo = fields.optional_text("logo_png_base64", kMaxLogoBytes * 4 / 3 + 8);
  if (!logo) return logo.error();
  if (logo.value() && !logo.value()->empty()) {
    auto bytes = decode_base64(*logo.value(), "logo_png_base64");
    if (!bytes) return bytes.error();
    input.logo_png = std::move(bytes.value());
  }
  auto remove = fields.optional_boolean("remove_logo");
  if (!remove) return remove.error();
  input.remove_logo = remove.value().value_or(false);
  return input;
}

void add_certificate_api(http::Router& router, accounts::WebSession& session,
                         CertificatesService& certificates) {
  const std::string community = "/api/v1/communities/{slug}";

  router.get(community + "/certificates/template",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto settings =
                       certificates.template_settings(context.viewer, request.param("slug"));
                   if (!settings) return settings.error();
                   return ApiReply{200, {{"template", template_json(settings.value())}}, {}};
                 }));

  router.put(community + "/certificates/template",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   auto input = template_input(fields.value());
                   if (!input) return input.error();
                   auto saved = certificates.update_template(context.viewer, request.param("slug"),
                                                             input.value());
                   if (!saved) return saved.error();
                   return ApiReply{200, {{"template", template_json(saved.value())}}, {}};
                 }));

  // Binary answers go around api_route (which speaks JSON), with the same
  // authentication and the same JSON error shape.
  router.get(community + "/certificates/preview", [&](http::Request& request) {
    auto context = session.api_context(request);
    if (!context) return web::error_response(context.error());
    auto pdf = certificates.preview_pdf(context->viewer, request.param("slug"),
                                        request.query_param("language").value_or("ko"));
    if (!pdf) return web::error_response(pdf.error());
    return pdf_response(std::move(pdf.value()), "certificate-preview.pdf", true);
  });

  router.get(community + "/certificates/cohorts",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = certificates.cohorts(context.viewer, request.param("slug"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& cohort : list.value())
                     items.push_back({{"cohort", cohort.cohort_key},
                                      {"name", cohort.cohort_name},
                                      {"closed", cohort.closed},
                                      {"completers", cohort.completers},
                                      {"issued", cohort.issued}});
                   return ApiReply{200, {{"cohorts", std::move(items)}}, {}};
                 }));

  router.get(community + "/cohorts/{cohort}/certificates",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = certificates.cohort_certificates(
                       context.viewer, request.param("slug"), request.param("cohort"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list->certificates)
                     items.push_back(certificate_json(item, true));
                   return ApiReply{200,
                                   {{"closed", list->closed},
                                    {"completers", list->completers},
                                    {"certificates", std::move(items)}},
                                   {}};
                 }));

  router.post(
      community + "/cohorts/{cohort}/certificates",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto outcome = certificates.issue_cohort(
                                context.viewer, request.param("slug"), request.param("cohort"));
                            if (!outcome) return outcome.error();
                            return ApiReply{200,
                                            {{"completers", outcome->completers},
                                             {"issued", outcome->issued},
                                             {"already", outcome->already}},
                                            {}};
                          }));

  router.get("/api/v1/me/certificates",
             accounts::api_route(session,
                                 [&](RequestContext& context, http::Request&) -> Result<ApiReply> {
                                   auto list = certificates.mine(context.viewer);
                                   if (!list) return list.error();
                                   boost::json::array items;
                                   for (const auto& item : list.value())
                                     items.push_back(certificate_json(item, false));
                                   return ApiReply{200, {{"certificates", std::move(items)}}, {}};
                                 }));

  router.get(
      "/api/v1/certificates/{number}",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            auto found = certificates.certificate(context.viewer, request.param("number"));
            if (!found) return found.error();
            // The owner sees their own; the reason is for organizers.
            const bool organizer = found->user_id != context.viewer.user_id();
            return ApiReply{200, {{"certificate", certificate_json(found.value(), organizer)}}, {}};
          }));

  router.get("/api/v1/certificates/{number}/pdf", [&](http::Request& request) {
    auto context = session.api_context(request);
    if (!context) return web::error_response(context.error());
    auto pdf = certificates.pdf(context->viewer, request.param("number"));
    if (!pdf) return web::error_response(pdf.error());
    return pdf_response(std::move(pdf.value()), request.param("number") + ".pdf", false);
  });

  router.post(
      "/api/v1/certificates/{number}/revoke",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto reason = fields->text("reason", 1, kMaxRevokeReasonChars);
            if (!reason) return reason.error();
            auto revoked =
                certificates.revoke(context.viewer, request.param("number"), reason.value());
            if (!revoked) return revoked.error();
            return ApiReply{200, {{"certificate", certificate_json(revoked.value(), true)}}, {}};
          }));

  router.post(
      "/api/v1/certificates/{number}/reissue",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fresh = certificates.reissue(context.viewer, request.param("number"));
            if (!fresh) return fresh.error();
            return ApiReply{201, {{"certificate", certificate_json(fresh.value(), true)}}, {}};
          }));

  // Public: anyone holding a number may check it.
  router.get("/api/v1/verify/{number}",
             accounts::api_route(
                 session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
                   auto found = certificates.verify(request.param("number"));
                   if (!found) return found.error();
                   return ApiReply{200, {{"certificate", verification_json(found.value())}}, {}};
                 }));

  // Public, for a certificate whose holder erased their account: is this
  // the name printed on the PDF? Rate-limited (holder_name.hpp).
  router.post("/api/v1/verify/{number}/name",
              accounts::api_route(session,
                                  [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
                                    auto fields = accounts::api_fields(request);
                                    if (!fields) return fields.error();
                                    auto name = fields->text("name", 1, kMaxHolderNameChars);
                                    if (!name) return name.error();
                                    auto matches = certificates.check_holder_name(
                                        request.param("number"), name.value(), request.remote_ip);
                                    if (!matches) return matches.error();
                                    return ApiReply{200, {{"matches", matches.value()}}, {}};
                                  }));
}

}  // namespace moim::certificates
