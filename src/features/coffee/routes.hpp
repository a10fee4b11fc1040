// Every route of the coffee-chat room, pages and API, declared in one place.
#pragma once

#include <boost/json/object.hpp>

#include "features/accounts/web_session.hpp"
#include "features/coffee/coffee_service.hpp"
#include "platform/http/router.hpp"

namespace moim::coffee {

void add_coffee_pages(http::Router& router, accounts::WebSession& session, CoffeeService& coffee,
                      communities::CommunitiesService& communities);
void add_coffee_api(http::Router& router, accounts::WebSession& session, CoffeeService& coffee);

// Shared by pages and API.
boost::json::object program_json(const Program& program);
boost::json::object round_json(const Round& round);
boost::json::object group_json(const Group& group, const std::string& time_zone, std::int64_t now,
                               std::string_view language);
boost::json::object participation_json(const Participation& participation, std::int64_t now);
// Text, numbers and flags of a program; cutoff_at as epoch seconds (API).
Result<ProgramInput> program_input(const web::Fields& fields);

}  // namespace moim::coffee
