// What the bingo pages share (pages.cpp): paths, the refusal wording, the
// board as a template sees it. Not part of the room's interface.
#pragma once

#include <boost/json/object.hpp>

#include "features/accounts/web_session.hpp"
#include "features/bingo/bingo_service.hpp"

namespace moim::bingo::pages {

using accounts::RequestContext;
using accounts::WebSession;

std::string event_path(const std::string& slug, std::int64_t event_id);
// The player's page: a member's, or a guest's under the ticket's private link.
std::string play_path(const std::string& slug, std::int64_t event_id,
                      const std::optional<std::string>& token);
std::int64_t id_param(const http::Request& request, const std::string& name);
std::string form_value(const std::map<std::string, std::string>& form, const std::string& name);
// "bingo_error_<code>" when the catalog has it, else the shared wording.
std::string error_text(const WebSession& session, const RequestContext& context,
                       const Error& error);
// {"field_error": {field, message}, "errors": {<field>: true}}: the input
// is marked and the message sits beside it. `field` overrides the error's
// (keywords[2] marks the keyword list).
void mark_error(boost::json::object& data, const WebSession& session, const RequestContext& context,
                const Error& error, const std::string& field = "");
http::Response csrf_refused(const WebSession& session, const RequestContext& context);
// "2027-05-01 10:00" in the zone.
std::string local_time(std::int64_t seconds, const std::string& zone);
// The player's board, claims, whom they met, as the play template shows them.
boost::json::object player_view(const WebSession& session, const RequestContext& context,
                                const Player& player);
boost::json::array leaderboard_view(const Leaderboard& board);
// A page the hall or a guest's phone keeps open: no caching.
http::Response no_store(http::Response response);

}  // namespace moim::bingo::pages
