// What the mentoring pages share (pages.cpp): paths, the refusal and error
// wording, a program as the templates show it, the time-zone choices. Not
// part of the room's interface: member_pages.cpp and organizer_pages.cpp use
// it.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "features/accounts/web_session.hpp"
#include "features/mentoring/mentoring_service.hpp"

namespace moim::mentoring::pages {

using accounts::RequestContext;
using accounts::WebSession;
using Form = std::map<std::string, std::string>;

std::string list_path(const std::string& slug);
std::string program_path(const std::string& slug, std::int64_t program_id);
std::string pair_path(const std::string& slug, std::int64_t program_id, std::int64_t pair_id);

// A positive id from the path, or 0 (the handlers answer 404 for 0).
std::int64_t id_param(const http::Request& request, const std::string& name);
std::string form_value(const Form& form, const std::string& name);

// An availability line's own sentence, else the first the catalog has of
// "mentoring_error_<scope>_<code>_<field>" (a form's own wording, e.g. the
// sign-up forms' "signup"), "mentoring_error_<code>_<field>" (the room's
// limits) and "mentoring_error_<code>" (its own conflicts), else the shared
// wording.
std::string error_text(const WebSession& session, const RequestContext& context, const Error& error,
                       std::string_view scope = "");
// {"field_error": {field, message}, "errors": {<field>: true}}: the input is
// marked and the message sits beside it. A field the form does not show
// ("ranking[2]" counts as "ranking") is marked "form", so the message shows
// above the form and never goes missing.
void mark_error(boost::json::object& data, const WebSession& session, const RequestContext& context,
                const Error& error, const std::vector<std::string_view>& form_fields,
                std::string_view scope = "");
// A refusal that is about what was typed (re-render the form) rather than
// about who asks or what exists (a refusal page).
bool is_form_error(const Error& error);
// The names of a form's fields, for mark_error.
std::vector<std::string_view> fields_of(const auto& names) {
  return std::vector<std::string_view>(std::begin(names), std::end(names));
}
http::Response csrf_refused(const WebSession& session, const RequestContext& context);

// The catalog text with "{name}" placeholders replaced.
std::string fill(std::string text,
                 const std::vector<std::pair<std::string_view, std::string>>& values);
std::string joined(const std::vector<std::string>& words);
// A text value of a form's values ("" when missing or not text).
std::string text_of(const boost::json::object& values, std::string_view name);
boost::json::array texts(const std::vector<std::string>& items);
// The notice key for ?notice=NAME when NAME is one of `known`
// ("mentoring_notice_NAME"), else empty: a link cannot put any text on a page.
std::string notice_key(const http::Request& request, const std::vector<std::string_view>& known);

// The instant whose offsets show weekly hours: now, held inside the program
// (hours are kept only where they are the same all program long).
std::int64_t hours_instant(const Program& program);
// Name, dates in the community's zone, format, sessions and cadence,
// languages, topics, audience, counts and whether sign-ups are open.
boost::json::object program_view(const WebSession& session, const RequestContext& context,
                                 const Program& program);
std::string status_text(const WebSession& session, const RequestContext& context, Review review);

// Every IANA zone of a region ("Asia/Seoul") and UTC, `selected` marked (and
// listed even when it is not a region's, so a stored choice never vanishes).
boost::json::array zone_options(const std::string& selected);

}  // namespace moim::mentoring::pages
