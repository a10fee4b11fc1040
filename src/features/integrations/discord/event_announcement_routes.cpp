// Announcing an event in Discord: the page /c/{slug}/events/{event}/discord-
// announcement (the plan, then "Apply") and its JSON twin
// /api/v1/communities/{slug}/events/{event}/discord-announcement (GET the
// plan, POST to apply: 202), declared as typed routes.
#include "features/communities/routes.hpp"
#include "features/integrations/discord/routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::discord {

namespace {

using accounts::RequestContext;

struct EventPath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(EventPath, (), (slug, event))

struct AnnouncementOut {
  std::int64_t event_id = 0;
  bool connected = false;
  std::string mode;        // "bot", "webhook" or "" when not connected
  std::string channel_id;  // bot mode: the announcements channel
  bool can_post = false;
  std::string blocked;  // "", "not_connected", "no_channel", "cancelled"
  std::string language;
  std::string content;
  std::string state;  // "" never queued; else the outbox row's state
  std::string idempotency_key;
};
BOOST_DESCRIBE_STRUCT(AnnouncementOut, (),
                      (event_id, connected, mode, channel_id, can_post, blocked, language, content,
                       state, idempotency_key))
struct AnnouncementReply {
  AnnouncementOut announcement;
};
BOOST_DESCRIBE_STRUCT(AnnouncementReply, (), (announcement))

AnnouncementReply reply_of(const EventAnnouncement& plan) {
  return {AnnouncementOut{.event_id = plan.event.id,
                          .connected = plan.connected,
                          .mode = plan.mode,
                          .channel_id = plan.channel_id,
                          .can_post = plan.can_post,
                          .blocked = plan.blocked,
                          .language = plan.language,
                          .content = plan.content,
                          .state = plan.state,
                          .idempotency_key = plan.idempotency_key}};
}

std::string page_path(const std::string& slug, std::int64_t event_id) {
  return "/c/" + slug + "/events/" + std::to_string(event_id) + "/discord-announcement";
}

}  // namespace

void add_event_announcement_api(accounts::ApiRoutes& routes, EventAnnouncementService& service) {
  const std::string path = "/api/v1/communities/{slug}/events/{event}/discord-announcement";
  routes.add<EventPath, web::Nothing, web::Nothing, AnnouncementReply>(
      {.method = http::Method::kGet,
       .path = path,
       .operation_id = "planEventDiscordAnnouncement",
       .summary = "The Discord announcement of an event, planned: channel, text, can it post",
       .tag = "discord",
       .errors = {403}},
      [&service](auto& call) -> Result<AnnouncementReply> {
        auto plan = service.plan(call.viewer(), call.path.slug, call.path.event);
        if (!plan) return plan.error();
        return reply_of(plan.value());
      });
  routes.add<EventPath, web::Nothing, web::Nothing, AnnouncementReply>(
      {.method = http::Method::kPost,
       .path = path,
       .operation_id = "applyEventDiscordAnnouncement",
       .summary = "Announce an event in Discord (once per revision of the text)",
       .description = "Queues one announce row for the outbox worker. Applying again while the "
                      "event is unchanged queues nothing more; 409 when Discord is not connected "
                      "or has no announcements channel.",
       .tag = "discord",
       .status = 202,
       .errors = {403, 409}},
      [&service](auto& call) -> Result<AnnouncementReply> {
        auto applied = service.apply(call.viewer(), call.path.slug, call.path.event);
        if (!applied) return applied.error();
        return reply_of(applied.value());
      });
}

void add_event_announcement_pages(http::Router& router, accounts::WebSession& session,
                                  EventAnnouncementService& service) {
  auto render = [&session, &service](const RequestContext& context, const std::string& slug,
                                     std::int64_t event_id, int status,
                                     const std::string& error_text, const std::string& notice) {
    auto plan = service.plan(context.viewer, slug, event_id);
    if (!plan) return session.refuse(context, plan.error());
    const EventAnnouncement& shown = plan.value();
    boost::json::object data{
        {"community", communities::community_json(shown.community)},
        {"event",
         {{"title", shown.event.title},
          {"path", "/c/" + slug + "/events/" + std::to_string(event_id)}}},
        {"action", page_path(slug, event_id)},
        {"connected", shown.connected},
        {"is_bot", shown.mode == "bot"},
        {"guild_name", shown.guild_name},
        {"channel_id", shown.channel_id},
        {"can_post", shown.can_post},
        {"content", shown.content},
        {"queued", !shown.state.empty()},
    };
    if (!shown.blocked.empty())
      data["blocked_text"] = session.text(context, "discord_announce_blocked_" + shown.blocked);
    if (!shown.state.empty())
      data["state_text"] = session.text(context, "discord_announce_state_" + shown.state);
    return session.page(
        context, status, "discord/event_announcement", std::move(data),
        {.title = session.text(context, "discord_announce_title") + " · " + shown.event.title,
         .notice_key = notice,
         .error_text = error_text});
  };
  const std::string path = "/c/{slug}/events/{event}/discord-announcement";
  auto event_id_of = [](const http::Request& request) -> std::optional<std::int64_t> {
    try {
      std::size_t used = 0;
      const std::string text = request.param("event");
      const long long id = std::stoll(text, &used);
      if (used != text.size() || id <= 0) return std::nullopt;
      return id;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  };
  router.get(path, [&session, render, event_id_of](http::Request& request) {
    auto context = session.context(request);
    const auto event_id = event_id_of(request);
    if (!event_id) return session.refuse(context, Error::not_found("no such event"));
    const bool queued = request.query_param("notice").value_or("") == "queued";
    return render(context, request.param("slug"), *event_id, 200, "",
                  queued ? "notice_discord_announce_queued" : "");
  });
  router.post(path, [&session, &service, render, event_id_of](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto event_id = event_id_of(request);
    if (!event_id) return session.refuse(context, Error::not_found("no such event"));
    if (!session.csrf_ok(context, request.form()))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    const std::string slug = request.param("slug");
    auto applied = service.apply(context.viewer, slug, *event_id);
    if (!applied) {
      if (applied.error().http_status != 409) return session.refuse(context, applied.error());
      return render(context, slug, *event_id, 409, session.error_text(context, applied.error()),
                    "");
    }
    // Post/redirect/get: a reload does not post the form again.
    return http::Response::redirect(page_path(slug, *event_id) + "?notice=queued");
  });
}

}  // namespace moim::discord
