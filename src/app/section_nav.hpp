// The top bar's community sections (issue #12, "the look"): on every page
// under /c/{slug} the bar names the community and links its sections, with
// the organizers' ones only for those who may manage.
#pragma once

#include <boost/json/value.hpp>

#include <string_view>

#include "features/accounts/web_session.hpp"
#include "features/communities/communities_service.hpp"

namespace moim::app {

// Which section a community page belongs to ("home", "academy", "activity",
// "coffee", "members", "settings"), or empty; `path` may carry a query.
std::string_view section_of(std::string_view path);

// {slug, name, is_member, can_manage, show_coffee, at: {<section>: true}},
// or null when the community does not exist or cannot be read (the page
// itself says why; the bar then shows only the site's links).
accounts::WebSession::SectionNav section_nav(communities::CommunitiesService& communities);

}  // namespace moim::app
