// /api/v1/auth/* and /api/v1/me*: the JSON twin of the account pages.
#include "features/accounts/consents.hpp"
#include "features/accounts/routes.hpp"

namespace moim::accounts {

namespace {

boost::json::object token_json(const ApiToken& token) {
  return {{"id", token.id},
          {"name", token.name},
          {"prefix", token.prefix},
          {"created_at", token.created_at},
          {"last_used_at", token.last_used_at ? boost::json::value(*token.last_used_at) : nullptr},
          {"revoked", token.revoked}};
}

Result<ApiReply> no_content(Status status) {
  if (!status) return status.error();
  return ApiReply{204, nullptr, {}};
}

ApiReply signed_in(WebSession& session, const RequestContext& context, const SessionGrant& grant) {
  return ApiReply{200,
                  {{"user", user_json(grant.user, true)},
                   {"csrf_token", grant.csrf_token},
                   {"expires_at", grant.expires_at}},
                  session.login_cookies(context, grant)};
}

}  // namespace

void add_account_api(http::Router& router, WebSession& session) {
  AccountsService& accounts = session.accounts();

  router.post(
      "/api/v1/auth/signup",
      api_route(session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
        auto fields = api_fields(request);
        if (!fields) return fields.error();
        auto email = fields->text("email", 1, kMaxEmailChars);
        if (!email) return email.error();
        auto display_name = fields->text("display_name", 1, kMaxDisplayNameChars);
        if (!display_name) return display_name.error();
        auto password = fields->optional_text("password", kMaxPasswordChars * 4);
        if (!password) return password.error();
        if (!password->has_value()) return Error::invalid("password", "password is required");
        auto locale = fields->optional_text("locale", 2);
        if (!locale) return locale.error();
        // 개인정보 수집·이용 동의 (issue #16): the purposes agreed to, every
        // required one among them (consents.hpp).
        auto consents = fields->optional_list("consents", kConsentPurposes.size() * 2, 40);
        if (!consents) return consents.error();
        auto user = sign_up_with_consents(
            accounts, {email.value(), display_name.value(), **password, locale.value()},
            request.remote_ip, consents->value_or(std::vector<std::string>{}));
        if (!user) return user.error();
        // The same answer whether the address was new (a verification
        // mail) or already had an account (a mail to its owner).
        return ApiReply{
            202, {{"status", "check your email: we sent you a message about your account"}}, {}};
      }));

