// Every route of the certificates room, pages and API, declared in one place.
#pragma once

#include <boost/json/object.hpp>

#include "features/accounts/web_session.hpp"
#include "features/certificates/certificates_service.hpp"
#include "features/certificates/pdf_renderer.hpp"
#include "platform/http/router.hpp"

namespace moim::certificates {

void add_certificate_pages(http::Router& router, accounts::WebSession& session,
                           CertificatesService& certificates);
void add_certificate_api(http::Router& router, accounts::WebSession& session,
                         CertificatesService& certificates);

// Shared by pages and API. The reason of a revocation only for organizers.
boost::json::object certificate_json(const Certificate& certificate, bool with_reason);
boost::json::object verification_json(const Verification& verification);
boost::json::object template_json(const TemplateSettings& settings);

// The template fields of a JSON body or a form (the logo as base64 text).
Result<TemplateInput> template_input(const web::Fields& fields);

// A PDF download; `inline` shows it in the browser instead of saving it.
http::Response pdf_response(std::string bytes, const std::string& file_name, bool inline_view);

}  // namespace moim::certificates
