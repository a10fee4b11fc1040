// The community's home (/c/{slug}), composed from the rooms' public services
// (issue #12: the academy could not be found from it).
#pragma once

#include "features/academy/academy_service.hpp"
#include "features/activity/activity_service.hpp"
#include "features/coffee/coffee_service.hpp"
#include "features/communities/routes.hpp"

namespace moim::app {

// The current cohort and what is open now, the catalog, what is coming up
// for the viewer (sessions, deadlines), coffee chats, and organizers'
// to-dos. Its cost follows the viewer's own projects and the number of
// cohorts, never the number of members.
communities::HomeSections community_home(accounts::WebSession& session,
                                         academy::AcademyService& academy,
                                         activity::ActivityService& activity,
                                         coffee::CoffeeService& coffee, const Clock& clock);

}  // namespace moim::app
