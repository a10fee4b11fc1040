// Every route of the wiki room: the typed API (api.cpp) and the pages
// (pages.cpp, edit_pages.cpp, onboarding_pages.cpp).
#pragma once

#include <string>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/wiki/wiki_service.hpp"
#include "platform/http/router.hpp"

namespace moim::wiki {

// /api/v1/communities/{slug}/wiki/...: pages, revisions, diffs, restore,
// settings, the onboarding path, its funnel and the template wiki.
void add_wiki_api(accounts::ApiRoutes& routes, WikiService& wiki);

// /c/{slug}/wiki[...]: the tree and home, a page (by id or title), new,
// edit, history, diff, restore, settings; the onboarding steps and the
// funnel (organizers); confirming a reading step.
void add_wiki_pages(http::Router& router, accounts::WebSession& session, WikiService& wiki);

// The member dashboard's onboarding checklist (/c/{slug}/me), rendered as
// a fragment; empty when the community has no path or the viewer finished
// it. Its cost is flat: the path's steps and the viewer's own ticks.
Result<std::string> onboarding_card(accounts::WebSession& session, WikiService& wiki,
                                    const accounts::RequestContext& context,
                                    const std::string& slug);

}  // namespace moim::wiki
