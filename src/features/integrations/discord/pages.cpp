// The pages: /c/{slug}/discord (an organizer connects the community's server
// or a webhook, tests, disconnects) and /me/discord (a member links their
// Discord account through OAuth2, or unlinks it).
#include "features/communities/routes.hpp"
#include "features/integrations/discord/routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/http/pipeline.hpp"

namespace moim::discord {

using accounts::RequestContext;

namespace {

http::Response csrf_refused(accounts::WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

bool refusal(const Error& error) {
  return error.http_status == 401 || error.http_status == 403 || error.http_status == 404;
}

}  // namespace

void add_discord_pages(http::Router& router, accounts::WebSession& session,
                       DiscordService& discord) {
  auto render_settings = [&session, &discord](
                             const RequestContext& context, const std::string& slug, int status,
                             const std::string& error_text, const std::string& notice) {
    auto current = discord.connection(context.viewer, slug);
    if (!current) return session.refuse(context, current.error());
    const ConnectionView& view = current->second;
    return session.page(
        context, status, "discord/settings",
        {{"community", communities::community_json(current->first)},
         {"connected", view.connected},
         {"is_bot", view.mode == "bot"},
         {"guild_id", view.guild_id},
         {"guild_name", view.guild_name},
         {"announcements_channel_id", view.announcements_channel_id},
         {"voice_channels", view.voice_channels},
         {"secrets", discord.can_seal()}},
        {.title = session.text(context, "discord_title") + " · " + current->first.name,
         .notice_key = notice,
         .error_text = error_text});
  };

  router.get("/c/{slug}/discord", [&session, render_settings](http::Request& request) {
    auto context = session.context(request);
    const std::string notice = request.query_param("notice").value_or("");
    return render_settings(context, request.param("slug"), 200, "",
                           notice == "disconnected" ? "notice_discord_disconnected" : "");
  });

  router.post("/c/{slug}/discord", [&session, &discord, render_settings](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto connected = discord.connect(context.viewer, request.param("slug"), web::Fields(form));
    if (!connected) {
      if (refusal(connected.error())) return session.refuse(context, connected.error());
      return render_settings(context, request.param("slug"), connected.error().http_status,
                             session.error_text(context, connected.error()), "");
    }
    return render_settings(context, request.param("slug"), 200, "", "notice_discord_connected");
  });

  router.post(
      "/c/{slug}/discord/test", [&session, &discord, render_settings](http::Request& request) {
        auto context = session.context(request);
        if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
        if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
        auto tested = discord.test(context.viewer, request.param("slug"));
        if (!tested) {
          if (refusal(tested.error())) return session.refuse(context, tested.error());
          return render_settings(context, request.param("slug"), tested.error().http_status,
                                 session.error_text(context, tested.error()), "");
        }
        return render_settings(context, request.param("slug"), 200, "", "notice_discord_test_ok");
      });

  router.post("/c/{slug}/discord/disconnect", [&session, &discord](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto removed = discord.disconnect(context.viewer, request.param("slug"));
    if (!removed) return session.refuse(context, removed.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/discord?notice=disconnected");
  });

  auto render_link = [&session, &discord](const RequestContext& context, int status,
                                          const std::string& error_text,
                                          const std::string& notice) {
    auto link = discord.my_link(context.viewer);
    if (!link) return session.refuse(context, link.error());
    boost::json::object data{{"linked", link->has_value()}, {"enabled", discord.linking_enabled()}};
    if (link->has_value()) {
      data["username"] = (*link)->discord_username;
      data["discord_user_id"] = (*link)->discord_user_id;
    }
    auto page = session.page(context, status, "discord/link", std::move(data),
                             {.title = session.text(context, "discord_link_title"),
                              .notice_key = notice,
                              .error_text = error_text});
    // "Link Discord" posts here (a form: it keeps the CSRF token) and is
    // redirected to Discord's OAuth page, which Chromium checks against this
    // page's form-action: allow that one origin, on this page only.
    if (discord.linking_enabled() && !link->has_value())
      page.set_header("Content-Security-Policy",
                      http::content_security_policy(discord.oauth_origin()));
    return page;
  };

  router.get("/me/discord", [&session, render_link](http::Request& request) {
    auto context = session.context(request);
    const std::string notice = request.query_param("notice").value_or("");
    return render_link(context, 200, "",
                       notice == "linked"     ? "notice_discord_linked"
                       : notice == "unlinked" ? "notice_discord_unlinked"
                                              : "");
  });

  router.post("/me/discord/link", [&session, &discord, render_link](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto url = discord.start_link(context.viewer);
    if (!url)
      return render_link(context, url.error().http_status, session.error_text(context, url.error()),
                         "");
    return http::Response::redirect(url.value());
  });

  // Discord sends the member back here. The state (bound to this browser
  // session, used once) is what makes this safe without our form token.
  router.get("/me/discord/callback", [&session, &discord, render_link](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (auto denied = request.query_param("error"))
      return render_link(context, 400, session.text(context, "discord_link_denied"), "");
    auto linked = discord.finish_link(context.viewer, request.query_param("code").value_or(""),
                                      request.query_param("state").value_or(""));
    if (!linked)
      return render_link(context, linked.error().http_status,
                         session.error_text(context, linked.error()), "");
    return http::Response::redirect("/me/discord?notice=linked");
  });

  router.post("/me/discord/unlink", [&session, &discord](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto removed = discord.unlink(context.viewer);
    if (!removed) return session.refuse(context, removed.error());
    return http::Response::redirect("/me/discord?notice=unlinked");
  });
}

}  // namespace moim::discord
