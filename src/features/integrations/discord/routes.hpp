// Every route of the Discord room, pages and API, declared in one place.
#pragma once

#include "features/accounts/web_session.hpp"
#include "features/integrations/discord/discord_service.hpp"
#include "platform/http/router.hpp"

namespace moim::discord {

void add_discord_pages(http::Router& router, accounts::WebSession& session,
                       DiscordService& discord);
void add_discord_api(http::Router& router, accounts::WebSession& session, DiscordService& discord);

boost::json::object connection_json(const ConnectionView& view);
boost::json::object link_json(const std::optional<Link>& link);

}  // namespace moim::discord
