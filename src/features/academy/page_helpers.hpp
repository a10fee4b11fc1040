// What the academy pages share: reading a form field, refusing an expired
// form, catalog-labelled select options and how a project looks in a
// template. Not part of the room's interface.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "features/academy/routes.hpp"

namespace moim::academy {

namespace pages {

inline std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

inline http::Response csrf_refused(accounts::WebSession& session,
                                   const accounts::RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

// Select options from a list of names, labelled from the catalog as prefix_name.
boost::json::array options(const accounts::RequestContext& context, accounts::WebSession& session,
                           const std::string& prefix, const std::vector<std::string_view>& names,
                           const std::optional<std::string>& selected);

template <class Names>
std::vector<std::string_view> names_of(const Names& names) {
  return std::vector<std::string_view>(names.begin(), names.end());
}

// project_json with the catalog labels, the community slug and flags a
// template needs (approved, offline, full, tag_list).
boost::json::object project_view(const accounts::RequestContext& context,
                                 accounts::WebSession& session, const Project& project,
                                 const std::string& slug);

// What a project's card in a list shows (the catalog, the labs): the fields
// of project_view that cohort.mustache and cohorts.mustache read, without the
// description, builders and questions that only the project's own page
// shows. A catalog of 18 cards was copying all of them into every view.
boost::json::object project_card_view(const accounts::RequestContext& context,
                                      accounts::WebSession& session, const Project& project,
                                      const std::string& slug);

}  // namespace pages
}  // namespace moim::academy
