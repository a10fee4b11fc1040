// The organizers' settings form: its text fields as the service's GameInput
// and back (settings_form.cpp, unit-tested in settings_form_test.cpp).
#pragma once

#include <map>
#include <string>

#include <boost/json/object.hpp>

#include "features/bingo/bingo_service.hpp"

namespace moim::bingo::pages {

// Field names: size, picks, keywords ("category: keyword" or "keyword", one
// a line), prizes ("lines: stock", one a line), booths (a name a line),
// rate_limit_seconds, starts_at, ends_at (local "YYYY-MM-DDTHH:MM"), closed.
Result<GameInput> settings_input(const std::map<std::string, std::string>& form,
                                 const std::string& zone);
boost::json::object settings_values(const Game& game, const std::string& zone);
boost::json::object default_values();
boost::json::object typed_values(const std::map<std::string, std::string>& form);

}  // namespace moim::bingo::pages
