// Sign-up, log-in, verification and reset links, and the "me" page.
#include "features/accounts/consent_terms.hpp"
#include "features/accounts/consents.hpp"
#include "features/accounts/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::accounts {

namespace {

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

http::Response forbidden_form(WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

http::Response signed_in_redirect(WebSession& session, const RequestContext& context,
                                  const SessionGrant& grant, const std::string& next) {
  http::Response response = http::Response::redirect(next);
  for (const auto& cookie : session.login_cookies(context, grant)) response.set_cookie(cookie);
  return response;
}

// A form page shown again with the error; a 429 or 503 says when to retry.
http::Response form_error(WebSession& session, const RequestContext& context,
                          std::string_view template_name, boost::json::object data,
                          const std::string& title_key, const Error& error) {
  const Error shown = error.http_status >= 500 ? web::public_error(error) : error;
  http::Response response = session.page(context, shown.http_status, template_name, std::move(data),
                                         {.title = session.text(context, title_key),
                                          .error_text = session.error_text(context, shown)});
  web::set_retry_after(response, shown);
  return response;
}

}  // namespace

void add_account_pages(http::Router& router, WebSession& session) {
  AccountsService& accounts = session.accounts();

  router.get("/signup", [&](http::Request& request) {
    auto context = session.context(request);
    if (context.viewer.signed_in()) return http::Response::redirect("/");
    return session.page(context, 200, "accounts/signup",
                        {{"next", safe_next(request.query_param("next"))},
                         {"consents", consent_terms(session, context, {})},
                         {"policy_version", std::string(kPolicyVersion)}},
                        {.title = session.text(context, "signup_title")});
  });

  router.post("/signup", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    const std::string next = safe_next(field(form, "next"));
    web::Fields fields(form);
    auto display_name = fields.optional_text("display_name", 1000);
    auto email = fields.optional_text("email", 1000);
    const std::vector<std::string> chosen = consents_from_form(form);
    Result<std::optional<User>> user = Error::invalid("display_name", "display_name is required");
    if (display_name && email) {
      std::optional<std::string> locale = context.language;
      user = sign_up_with_consents(
          accounts,
          {email->value_or(""), display_name->value_or(""), field(form, "password"), locale},
          request.remote_ip, chosen);
    } else {
      user = display_name ? email.error() : display_name.error();
    }
    if (!user) {
      boost::json::object data{
          {"next", next},
          {"email", field(form, "email")},
          {"display_name", field(form, "display_name")},
          {"error_field", user.error().field},
          {"consents", consent_terms(session, context, {chosen.begin(), chosen.end()})},
          {"policy_version", std::string(kPolicyVersion)}};
      // A missing required consent: its checkbox is marked, what was typed kept.
      if (user.error().field.starts_with("consent")) {
        const Error& refused = user.error();
        return session.mark_form(
            session.page(context, refused.http_status, "accounts/signup", std::move(data),
                         {.title = session.text(context, "signup_title")}),
            request, context, refused);
      }
      return form_error(session, context, "accounts/signup", std::move(data), "signup_title",
                        user.error());
    }
    // New address or taken, the page answers alike (no account enumeration):
    // a new person got the verification mail and logs in with the password
    // just chosen; an existing account's owner was mailed that someone tried.
    return http::Response::redirect(
        "/login?notice=signup_mailed" +
        (next == "/" ? std::string() : "&next=" + http::percent_encode(next)));
  });

