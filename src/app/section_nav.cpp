#include "app/section_nav.hpp"

#include <array>
#include <utility>

namespace moim::app {

std::string_view section_of(std::string_view path) {
  const std::string_view slug = accounts::community_slug(path);
  if (slug.empty()) return {};
  std::string_view rest = path.substr(3 + slug.size());  // after "/c/{slug}"
  rest = rest.substr(0, rest.find_first_of("?#"));
  if (rest.empty() || rest == "/") return "home";
  rest.remove_prefix(1);
  const std::string_view first = rest.substr(0, rest.find('/'));
  // The first path segment names the room; several rooms share a section.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kSections{{
      {"cohorts", "academy"},
      {"projects", "academy"},
      {"labs", "academy"},
      {"me", "activity"},
      {"logs", "activity"},
      {"deadlines", "activity"},
      {"coffee", "coffee"},
      {"mentoring", "mentoring"},
      {"wiki", "wiki"},
      {"events", "events"},
      {"members", "members"},
      {"settings", "settings"},
      {"automation", "settings"},
      {"certificates", "settings"},
      {"audit", "settings"},
      {"retention", "settings"},
  }};
  for (const auto& [segment, section] : kSections) {
    if (first == segment) return section;
  }
  return {};
}

accounts::WebSession::SectionNav section_nav(communities::CommunitiesService& communities) {
  return [&communities](const accounts::RequestContext& context,
                        std::string_view slug) -> boost::json::value {
    auto community = communities.find(std::string(slug));
    if (!community) return nullptr;
    auto standing = communities.standing(context.viewer, *community);
    if (!standing) return nullptr;
    boost::json::object at;
    if (const std::string_view section = section_of(context.path); !section.empty())
      at[section] = true;
    return boost::json::object{{"slug", community->slug},
                               {"name", community->name},
                               {"is_member", standing->is_member()},
                               {"can_manage", standing->can_manage()},
                               {"show_coffee", standing->is_member() || standing->can_manage()},
                               // An outsider reaches a program open to anyone by its
                               // link; the bar shows the room to those who belong.
                               {"show_mentoring", standing->is_member() || standing->can_manage()},
                               {"at", std::move(at)}};
  };
}

}  // namespace moim::app
