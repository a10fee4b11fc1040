// Every route of the communities room, pages and API, declared in one place.
#pragma once

#include <functional>
#include <memory>

#include "features/accounts/web_session.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/http/router.hpp"

namespace moim::accounts {
class ApiRoutes;
}  // namespace moim::accounts

namespace moim::communities {

class AuditLog;

// What other rooms add to a community's home page (/c/{slug}): the current
// cohort, sessions and deadlines, coffee chats, organizers' to-dos. The app
// composes it, since this room may not depend on the rooms that depend on it.
// The object is rendered as "home"; an error refuses the page.
using HomeSections = std::function<Result<boost::json::object>(
    const accounts::RequestContext& context, const Community& community, const Standing& standing)>;

void add_community_pages(http::Router& router, accounts::WebSession& session,
                         CommunitiesService& communities, HomeSections home = {});
void add_community_api(http::Router& router, accounts::WebSession& session,
                       CommunitiesService& communities);
// The audit log: /c/{slug}/audit (and .csv) and its typed API route.
// The routes share the log's ownership.
void add_audit_pages(http::Router& router, accounts::WebSession& session,
                     CommunitiesService& communities, std::shared_ptr<AuditLog> audit);
void add_audit_api(accounts::ApiRoutes& routes, std::shared_ptr<AuditLog> audit);

// Shared by pages and API.
boost::json::object community_json(const Community& community);
boost::json::object member_json(const Member& member);
Result<MemberQuery> member_query(const http::Request& request);
Result<CommunityInput> community_input(const web::Fields& fields, bool creating);

}  // namespace moim::communities
