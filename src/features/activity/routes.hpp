// Every route of the activity room, declared in one place.
#pragma once

#include <boost/json/object.hpp>

#include "features/accounts/web_session.hpp"
#include "features/activity/activity_service.hpp"
#include "platform/http/router.hpp"

namespace moim::activity {

void add_activity_pages(http::Router& router, accounts::WebSession& session,
                        ActivityService& activity);
void add_activity_api(http::Router& router, accounts::WebSession& session,
                      ActivityService& activity);

void add_deadline_api(http::Router& router, accounts::WebSession& session,
                      ActivityService& activity);

boost::json::object deadline_json(const Deadline& deadline);
boost::json::object submission_json(const Submission& submission);
boost::json::object session_json(const Session& session);
boost::json::object check_in_json(const CheckIn& check_in);
boost::json::object growth_log_json(const GrowthLog& log);
boost::json::object attendance_json(const Attendance& attendance);

// Retrospectives (KPT), the member's dashboard, writing deadlines and the
// reading list, growth logs and their month calendar.
void add_retrospective_api(http::Router& router, accounts::WebSession& session,
                           ActivityService& activity);
void add_retrospective_pages(http::Router& router, accounts::WebSession& session,
                             ActivityService& activity);
class WrapUpService;
// What rooms above this one add to the member's dashboard (the wiki's
// onboarding checklist): HTML each renders from its own escaped template,
// shown near the top; an empty string adds nothing, an error refuses the
// page. The app composes it, as communities::HomeSections for the home.
using DashboardSection = std::function<Result<std::string>(const accounts::RequestContext& context,
                                                           const std::string& slug)>;
void add_dashboard_pages(http::Router& router, accounts::WebSession& session,
                         ActivityService& activity, WrapUpService& wrap_up,
                         std::vector<DashboardSection> sections = {});
void add_writing_pages(http::Router& router, accounts::WebSession& session,
                       ActivityService& activity);
void add_log_pages(http::Router& router, accounts::WebSession& session, ActivityService& activity);
boost::json::object retrospective_json(const Retrospective& retro);
Result<RetrospectiveInput> retrospective_input(const web::Fields& fields);

// Parses the session fields of a JSON body or form; times as UTC
// "2027-02-03T11:00:00Z" or local "2027-02-03T20:00" in `zone`.
Result<SessionInput> session_input(const web::Fields& fields, const std::string& zone);

}  // namespace moim::activity
