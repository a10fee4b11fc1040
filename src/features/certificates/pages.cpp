// Certificate pages: the public /verify page, a member's own certificates
// with downloads, and the organizers' template settings (with a preview PDF)
// and per-cohort issue / revoke / re-issue screens.
#include <algorithm>
#include <map>

#include "features/certificates/certificate_number.hpp"
#include "features/certificates/holder_name.hpp"
#include "features/certificates/routes.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::certificates {

using accounts::RequestContext;

namespace {

http::Response csrf_refused(accounts::WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

// "CERT-...pdf" or "CERT-..." from the last path segment.
std::string number_of(const std::string& segment) {
  std::string number = segment;
  if (number.ends_with(".pdf")) number.resize(number.size() - 4);
  return number;
}

// What the pages show of a certificate's kind, the same on a member's list
// and on /verify: which kind (the template picks the rows of facts), its
// name in the reader's language, and its dates as one span.
void add_kind(accounts::WebSession& session, const RequestContext& context,
              boost::json::object& view, const std::string& kind, const std::string& role,
              const std::string& starts_on, const std::string& ends_on) {
  view["role_label"] = session.text(context, "certificate_role_" + role);
  view["completion"] = kind == kCompletion;
  view["attendance"] = kind == kAttendance;
  view["mentoring"] = kind == kMentoring;
  view["mentor"] = kind == kMentoring && role == "mentor";
  if (kind == kMentoring)
    view["kind_label"] = session.text(context, "certificates_kind_mentoring_" + role);
  const std::string dates =
      ends_on.empty() || ends_on == starts_on ? starts_on : starts_on + " – " + ends_on;
  view["event_dates"] = dates;
  view["program_dates"] = dates;
}

boost::json::object certificate_view(accounts::WebSession& session, const RequestContext& context,
                                     const Certificate& certificate, bool with_reason) {
  boost::json::object view = certificate_json(certificate, with_reason);
  add_kind(session, context, view, certificate.kind, certificate.role, certificate.starts_on,
           certificate.ends_on);
  view["issued_on"] = format_local(certificate.issued_at, certificate.time_zone, "%Y-%m-%d");
  view["revoked"] = certificate.revoked_at.has_value();
  if (certificate.revoked_at)
    view["revoked_on"] = format_local(*certificate.revoked_at, certificate.time_zone, "%Y-%m-%d");
  return view;
}

std::string cohort_path(const std::string& slug, const std::string& cohort_key) {
  return "/c/" + slug + "/cohorts/" + cohort_key + "/certificates";
}

// Where a revoke or re-issue form returns: a cohort's certificate page, or
// for a certificate of attendance or mentoring the page that sent the form
// (`back`, a path inside the certificate's community, e.g. the event's
// after page or the program's page), else the verification page.
std::string back_to(const std::map<std::string, std::string>& form,
                    const Certificate& certificate) {
  if (certificate.kind == kCompletion)
    return cohort_path(certificate.community_slug, certificate.cohort_key);
  auto back = form.find("back");
  const std::string inside = "/c/" + certificate.community_slug + "/";
  if (back != form.end() && back->second.starts_with(inside) &&
      back->second.find_first_of("?#\\\r\n") == std::string::npos &&
      back->second.find("//") == std::string::npos)
    return back->second;
  return "/verify/" + certificate.number;
}

// The organizers' page: the template form (`form` as template_json gives it,
// or as typed) and the cohorts to issue for.
http::Response settings_page(accounts::WebSession& session, CertificatesService& certificates,
                             const RequestContext& context, const std::string& slug,
                             boost::json::object form, const accounts::PageOptions& options,
                             int status = 200) {
  auto cohorts = certificates.cohorts(context.viewer, slug);
  if (!cohorts) return session.refuse(context, cohorts.error());
  boost::json::array cohort_items;
  for (const auto& cohort : cohorts.value())
    cohort_items.push_back({{"key", cohort.cohort_key},
                            {"name", cohort.cohort_name},
                            {"closed", cohort.closed},
                            {"completers", cohort.completers},
                            {"issued", cohort.issued}});
  const std::string language = form["language"].is_string()
                                   ? std::string(form["language"].as_string())
                                   : std::string("member");
  form["language_member"] = language == "member";
  form["language_ko"] = language == "ko";
  form["language_en"] = language == "en";
  return session.page(context, status, "certificates/settings",
                      {{"slug", slug},
                       {"template", std::move(form)},
                       {"cohorts", cohort_items},
                       {"no_cohorts", cohort_items.empty()},
                       {"max_logo_kb", kMaxLogoBytes / 1024}},
                      options);
}

// What the public verification page shows of a certificate.
boost::json::object verification_view(accounts::WebSession& session,
                                      const accounts::RequestContext& context,
                                      const Verification& cert) {
  boost::json::object view = verification_json(cert);
  add_kind(session, context, view, cert.kind, cert.role, cert.starts_on, cert.ends_on);
  view["issued_on"] = format_local(cert.issued_at, cert.time_zone, "%Y-%m-%d");
  view["revoked"] = cert.revoked_at.has_value();
  if (cert.revoked_at)
    view["revoked_on"] = format_local(*cert.revoked_at, cert.time_zone, "%Y-%m-%d");
  return view;
}

}  // namespace

void add_certificate_pages(http::Router& router, accounts::WebSession& session,
                           CertificatesService& certificates) {
  // Public verification: genuine, revoked (with its date, not its reason:
  // the reason may be personal), or unknown (404, saying so).
  router.get("/verify/{number}", [&](http::Request& request) {
    auto context = session.context(request);
    auto found = certificates.verify(request.param("number"));
    if (!found) {
      if (found.error().http_status != 404) return session.refuse(context, found.error());
      return session.page(context, 404, "certificates/verify",
                          {{"unknown", true}, {"number", request.param("number")}},
                          {.title = session.text(context, "cert_verify_title")});
    }
    const Verification& cert = found.value();
    return session.page(
        context, 200, "certificates/verify",
        {{"certificate", verification_view(session, context, cert)}},
        {.title = session.text(context, "cert_verify_title") + " · " + cert.number});
  });

  // "Check the holder's name" on the page of a certificate whose holder
  // deleted their account: the answer (matches / does not match) or what
  // was wrong with the try, on the same page. Anonymous visitors too: the
  // form carries the double-submit token (WebSession).
  router.post("/verify/{number}/name", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string& number = request.param("number");
    auto found = certificates.verify(number);
    if (!found) {
      if (found.error().http_status != 404) return session.refuse(context, found.error());
      return session.page(context, 404, "certificates/verify",
                          {{"unknown", true}, {"number", number}},
                          {.title = session.text(context, "cert_verify_title")});
    }
    auto name = web::Fields(form).text("name", 1, kMaxHolderNameChars);
    Result<bool> matches =
        name ? certificates.check_holder_name(number, name.value(), request.remote_ip)
             : Result<bool>(name.error());
    boost::json::object view = verification_view(session, context, found.value());
    int status = 200;
    if (matches) {
      view["name_check_matches"] = matches.value();
      view["name_check_differs"] = !matches.value();
    } else {
      if (matches.error().http_status >= 500 || matches.error().http_status == 404)
        return session.refuse(context, matches.error());
      status = matches.error().http_status;
      view["has_name_check_error"] = true;
      view["name_check_error"] = session.error_text(context, matches.error());
    }
    http::Response page =
        session.page(context, status, "certificates/verify", {{"certificate", std::move(view)}},
                     {.title = session.text(context, "cert_verify_title") + " · " + found->number});
    if (!matches) web::set_retry_after(page, matches.error());
    return page;
  });

