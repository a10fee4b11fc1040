// Helpers of the wiki's pages; not part of the room's interface.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/communities/routes.hpp"
#include "features/wiki/wiki_service.hpp"

namespace moim::wiki::pages {

using accounts::RequestContext;
using accounts::WebSession;
using Form = std::map<std::string, std::string>;

std::string wiki_path(const std::string& slug);
std::string page_path(const std::string& slug, std::int64_t page_id);

// A positive id path parameter, or 0.
std::int64_t id_param(const http::Request& request, const std::string& name);
std::int64_t number_of(const std::string& text);  // 0 when not a positive number
std::string value_of(const Form& form, const std::string& name);

http::Response csrf_refused(const WebSession& session, const RequestContext& context);
// 400, 409, 413 and 422 (and a 404 naming a field) are a form's fault: the
// form is shown again with the field marked and what was typed kept.
bool is_form_error(const Error& error);
// The "wiki_notice_<name>" key of ?notice=<name> when it is one of ours.
std::string notice_key(const http::Request& request);

boost::json::array tree_json(const std::vector<TreeEntry>& tree, std::int64_t current);
boost::json::object page_json(const WebSession& session, const RequestContext& context,
                              const PageView& view);
std::string local_time(const communities::Community& community, std::int64_t seconds);

}  // namespace moim::wiki::pages

namespace moim::wiki {

// The page groups, each in its own file.
void add_reading_pages(http::Router& router, accounts::WebSession& session, WikiService& wiki);
void add_edit_pages(http::Router& router, accounts::WebSession& session, WikiService& wiki);
void add_onboarding_pages(http::Router& router, accounts::WebSession& session, WikiService& wiki);
void add_image_pages(http::Router& router, accounts::WebSession& session, WikiService& wiki);
void add_image_api(accounts::ApiRoutes& routes, WikiService& wiki);

}  // namespace moim::wiki