  router.get("/login", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string next = safe_next(request.query_param("next"));
    if (context.viewer.signed_in()) return http::Response::redirect(next);
    return session.page(
        context, 200, "accounts/login", {{"next", next}},
        {.title = session.text(context, "login_title"),
         .notice_key = request.query_param("notice") == "password_reset"  ? "notice_password_reset"
                       : request.query_param("notice") == "signup_mailed" ? "notice_signup_mailed"
                                                                          : ""});
  });

  router.post("/login", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    const std::string next = safe_next(field(form, "next"));
    auto grant = accounts.log_in(field(form, "email"), field(form, "password"),
                                 WebSession::login_client(request));
    if (!grant) {
      boost::json::object data{{"next", next},
                               {"email", field(form, "email")},
                               {"error_field", grant.error().field},
                               {"throttled", grant.error().http_status == 429}};
      return form_error(session, context, "accounts/login", std::move(data), "login_title",
                        grant.error());
    }
    return signed_in_redirect(session, context, grant.value(), next);
  });

  router.post("/logout", [&](http::Request& request) {
    auto context = session.context(request);
    if (!session.csrf_ok(context, request.form())) return forbidden_form(session, context);
    if (auto token = request.cookie(kSessionCookie)) (void)accounts.log_out(*token);
    http::Response response = http::Response::redirect("/");
    response.set_cookie(session.session_cookie(context, "", 0));
    return response;
  });

  router.get("/verify-email", [&](http::Request& request) {
    auto context = session.context(request);
    auto verified = accounts.verify_email(request.query_param("token").value_or(""));
    boost::json::object data{
        {"ok", verified.ok()},
        {"message", verified.ok() ? session.text(context, "verify_done")
                                  : session.error_text(context, verified.error())}};
    return session.page(context, verified.ok() ? 200 : 400, "accounts/verified", std::move(data),
                        {.title = session.text(context, "verify_title")});
  });

  router.post("/verify-email/resend", [&](http::Request& request) {
    auto context = session.context(request);
    if (!session.csrf_ok(context, request.form())) return forbidden_form(session, context);
    auto sent = accounts.resend_verification(context.viewer);
    if (!sent) return session.form_failed(request, context, sent.error());
    return http::Response::redirect("/me?notice=verification_sent");
  });

  router.get("/password/forgot", [&](http::Request& request) {
    auto context = session.context(request);
    return session.page(context, 200, "accounts/forgot", {},
                        {.title = session.text(context, "forgot_title")});
  });

  router.post("/password/forgot", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    auto requested = accounts.request_password_reset(field(form, "email"), request.remote_ip);
    if (!requested) {
      return form_error(session, context, "accounts/forgot", {{"email", field(form, "email")}},
                        "forgot_title", requested.error());
    }
    return session.page(
        context, 200, "accounts/forgot", {{"sent", true}},
        {.title = session.text(context, "forgot_title"), .notice_key = "notice_reset_sent"});
  });

  // Login links: asked for by address, confirmed with a button (so that a
  // mail scanner opening the link does not spend it).
  router.get("/login/link", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string token = request.query_param("token").value_or("");
    return session.page(context, 200, "accounts/login_link",
                        {{"token", token.size() <= 100 ? token : ""}},
                        {.title = session.text(context, "login_link_title")});
  });

  router.post("/login/link", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    auto requested = accounts.request_login_link(field(form, "email"), request.remote_ip);
    if (!requested) {
      return form_error(session, context, "accounts/login_link", {{"email", field(form, "email")}},
                        "login_link_title", requested.error());
    }
    return session.page(context, 200, "accounts/login_link", {{"sent", true}},
                        {.title = session.text(context, "login_link_title"),
                         .notice_key = "notice_login_link_sent"});
  });

  router.post("/login/link/confirm", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    auto grant = accounts.log_in_with_link(field(form, "token"), WebSession::login_client(request));
    if (!grant) {
      return form_error(session, context, "accounts/login_link", {}, "login_link_title",
                        grant.error());
    }
    return signed_in_redirect(session, context, grant.value(), "/");
  });

  router.get("/password/reset", [&](http::Request& request) {
    auto context = session.context(request);
    return session.page(context, 200, "accounts/reset",
                        {{"token", request.query_param("token").value_or("")}},
                        {.title = session.text(context, "reset_title")});
  });

  router.post("/password/reset", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    auto reset = accounts.reset_password(field(form, "token"), field(form, "new_password"));
    if (!reset) {
      return session.page(context, reset.error().http_status, "accounts/reset",
                          {{"token", field(form, "token")}},
                          {.title = session.text(context, "reset_title"),
                           .error_text = session.error_text(context, reset.error())});
    }
    return http::Response::redirect("/login?notice=password_reset");
  });

  router.post("/language", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    const std::string language = field(form, "lang") == "en" ? "en" : "ko";
    if (context.viewer.signed_in()) {
      ProfileUpdate update;
      update.locale = language;
      (void)accounts.update_profile(context.viewer, update);
    }
    http::Response response = http::Response::redirect(safe_next(field(form, "return_to")));
    response.set_cookie({.name = std::string(kLanguageCookie),
                         .value = language,
                         .max_age_seconds = 365 * 24 * 3600,
                         .http_only = true,
                         .secure = context.secure,
                         .same_site = "Lax"});
    return response;
  });

  // `typed`: what the visitor sent in a refused profile form, shown again
  // instead of the saved values so that nothing they typed is lost.
  auto render_me = [&](const RequestContext& context, int status, const std::string& notice,
                       const std::string& error_text, const std::string& new_secret,
                       const std::map<std::string, std::string>& typed) {
    auto tokens = accounts.api_tokens(context.viewer);
    auto sessions = accounts.sessions(context.viewer);
    boost::json::array token_list;
    if (tokens) {
      for (const auto& token : tokens.value()) {
        if (token.revoked) continue;
        token_list.push_back(
            {{"id", token.id},
             {"name", token.name},
             {"prefix", token.prefix},
             {"created", format_local(token.created_at, "Asia/Seoul")},
             {"last_used",
              token.last_used_at ? format_local(*token.last_used_at, "Asia/Seoul") : "-"}});
      }
    }
    boost::json::array session_list;
    if (sessions) {
      for (const auto& info : sessions.value()) {
        session_list.push_back({{"last_seen", format_local(info.last_seen_at, "Asia/Seoul")},
                                {"user_agent", info.user_agent.substr(0, 60)},
                                {"ip", info.ip},
                                {"current", info.current}});
      }
    }
    const User& user = *context.viewer.user;
    std::string interests;
    for (const auto& tag : user.interests) interests += (interests.empty() ? "" : ", ") + tag;
    boost::json::object shown = user_json(user, true);
    for (const char* name : {"display_name", "bio", "github_url", "blog_url", "linkedin_url"}) {
      if (auto sent = typed.find(name); sent != typed.end()) shown[name] = sent->second;
    }
    if (auto sent = typed.find("interests"); sent != typed.end()) interests = sent->second;
    boost::json::object data{{"user", std::move(shown)},
                             {"interests_text", interests},
                             {"tokens", token_list},
                             {"sessions", session_list},
                             {"new_secret", new_secret},
                             {"locale_ko", user.locale == std::optional<std::string>("ko")},
                             {"locale_en", user.locale == std::optional<std::string>("en")},
                             {"locale_auto", !user.locale.has_value()}};
    return session.page(context, status, "accounts/me", std::move(data),
                        {.title = session.text(context, "me_title"),
                         .notice_key = notice,
                         .error_text = error_text});
  };

  router.get("/me", [&, render_me](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const std::string notice = request.query_param("notice").value_or("");
    const bool known = session.catalog().strings(context.language).contains("notice_" + notice);
    return render_me(context, 200, known ? "notice_" + notice : "", "", "", {});
  });

  router.post("/me/profile", [&, render_me](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    web::Fields fields(form);
    ProfileUpdate update;
    Status parsed = ok_status();
    auto read = [&](std::optional<std::string>& target, const char* name, std::size_t max) {
      if (!parsed) return;
      auto value = fields.optional_text(name, max);
      if (!value)
        parsed = value.error();
      else
        target = value.value();
    };
    read(update.display_name, "display_name", kMaxDisplayNameChars);
    read(update.bio, "bio", kMaxBioChars);
    read(update.github_url, "github_url", kMaxUrlChars);
    read(update.blog_url, "blog_url", kMaxUrlChars);
    read(update.linkedin_url, "linkedin_url", kMaxUrlChars);
    read(update.locale, "locale", 2);
    if (parsed) {
      auto interests = fields.optional_list("interests", kMaxInterests, kMaxInterestChars);
      if (!interests)
        parsed = interests.error();
      else
        update.interests = interests.value();
    }
    if (parsed) {
      auto updated = accounts.update_profile(context.viewer, update);
      if (updated) return http::Response::redirect("/me?notice=saved");
      parsed = updated.error();
    }
    // Typed text kept, the field marked beside it (issue #12).
    return session.mark_form(render_me(context, parsed.error().http_status, "", "", "", form),
                             request, context, parsed.error());
  });

  router.post("/me/password", [&, render_me](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    auto changed = accounts.change_password(context.viewer, field(form, "current_password"),
                                            field(form, "new_password"));
    if (!changed) {
      return render_me(context, changed.error().http_status, "",
                       session.error_text(context, changed.error()), "", {});
    }
    return http::Response::redirect("/me?notice=password_changed");
  });

  router.post("/me/tokens", [&, render_me](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return forbidden_form(session, context);
    auto created = accounts.create_api_token(context.viewer, field(form, "name"));
    if (!created) {
      return render_me(context, created.error().http_status, "",
                       session.error_text(context, created.error()), "", {});
    }
    // The secret is shown once, on this response, and never stored in clear.
    return render_me(context, 201, "notice_token_created", "", created->second, {});
  });

  router.post("/me/tokens/{token_id}/revoke", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return forbidden_form(session, context);
    auto token_id = path_id(request, "token_id");
    if (!token_id) return session.form_failed(request, context, token_id.error());
    auto revoked = accounts.revoke_api_token(context.viewer, token_id.value());
    if (!revoked) return session.form_failed(request, context, revoked.error());
    return http::Response::redirect("/me?notice=token_revoked");
  });

  router.post("/me/logout-everywhere", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return forbidden_form(session, context);
    (void)accounts.log_out_everywhere(context.viewer);
    http::Response response = http::Response::redirect("/login");
    response.set_cookie(session.session_cookie(context, "", 0));
    return response;
  });
}

}  // namespace moim::accounts
