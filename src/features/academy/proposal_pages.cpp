// Academy pages for proposing a project in a cohort (with the co-builder
// picker) and for builders editing their project.
#include <algorithm>
#include <charconv>
#include <map>

#include "features/academy/page_helpers.hpp"
#include "features/communities/routes.hpp"

namespace moim::academy {

using accounts::RequestContext;
using namespace pages;

namespace {

Result<ProjectInput> project_form_input(std::map<std::string, std::string> form) {
  const std::string questions = field(form, "questions");
  form.erase("questions");
  form["auditors_welcome"] = form.count("auditors_welcome") ? "on" : "off";
  auto input = project_input(web::Fields(form));
  if (!input) return input.error();
  input->questions = lines(questions);
  return input;
}

}  // namespace

void add_proposal_pages(http::Router& router, accounts::WebSession& session,
                        AcademyService& academy, const Clock& clock) {
  // ---- proposals -----------------------------------------------------------

  // The proposal form, also used by builders to edit their project.
  auto render_propose = [&](const RequestContext& context, const AcademyService::Access& here,
                            boost::json::value cohort_view, const std::string& action, bool editing,
                            boost::json::object typed, int status, const std::string& error_text) {
    auto text_of = [&typed](const char* name) -> std::optional<std::string> {
      auto found = typed.find(name);
      if (found == typed.end() || !found->value().is_string()) return std::nullopt;
      return std::string(found->value().as_string());
    };
    boost::json::array weekdays;
    for (std::size_t idx = 0; idx < kWeekdays.size(); ++idx) {
      weekdays.push_back(
          {{"value", idx},
           {"label", session.text(context, "weekday_" + std::string(kWeekdays[idx]))},
           {"selected", text_of("weekday") == std::to_string(idx)}});
    }
    boost::json::object data{
        {"community", communities::community_json(here.community)},
        {"cohort", cohort_view},
        {"action", action},
        {"editing", editing},
        {"form", typed},
        {"kinds", options(context, session, "kind_", names_of(kKinds), text_of("kind"))},
        {"levels", options(context, session, "level_", names_of(kLevels), text_of("level"))},
        {"languages",
         options(context, session, "language_", names_of(kLanguages), text_of("language"))},
        {"modes", options(context, session, "mode_", names_of(kModes), text_of("mode"))},
        {"weekdays", weekdays}};
    return session.page(
        context, status, "academy/propose", std::move(data),
        {.title = session.text(context, editing ? "project_edit_title" : "propose_title"),
         .error_text = error_text});
  };

  router.get("/c/{slug}/cohorts/{cohort}/propose", [&, render_propose](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    if (!here->standing.is_member()) return session.refuse(context, Error::forbidden());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(context, cohort.error());
    const std::string action =
        "/c/" + request.param("slug") + "/cohorts/" + cohort->key + "/projects";
    return render_propose(context, here.value(), cohort_json(cohort.value(), clock.now_seconds()),
                          action, false,
                          {{"time_zone", here->community.time_zone},
                           {"start_time", "20:00"},
                           {"duration_minutes", "90"},
                           {"min_runners", "3"},
                           {"max_runners", "10"}},
                          200, "");
  });

  router.post("/c/{slug}/cohorts/{cohort}/projects", [&, render_propose](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    // Co-builders are picked by name (issue #12). The picker's buttons
    // (find, add, remove) submit the whole form and get it back in place,
    // typed text kept and nothing saved; the picked ids ride in a hidden field.
    std::vector<std::int64_t> co_builder_ids;
    {
      const std::string text = field(form, "co_builders");
      std::size_t at = 0;
      while (at <= text.size() && co_builder_ids.size() < 5) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        const std::string part = web::trim(std::string_view(text).substr(at, comma - at));
        std::int64_t user_id = 0;
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), user_id);
        if (!part.empty() && ec == std::errc{} && end == part.data() + part.size() && user_id > 0)
          co_builder_ids.push_back(user_id);
        at = comma + 1;
      }
    }
    const auto co_builder_view = [&](boost::json::object& typed,
                                     const std::vector<std::int64_t>& ids) -> Status {
      std::string text;
      for (std::int64_t user_id : ids) text += (text.empty() ? "" : ",") + std::to_string(user_id);
      typed["co_builders"] = text;
      auto picked = academy.people(context.viewer, request.param("slug"), ids);
      if (!picked) return picked.error();
      boost::json::array people;
      for (const auto& person : picked.value()) {
        people.push_back({{"user_id", person.user_id},
                          {"display_name", person.display_name},
                          {"masked_email", person.masked_email}});
      }
      typed["co_builder_people"] = people;
      return ok_status();
    };
    if (form.count("find_co_builder") || form.count("add_co_builder") ||
        form.count("drop_co_builder")) {
      auto here = academy.access(context.viewer, request.param("slug"));
      if (!here) return session.form_failed(request, context, here.error());
      auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
      if (!cohort) return session.form_failed(request, context, cohort.error());
      boost::json::object typed;
      for (const auto& [name, value] : form) {
        if (name != "_csrf" && name != "find_co_builder" && name != "add_co_builder" &&
            name != "drop_co_builder")
          typed[name] = value;
      }
      typed["auditors_welcome"] = form.count("auditors_welcome") > 0;
      const auto id_in = [&](const char* name) -> std::int64_t {
        std::int64_t user_id = 0;
        const std::string text = field(form, name);
        std::from_chars(text.data(), text.data() + text.size(), user_id);
        return user_id;
      };
      if (const std::int64_t added = id_in("add_co_builder");
          added > 0 && co_builder_ids.size() < 5 &&
          std::find(co_builder_ids.begin(), co_builder_ids.end(), added) == co_builder_ids.end())
        co_builder_ids.push_back(added);
      if (const std::int64_t dropped = id_in("drop_co_builder"); dropped > 0)
        co_builder_ids.erase(std::remove(co_builder_ids.begin(), co_builder_ids.end(), dropped),
                             co_builder_ids.end());
      if (auto status = co_builder_view(typed, co_builder_ids); !status)
        return session.form_failed(request, context, status.error());
      std::string search_error;
      if (form.count("find_co_builder")) {
        auto found =
            academy.find_people(context.viewer, request.param("slug"), field(form, "co_builder_q"));
        if (!found) {
          if (found.error().http_status != 400)
            return session.form_failed(request, context, found.error());
          search_error = session.error_text(context, found.error());
          typed["co_builder_q_invalid"] = true;
        } else {
          boost::json::array matches;
          for (const auto& person : found.value()) {
            if (person.user_id == context.viewer.user_id()) continue;  // the proposer builds anyway
            matches.push_back({{"user_id", person.user_id},
                               {"display_name", person.display_name},
                               {"masked_email", person.masked_email},
                               {"chosen", std::find(co_builder_ids.begin(), co_builder_ids.end(),
                                                    person.user_id) != co_builder_ids.end()}});
          }
          typed["co_builder_searched"] = true;
          typed["co_builder_none"] = matches.empty();
          typed["co_builder_matches"] = matches;
        }
      }
      return render_propose(context, here.value(), cohort_json(cohort.value(), clock.now_seconds()),
                            "/c/" + request.param("slug") + "/cohorts/" + cohort->key + "/projects",
                            false, std::move(typed), search_error.empty() ? 200 : 400,
                            search_error);
    }
    auto input = project_form_input(form);
    Result<Project> created =
        input ? academy.propose(context.viewer, request.param("slug"),
                                Scope{request.param("cohort"), std::nullopt}, input.value())
              : Result<Project>(input.error());
    if (created) {
      return http::Response::redirect("/c/" + request.param("slug") + "/projects/" +
                                      std::to_string(created->id) + "?notice=proposed");
    }
    if (created.error().http_status != 400 && created.error().http_status != 409)
      return session.form_failed(request, context, created.error());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.form_failed(request, context, here.error());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.form_failed(request, context, cohort.error());
    boost::json::object typed;
    for (const auto& [name, value] : form) {
      if (name != "_csrf") typed[name] = value;
    }
    typed["auditors_welcome"] = form.count("auditors_welcome") > 0;
    if (auto status = co_builder_view(typed, co_builder_ids); !status)
      return session.form_failed(request, context, status.error());
    return session.mark_form(
        render_propose(context, here.value(), cohort_json(cohort.value(), clock.now_seconds()),
                       "/c/" + request.param("slug") + "/cohorts/" + cohort->key + "/projects",
                       false, std::move(typed), 400, ""),
        request, context, created.error());
  });

  auto crumb_of = [&](const std::string& slug, const Project& project) -> boost::json::value {
    if (!project.cohort_id) return nullptr;
    auto list = academy.cohorts(slug);
    if (!list) return nullptr;
    for (const auto& cohort : list.value()) {
      if (cohort.id == *project.cohort_id) return cohort_json(cohort, clock.now_seconds());
    }
    return nullptr;
  };

  router.get("/c/{slug}/projects/{project_id}/edit", [&, render_propose,
                                                      crumb_of](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.refuse(context, id.error());
    auto project = academy.project(context.viewer, request.param("slug"), id.value());
    if (!project) return session.refuse(context, project.error());
    const bool builder = std::any_of(
        project->builders.begin(), project->builders.end(),
        [&](const Builder& b) { return b.accepted && b.user_id == context.viewer.user_id(); });
    if (!builder && !here->standing.can_manage())
      return session.refuse(context, Error::forbidden());
    std::string tags, questions;
    for (const auto& tag : project->tags) tags += (tags.empty() ? "" : ", ") + tag;
    for (const auto& question : project->questions) questions += question + "\n";
    boost::json::object typed{{"title", project->title},
                              {"summary", project->summary},
                              {"description", project->description},
                              {"kind", project->kind},
                              {"tags", tags},
                              {"level", project->level},
                              {"language", project->language},
                              {"mode", project->mode},
                              {"place", project->place},
                              {"weekday", std::to_string(project->weekday)},
                              {"start_time", project->start_time},
                              {"duration_minutes", std::to_string(project->duration_minutes)},
                              {"time_zone", project->time_zone},
                              {"starts_on", project->starts_on},
                              {"ends_on", project->ends_on},
                              {"min_runners", std::to_string(project->min_runners)},
                              {"max_runners", std::to_string(project->max_runners)},
                              {"auditors_welcome", project->auditors_welcome},
                              {"questions", questions}};
    return render_propose(
        context, here.value(), crumb_of(request.param("slug"), project.value()),
        "/c/" + request.param("slug") + "/projects/" + std::to_string(project->id) + "/edit", true,
        std::move(typed), 200, "");
  });

  router.post("/c/{slug}/projects/{project_id}/edit", [&, render_propose,
                                                       crumb_of](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto input = project_form_input(form);
    Result<Project> updated = input ? academy.update_project(context.viewer, request.param("slug"),
                                                             id.value(), input.value())
                                    : Result<Project>(input.error());
    if (updated) {
      return http::Response::redirect("/c/" + request.param("slug") + "/projects/" +
                                      std::to_string(id.value()) + "?notice=saved");
    }
    if (updated.error().http_status != 400 && updated.error().http_status != 409)
      return session.form_failed(request, context, updated.error());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.form_failed(request, context, here.error());
    auto project = academy.project(context.viewer, request.param("slug"), id.value());
    if (!project) return session.form_failed(request, context, project.error());
    boost::json::object typed;
    for (const auto& [name, value] : form) {
      if (name != "_csrf") typed[name] = value;
    }
    typed["auditors_welcome"] = form.count("auditors_welcome") > 0;
    return session.mark_form(
        render_propose(
            context, here.value(), crumb_of(request.param("slug"), project.value()),
            "/c/" + request.param("slug") + "/projects/" + std::to_string(id.value()) + "/edit",
            true, std::move(typed), 400, ""),
        request, context, updated.error());
  });
}

}  // namespace moim::academy
