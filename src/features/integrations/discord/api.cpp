// /api/v1/communities/{slug}/discord* and /api/v1/me/discord*: the JSON twin
// of the Discord pages. Tokens are accepted, never returned.
#include "features/integrations/discord/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::discord {

using accounts::ApiReply;
using accounts::RequestContext;

boost::json::object connection_json(const ConnectionView& view) {
  if (!view.connected) return {{"connected", false}};
  return {{"connected", true},
          {"mode", view.mode},
          {"guild_id", view.guild_id},
          {"guild_name", view.guild_name},
          {"announcements_channel_id", view.announcements_channel_id},
          {"voice_channels", view.voice_channels},
          {"connected_at", format_utc_iso(view.connected_at)}};
}

boost::json::object link_json(const std::optional<Link>& link) {
  if (!link) return {{"linked", false}};
  return {{"linked", true},
          {"discord_user_id", link->discord_user_id},
          {"username", link->discord_username},
          {"linked_at", format_utc_iso(link->linked_at)}};
}

void add_discord_api(http::Router& router, accounts::WebSession& session, DiscordService& discord) {
  const std::string base = "/api/v1/communities/{slug}/discord";
  router.get(base,
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto current = discord.connection(context.viewer, request.param("slug"));
                   if (!current) return current.error();
                   return ApiReply{200, {{"discord", connection_json(current->second)}}, {}};
                 }));
  router.put(base,
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   auto connected =
                       discord.connect(context.viewer, request.param("slug"), fields.value());
                   if (!connected) return connected.error();
                   return ApiReply{200, {{"discord", connection_json(connected.value())}}, {}};
                 }));
  router.post(
      base + "/test",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            auto tested = discord.test(context.viewer, request.param("slug"));
            if (!tested) return tested.error();
            return ApiReply{200, {{"discord", connection_json(tested.value())}}, {}};
          }));
  router.del(base,
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto removed = discord.disconnect(context.viewer, request.param("slug"));
                   if (!removed) return removed.error();
                   return ApiReply{204, nullptr, {}};
                 }));

  router.get("/api/v1/me/discord",
             accounts::api_route(session,
                                 [&](RequestContext& context, http::Request&) -> Result<ApiReply> {
                                   auto link = discord.my_link(context.viewer);
                                   if (!link) return link.error();
                                   return ApiReply{200, {{"discord", link_json(link.value())}}, {}};
                                 }));
  router.del("/api/v1/me/discord",
             accounts::api_route(session,
                                 [&](RequestContext& context, http::Request&) -> Result<ApiReply> {
                                   auto removed = discord.unlink(context.viewer);
                                   if (!removed) return removed.error();
                                   return ApiReply{204, nullptr, {}};
                                 }));
}

}  // namespace moim::discord