  // A form to type a number in: answers with the page of that number.
  router.get("/verify", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string typed = web::trim(request.query_param("number").value_or(""));
    if (!typed.empty()) {
      const std::string number = normalized_certificate_number(typed);
      if (!number.empty()) return http::Response::redirect("/verify/" + number);
      return session.page(context, 404, "certificates/verify",
                          {{"unknown", true}, {"number", typed}, {"form", true}},
                          {.title = session.text(context, "cert_verify_title")});
    }
    return session.page(context, 200, "certificates/verify", {{"form", true}},
                        {.title = session.text(context, "cert_verify_title")});
  });

  router.get("/certificates", [&](http::Request& request) {
    auto context = session.context(request);
    auto list = certificates.mine(context.viewer);
    if (!list) return session.refuse(context, list.error());
    boost::json::array items;
    for (const auto& item : list.value())
      items.push_back(certificate_view(session, context, item, false));
    return session.page(context, 200, "certificates/mine",
                        {{"certificates", items}, {"empty", items.empty()}},
                        {.title = session.text(context, "certificates_mine_title")});
  });

  // The download: the owner, the community's organizers, platform admins.
  router.get("/certificates/{file}", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string number = number_of(request.param("file"));
    auto pdf = certificates.pdf(context.viewer, number);
    if (!pdf && (pdf.error().code == "revoked" || pdf.error().code == "name_erased")) {
      // A revoked certificate is not handed out as if it still held: the
      // page says so, with the date, as the public verification does. Nor
      // is one whose holder deleted their account (it would print no name).
      auto found = certificates.verify(number);
      if (!found) return session.refuse(context, found.error());
      const bool revoked = pdf.error().code == "revoked";
      return session.page(context, 410, "certificates/verify",
                          {{"certificate", verification_view(session, context, found.value())},
                           {"no_download", revoked},
                           {"no_download_erased", !revoked}},
                          {.title = session.text(context, "cert_verify_title") + " · " + number});
    }
    if (!pdf) return session.refuse(context, pdf.error());
    return pdf_response(std::move(pdf.value()), number + ".pdf", false);
  });

  router.get("/c/{slug}/certificates", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string& slug = request.param("slug");
    auto settings = certificates.template_settings(context.viewer, slug);
    if (!settings) return session.refuse(context, settings.error());
    const std::string notice = request.query_param("notice").value_or("");
    return settings_page(session, certificates, context, slug, template_json(settings.value()),
                         {.title = session.text(context, "certificates_settings_title"),
                          .notice_key = notice == "saved" ? "notice_certificates_saved" : ""});
  });

  router.post("/c/{slug}/certificates/template", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string& slug = request.param("slug");
    auto input = template_input(web::Fields(form));
    Result<TemplateSettings> saved =
        input ? certificates.update_template(context.viewer, slug, input.value())
              : Result<TemplateSettings>(input.error());
    if (!saved) {
      if (saved.error().http_status != 400)
        return session.form_failed(request, context, saved.error());
      // The form again with what was typed and the message; nothing was saved.
      auto current = certificates.template_settings(context.viewer, slug);
      if (!current) return session.form_failed(request, context, current.error());
      boost::json::object typed = template_json(current.value());
      for (const char* key : {"title_ko", "title_en", "body_ko", "body_en", "signature_name",
                              "signature_title", "language"}) {
        auto found = form.find(key);
        if (found != form.end()) typed[key] = found->second;
      }
      return settings_page(session, certificates, context, slug, std::move(typed),
                           {.title = session.text(context, "certificates_settings_title"),
                            .error_text = session.error_text(context, saved.error())},
                           400);
    }
    return http::Response::redirect("/c/" + slug + "/certificates?notice=saved");
  });

  router.get("/c/{slug}/certificates/preview", [&](http::Request& request) {
    auto context = session.context(request);
    auto pdf = certificates.preview_pdf(context.viewer, request.param("slug"),
                                        request.query_param("language").value_or("ko"));
    if (!pdf) return session.refuse(context, pdf.error());
    return pdf_response(std::move(pdf.value()), "certificate-preview.pdf", true);
  });

  router.get("/c/{slug}/cohorts/{cohort}/certificates", [&](http::Request& request) {
    auto context = session.context(request);
    // A big cohort has hundreds of certificates: the page shows them 50 at a
    // time, ?page=N, with links to the pages before and after.
    std::map<std::string, std::string> params;
    for (auto& [key, value] : http::parse_url_encoded(request.query)) params[key] = value;
    auto page = web::Fields(params).optional_integer("page", 1, 100000);
    if (!page) return session.refuse(context, page.error());
    const int page_number = static_cast<int>(page->value_or(1));
    auto list = certificates.cohort_certificates(context.viewer, request.param("slug"),
                                                 request.param("cohort"), page_number);
    if (!list) return session.refuse(context, list.error());
    const int pages = std::max(1, (list->total + kCertificatesPerPage - 1) / kCertificatesPerPage);
    boost::json::array items;
    for (const auto& item : list->certificates)
      items.push_back(certificate_view(session, context, item, true));
    const std::string notice = request.query_param("notice").value_or("");
    std::string notice_key;
    if (notice == "issued" || notice == "revoked" || notice == "reissued")
      notice_key = "notice_certificates_" + notice;
    boost::json::object data{{"community", communities::community_json(list->community)},
                             {"cohort", {{"key", list->cohort_key}, {"name", list->cohort_name}}},
                             {"closed", list->closed},
                             {"completers", list->completers},
                             {"certificates", items},
                             {"empty", list->total == 0},
                             {"total", list->total},
                             {"page", page_number},
                             {"pages", pages},
                             {"paged", pages > 1},
                             {"has_prev", page_number > 1},
                             {"has_next", page_number < pages},
                             {"prev_link", "?page=" + std::to_string(page_number - 1)},
                             {"next_link", "?page=" + std::to_string(page_number + 1)}};
    if (auto issued = request.query_param("issued")) data["issued_now"] = *issued;
    return session.page(
        context, 200, "certificates/cohort", std::move(data),
        {.title = list->cohort_name + " · " + session.text(context, "certificates_cohort_title"),
         .notice_key = notice_key});
  });

  router.post("/c/{slug}/cohorts/{cohort}/certificates/issue", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto outcome =
        certificates.issue_cohort(context.viewer, request.param("slug"), request.param("cohort"));
    if (!outcome) return session.form_failed(request, context, outcome.error());
    return http::Response::redirect(cohort_path(request.param("slug"), request.param("cohort")) +
                                    "?notice=issued&issued=" + std::to_string(outcome->issued));
  });

  router.post("/c/{slug}/certificates/{number}/revoke", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto found = form.find("reason");
    auto revoked = certificates.revoke(context.viewer, request.param("number"),
                                       found == form.end() ? "" : found->second);
    if (!revoked) return session.form_failed(request, context, revoked.error());
    return http::Response::redirect(back_to(form, *revoked) + "?notice=revoked");
  });

  router.post("/c/{slug}/certificates/{number}/reissue", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto fresh = certificates.reissue(context.viewer, request.param("number"));
    if (!fresh) return session.form_failed(request, context, fresh.error());
    return http::Response::redirect(back_to(form, *fresh) + "?notice=reissued");
  });
}

}  // namespace moim::certificates
