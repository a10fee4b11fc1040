// What the pair's pages share: the pair page rendered from its space
// (pair_view.cpp), used by its routes (pair_pages.cpp), and the organizers'
// figures page (figures_pages.cpp), added with them. Not part of the room's
// interface.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "features/mentoring/pages.hpp"
#include "features/mentoring/pair_space.hpp"

namespace moim::mentoring::pages {

// A form of the pair page that was refused: which one, what was typed, and
// for a session's or a note's buttons, which session or note.
struct FailedForm {
  std::string name;  // goals | propose | answer | note | share | checkin | feedback
  Error error;
  boost::json::object typed;
  std::int64_t target = 0;
};

// The space as `space` lets the viewer see it: the two people get its
// forms, an organizer reads it. `failed` comes back beside its form, with
// the error's status; `notice` is a catalog key.
http::Response pair_page(const WebSession& session, const RequestContext& context,
                         const PairSpace& space, const std::string& notice,
                         const std::optional<FailedForm>& failed = std::nullopt);

// The zone the viewer's times are shown and typed in: their own in the
// pair (as they gave it when signing up), an organizer's the community's.
std::string viewer_zone(const PairSpace& space);

// A check-in's light as a tag's classes: its word says it; the colour only
// helps.
std::string light_tag(Light light);

std::string figures_path(const std::string& slug, std::int64_t program_id);

// /c/{slug}/mentoring/{program}/figures and .../certificates (organizers).
void add_figures_pages(http::Router& router, WebSession& session, PairSpaceService& spaces);

}  // namespace moim::mentoring::pages
