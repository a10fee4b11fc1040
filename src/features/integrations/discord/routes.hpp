// Every route of the Discord room, pages and API, declared in one place.
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/integrations/discord/discord_service.hpp"
#include "features/integrations/discord/event_announcement.hpp"
#include "features/integrations/discord/pair_channels.hpp"
#include "platform/http/router.hpp"

namespace moim::discord {

void add_discord_pages(http::Router& router, accounts::WebSession& session,
                       DiscordService& discord);
void add_discord_api(http::Router& router, accounts::WebSession& session, DiscordService& discord);

// Announcing an event (event_announcement_routes.cpp).
void add_event_announcement_pages(http::Router& router, accounts::WebSession& session,
                                  EventAnnouncementService& service);
void add_event_announcement_api(accounts::ApiRoutes& routes, EventAnnouncementService& service);

// Mentoring pairs' private channels (pair_channels_routes.cpp).
void add_pair_channels_pages(http::Router& router, accounts::WebSession& session,
                             PairChannelsService& service);
void add_pair_channels_api(accounts::ApiRoutes& routes, PairChannelsService& service);

boost::json::object connection_json(const ConnectionView& view);
boost::json::object link_json(const std::optional<Link>& link);

}  // namespace moim::discord
