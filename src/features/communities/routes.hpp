// Every route of the communities room, pages and API, declared in one place.
#pragma once

#include "features/accounts/web_session.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/http/router.hpp"

namespace moim::communities {

void add_community_pages(http::Router& router, accounts::WebSession& session,
                         CommunitiesService& communities);
void add_community_api(http::Router& router, accounts::WebSession& session,
                       CommunitiesService& communities);

// Shared by pages and API.
boost::json::object community_json(const Community& community);
boost::json::object member_json(const Member& member);
Result<MemberQuery> member_query(const http::Request& request);
Result<CommunityInput> community_input(const web::Fields& fields, bool creating);

}  // namespace moim::communities