  router.post(
      "/api/v1/auth/login",
      api_route(session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
        auto fields = api_fields(request);
        if (!fields) return fields.error();
        auto email = fields->text("email", 1, kMaxEmailChars);
        if (!email) return email.error();
        auto password = fields->optional_text("password", kMaxPasswordChars * 4);
        if (!password) return password.error();
        if (!password->has_value()) return Error::invalid("password", "password is required");
        auto grant = accounts.log_in(email.value(), **password, WebSession::login_client(request));
        if (!grant) return grant.error();
        return signed_in(session, context, grant.value());
      }));

  router.post(
      "/api/v1/auth/login-link",
      api_route(session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
        auto fields = api_fields(request);
        if (!fields) return fields.error();
        auto email = fields->text("email", 1, kMaxEmailChars);
        if (!email) return email.error();
        if (auto status = accounts.request_login_link(email.value(), request.remote_ip); !status)
          return status.error();
        return ApiReply{
            202, {{"status", "if the address has an account, a login link is on its way"}}, {}};
      }));

  router.post(
      "/api/v1/auth/login-link/confirm",
      api_route(session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
        auto fields = api_fields(request);
        if (!fields) return fields.error();
        auto token = fields->text("token", 1, 100);
        if (!token) return token.error();
        auto grant = accounts.log_in_with_link(token.value(), WebSession::login_client(request));
        if (!grant) return grant.error();
        return signed_in(session, context, grant.value());
      }));

  router.post(
      "/api/v1/auth/logout",
      api_route(session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
        if (auto token = request.cookie(kSessionCookie)) {
          if (auto status = accounts.log_out(*token); !status) return status.error();
        }
        return ApiReply{204, nullptr, {session.session_cookie(context, "", 0)}};
      }));

  router.post("/api/v1/auth/logout-all",
              api_route(session, [&](RequestContext& context, http::Request&) -> Result<ApiReply> {
                if (auto status = accounts.log_out_everywhere(context.viewer); !status)
                  return status.error();
                return ApiReply{204, nullptr, {session.session_cookie(context, "", 0)}};
              }));

  router.post(
      "/api/v1/auth/password",
      api_route(session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
        if (!context.viewer.signed_in()) return Error::unauthenticated();
        auto fields = api_fields(request);
        if (!fields) return fields.error();
        auto current = fields->optional_text("current_password", kMaxPasswordChars * 4);
        if (!current) return current.error();
        auto next = fields->optional_text("new_password", kMaxPasswordChars * 4);
        if (!next) return next.error();
        if (!current->has_value())
          return Error::invalid("current_password", "current_password is required");
        if (!next->has_value()) return Error::invalid("new_password", "new_password is required");
        return no_content(accounts.change_password(context.viewer, **current, **next));
      }));

  router.post("/api/v1/auth/verify-email",
              api_route(session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
                auto fields = api_fields(request);
                if (!fields) return fields.error();
                auto token = fields->text("token", 1, 100);
                if (!token) return token.error();
                return no_content(accounts.verify_email(token.value()));
              }));

  router.post("/api/v1/auth/verify-email/resend",
              api_route(session, [&](RequestContext& context, http::Request&) -> Result<ApiReply> {
                return no_content(accounts.resend_verification(context.viewer));
              }));

  router.post(
      "/api/v1/auth/password-reset",
      api_route(session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
        auto fields = api_fields(request);
        if (!fields) return fields.error();
        auto email = fields->text("email", 1, kMaxEmailChars);
        if (!email) return email.error();
        if (auto status = accounts.request_password_reset(email.value(), request.remote_ip);
            !status)
          return status.error();
        return ApiReply{
            202, {{"status", "if the address has an account, a reset link is on its way"}}, {}};
      }));

  router.post("/api/v1/auth/password-reset/confirm",
              api_route(session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
                auto fields = api_fields(request);
                if (!fields) return fields.error();
                auto token = fields->text("token", 1, 100);
                if (!token) return token.error();
                auto next = fields->optional_text("new_password", kMaxPasswordChars * 4);
                if (!next) return next.error();
                if (!next->has_value())
                  return Error::invalid("new_password", "new_password is required");
                return no_content(accounts.reset_password(token.value(), **next));
              }));

  router.get("/api/v1/me",
             api_route(session, [&](RequestContext& context, http::Request&) -> Result<ApiReply> {
               if (!context.viewer.signed_in()) return Error::unauthenticated();
               return ApiReply{200, {{"user", user_json(*context.viewer.user, true)}}, {}};
             }));

  router.patch(
      "/api/v1/me",
      api_route(session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
        if (!context.viewer.signed_in()) return Error::unauthenticated();
        auto fields = api_fields(request);
        if (!fields) return fields.error();
        ProfileUpdate update;
        auto display_name = fields->optional_text("display_name", kMaxDisplayNameChars);
        if (!display_name) return display_name.error();
        update.display_name = display_name.value();
        auto bio = fields->optional_text("bio", kMaxBioChars);
        if (!bio) return bio.error();
        update.bio = bio.value();
        for (auto [target, name] :
             {std::pair{&update.github_url, "github_url"}, std::pair{&update.blog_url, "blog_url"},
              std::pair{&update.linkedin_url, "linkedin_url"}}) {
          auto url = fields->optional_text(name, kMaxUrlChars);
          if (!url) return url.error();
          *target = url.value();
        }
        auto interests = fields->optional_list("interests", kMaxInterests, kMaxInterestChars);
        if (!interests) return interests.error();
        update.interests = interests.value();
        auto locale = fields->optional_text("locale", 2);
        if (!locale) return locale.error();
        update.locale = locale.value();
        auto user = accounts.update_profile(context.viewer, update);
        if (!user) return user.error();
        return ApiReply{200, {{"user", user_json(user.value(), true)}}, {}};
      }));

  router.get("/api/v1/me/tokens",
             api_route(session, [&](RequestContext& context, http::Request&) -> Result<ApiReply> {
               auto tokens = accounts.api_tokens(context.viewer);
               if (!tokens) return tokens.error();
               boost::json::array list;
               for (const auto& token : tokens.value()) list.push_back(token_json(token));
               return ApiReply{200, {{"tokens", std::move(list)}}, {}};
             }));

  router.post(
      "/api/v1/me/tokens",
      api_route(session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
        if (!context.viewer.signed_in()) return Error::unauthenticated();
        auto fields = api_fields(request);
        if (!fields) return fields.error();
        auto name = fields->text("name", 1, kMaxTokenNameChars);
        if (!name) return name.error();
        auto created = accounts.create_api_token(context.viewer, name.value());
        if (!created) return created.error();
        return ApiReply{
            201, {{"token", token_json(created->first)}, {"secret", created->second}}, {}};
      }));

  router.del(
      "/api/v1/me/tokens/{token_id}",
      api_route(session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
        if (!context.viewer.signed_in()) return Error::unauthenticated();
        auto token_id = path_id(request, "token_id");
        if (!token_id) return token_id.error();
        return no_content(accounts.revoke_api_token(context.viewer, token_id.value()));
      }));

  router.get("/api/v1/me/sessions",
             api_route(session, [&](RequestContext& context, http::Request&) -> Result<ApiReply> {
               auto sessions = accounts.sessions(context.viewer);
               if (!sessions) return sessions.error();
               boost::json::array list;
               for (const auto& info : sessions.value()) {
                 list.push_back({{"id", info.id},
                                 {"created_at", info.created_at},
                                 {"last_seen_at", info.last_seen_at},
                                 {"user_agent", info.user_agent},
                                 {"ip", info.ip},
                                 {"current", info.current}});
               }
               return ApiReply{200, {{"sessions", std::move(list)}}, {}};
             }));
}

}  // namespace moim::accounts
