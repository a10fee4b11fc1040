#include "app/community_home.hpp"

#include <algorithm>

#include "platform/base/time_zone.hpp"

namespace moim::app {

namespace {

using academy::Phase;
constexpr std::size_t kComingUp = 3;  // sessions and deadlines shown on the home

// The cohort the home is about: the newest one under way, else the newest
// one that has not started. Ended and closed cohorts are history.
Result<std::optional<academy::Cohort>> current_cohort(academy::AcademyService& academy,
                                                      const communities::Community& community,
                                                      std::int64_t now) {
  auto cohorts =
      academy.open_cohorts(community.slug, now);  // newest first, not closed by their dates
  if (!cohorts) return cohorts.error();
  std::optional<academy::Cohort> upcoming;
  for (auto& cohort : cohorts.value()) {
    const auto phase = cohort.current_phase(now);
    if (!phase) {
      if (!upcoming && cohort.phases.front().starts_at > now) upcoming = cohort;
      continue;
    }
    if (*phase == Phase::kClosed) continue;
    auto closed = academy.cohort_closed(community, cohort);
    if (!closed) return closed.error();
    if (!closed.value()) return std::optional<academy::Cohort>(std::move(cohort));
  }
  return upcoming;
}

Result<boost::json::object> compose(const accounts::RequestContext& context,
                                    accounts::WebSession& session, academy::AcademyService& academy,
                                    activity::ActivityService& activity,
                                    coffee::CoffeeService& coffee, const Clock& clock,
                                    const communities::Community& community,
                                    const communities::Standing& standing) {
  const std::string& slug = community.slug;
  const std::string& zone = community.time_zone;
  const std::int64_t now = clock.now_seconds();
  const bool member = standing.is_member();
  boost::json::object home{{"catalog_link", "/c/" + slug + "/cohorts"},
                           {"signed_in", context.viewer.signed_in()},
                           {"is_member", member},
                           {"can_manage", standing.can_manage()}};

  auto cohort = current_cohort(academy, community, now);
  if (!cohort) return cohort.error();
  boost::json::array todos;
  if (cohort->has_value()) {
    const academy::Cohort& current = **cohort;
    const std::string link = "/c/" + slug + "/cohorts/" + current.key;
    const auto phase = current.current_phase(now);
    boost::json::object view{{"name", current.name}, {"link", link}};
    view["phase_label"] = session.text(
        context, phase ? "phase_" + std::string(academy::phase_name(*phase)) : "phase_upcoming");
    std::string open_key;
    if (!phase) {
      view["starts"] = format_local(current.phases.front().starts_at, zone);
    } else if (*phase == Phase::kProposals) {
      open_key = "open_proposals";
      if (member) view["propose_link"] = link + "/propose";
    } else if (*phase == Phase::kRecruiting) {
      open_key = "open_recruiting";
      if (member) view["apply_link"] = link + "/apply";
    } else if (*phase == Phase::kSelection) {
      open_key = current.results_published ? "open_results_published" : "open_selection";
    } else {
      open_key = "open_running";
    }
    if (!open_key.empty()) view["open_text"] = session.text(context, open_key);
    if (phase && context.viewer.signed_in() && *phase != Phase::kProposals)
      view["application_link"] = link + "/apply";
    home["cohort"] = view;

    if (standing.can_manage()) {
      // Proposals waiting for a decision: one query over this cohort's
      // proposals, whatever the membership.
      academy::CatalogQuery waiting;
      waiting.status = academy::ProjectStatus::kProposed;
      auto proposals = academy.catalog(context.viewer, slug, current.key, waiting);
      if (!proposals) return proposals.error();
      if (!proposals->empty()) {
        todos.push_back({{"text", session.text(context, "home_todo_proposals")},
                         {"count", proposals->size()},
                         {"link", link + "?status=proposed"}});
      }
      if (phase == Phase::kSelection && !current.results_published)
        todos.push_back({{"text", session.text(context, "home_todo_selection")},
                         {"link", link + "/selection"}});
      if (phase == Phase::kWrapUp)
        todos.push_back(
            {{"text", session.text(context, "home_todo_wrap_up")}, {"link", link + "/wrap-up"}});
    }
  }
  home["todos"] = todos;
  home["has_todos"] = !todos.empty();

  if (member) {
    // Coming up for me: my projects' next sessions and my open deadlines.
    auto projects = activity.member_projects(context.viewer, slug);
    if (!projects) return projects.error();
    std::vector<std::pair<std::int64_t, boost::json::object>> sessions;
    for (const auto& mine : projects.value()) {
      auto list = activity.sessions(context.viewer, slug, mine.project.id);
      if (!list) return list.error();
      for (const auto& upcoming : list.value()) {
        if (upcoming.starts_at <= now || upcoming.status != "scheduled") continue;
        sessions.emplace_back(upcoming.starts_at,
                              boost::json::object{{"title", mine.project.title},
                                                  {"topic", upcoming.topic},
                                                  {"when", format_local(upcoming.starts_at, zone)},
                                                  {"link", "/c/" + slug + "/projects/" +
                                                               std::to_string(mine.project.id)}});
      }
    }
    std::sort(sessions.begin(), sessions.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    boost::json::array session_items;
    for (std::size_t idx = 0; idx < sessions.size() && idx < kComingUp; ++idx)
      session_items.push_back(sessions[idx].second);
    auto deadlines = activity.my_deadlines(context.viewer, slug);
    if (!deadlines) return deadlines.error();
    std::vector<const activity::DeadlineView*> open;
    for (const auto& view : deadlines.value()) {
      if (!view.applies || view.deadline.due_at <= now) continue;
      if (view.my_state == "submitted" || view.my_state == "late") continue;
      open.push_back(&view);
    }
    std::sort(open.begin(), open.end(),
              [](const auto* x, const auto* y) { return x->deadline.due_at < y->deadline.due_at; });
    boost::json::array deadline_items;
    for (std::size_t idx = 0; idx < open.size() && idx < kComingUp; ++idx) {
      deadline_items.push_back(
          {{"title", open[idx]->deadline.title},
           {"when", format_local(open[idx]->deadline.due_at, zone)},
           {"link", "/c/" + slug + "/deadlines/" + std::to_string(open[idx]->deadline.id)}});
    }
    home["sessions"] = session_items;
    home["deadlines"] = deadline_items;
    home["has_sessions"] = !session_items.empty();
    home["has_deadlines"] = !deadline_items.empty();
    home["nothing_for_me"] = session_items.empty() && deadline_items.empty();
  }

  if (member || standing.can_manage()) {
    auto programs = coffee.programs(context.viewer, slug);
    if (!programs) return programs.error();
    boost::json::array items;
    for (const auto& program : programs.value())
      items.push_back({{"name", program.name}, {"description", program.description}});
    home["coffee"] = items;
    home["has_coffee"] = !items.empty();
    home["coffee_link"] = "/c/" + slug + "/coffee";
    home["show_coffee"] = true;
  }
  return home;
}

}  // namespace

communities::HomeSections community_home(accounts::WebSession& session,
                                         academy::AcademyService& academy,
                                         activity::ActivityService& activity,
                                         coffee::CoffeeService& coffee, const Clock& clock) {
  return [&session, &academy, &activity, &coffee, &clock](const accounts::RequestContext& context,
                                                          const communities::Community& community,
                                                          const communities::Standing& standing) {
    return compose(context, session, academy, activity, coffee, clock, community, standing);
  };
}

}  // namespace moim::app
