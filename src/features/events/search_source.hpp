// The events room's part of the community's search (features/search):
// events by title, venue and description, with the events list's rule:
// public events for everyone, members-only ones for members, unlisted ones
// for organizers only (others reach them by their link).
#pragma once

#include "features/search/search_source.hpp"

namespace moim::events {

search::SearchSource events_search_source();

}  // namespace moim::events
