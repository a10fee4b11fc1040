// Academy pages: cohorts and their timeline, the public catalog, project
// pages, proposals, applications, builders' applicant review.
#include <algorithm>
#include <charconv>
#include <map>

#include "features/academy/routes.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::academy {

using accounts::RequestContext;

namespace {

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

http::Response csrf_refused(accounts::WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

// An availability slot for people: "mon_evening" reads "월요일 저녁" (issue #12).
std::string slot_label(const accounts::WebSession& session, const RequestContext& context,
                       const std::string& slot) {
  const std::size_t cut = slot.find('_');
  if (cut == std::string::npos) return slot;
  return session.text(context, "weekday_" + slot.substr(0, cut)) + " " +
         session.text(context, "daypart_" + slot.substr(cut + 1));
}

// Select options from a list of names, labelled from the catalog as prefix_name.
boost::json::array options(const RequestContext& context, accounts::WebSession& session,
                           const std::string& prefix, const std::vector<std::string_view>& names,
                           const std::optional<std::string>& selected) {
  boost::json::array list;
  for (auto name : names) {
    list.push_back(boost::json::object{{"value", name},
                                       {"label", session.text(context, prefix + std::string(name))},
                                       {"selected", selected && *selected == name}});
  }
  return list;
}

template <class Names>
std::vector<std::string_view> names_of(const Names& names) {
  return std::vector<std::string_view>(names.begin(), names.end());
}

boost::json::object project_view(const RequestContext& context, accounts::WebSession& session,
                                 const Project& project, const std::string& slug) {
  boost::json::object view = project_json(project);
  view["slug"] = slug;
  view["kind_label"] = session.text(context, "kind_" + project.kind);
  view["level_label"] = session.text(context, "level_" + project.level);
  view["language_label"] = session.text(context, "language_" + project.language);
  view["mode_label"] = session.text(context, "mode_" + project.mode);
  view["weekday_label"] = session.text(
      context, "weekday_" + std::string(kWeekdays[static_cast<std::size_t>(project.weekday)]));
  view["status_label"] =
      session.text(context, "project_status_" + std::string(status_name(project.status)));
  view["is_approved"] = project.status == ProjectStatus::kApproved;
  view["is_offline"] = project.mode == "offline";
  view["full"] = project.seats_left() == 0;
  boost::json::array tags;
  for (const auto& tag : project.tags) tags.push_back(boost::json::object{{"tag", tag}});
  view["tag_list"] = tags;
  return view;
}

boost::json::array timeline(const RequestContext& context, accounts::WebSession& session,
                            const Cohort& cohort, const std::string& zone, std::int64_t now) {
  boost::json::array items;
  for (const auto& window : cohort.phases) {
    const std::string name(phase_name(window.phase));
    items.push_back({{"phase", name},
                     {"label", session.text(context, "phase_" + name)},
                     {"starts", format_local(window.starts_at, zone)},
                     {"ends", format_local(window.ends_at, zone)},
                     {"current", window.starts_at <= now && now < window.ends_at},
                     {"past", window.ends_at <= now}});
  }
  return items;
}

// Form values for the cohort editor in the community's zone.
boost::json::object cohort_form_values(const Cohort& cohort, const std::string& zone) {
  boost::json::object values = cohort_json(cohort, 0);
  std::string questions;
  for (const auto& question : cohort.questions) questions += question + "\n";
  values["questions_text"] = questions;
  boost::json::array phases;
  for (const auto& window : cohort.phases) {
    phases.push_back(
        {{"phase", phase_name(window.phase)},
         {"starts", window.starts_at ? format_local(window.starts_at, zone, "%Y-%m-%dT%H:%M") : ""},
         {"ends", window.ends_at ? format_local(window.ends_at, zone, "%Y-%m-%dT%H:%M") : ""}});
  }
  values["phase_inputs"] = phases;
  return values;
}

boost::json::array phase_inputs(const RequestContext& context, accounts::WebSession& session,
                                const boost::json::array& values) {
  boost::json::array inputs;
  for (const auto& value : values) {
    boost::json::object input = value.as_object();
    input["label"] = session.text(context, "phase_" + std::string(input["phase"].as_string()));
    inputs.push_back(input);
  }
  return inputs;
}

// A form with one-per-line textareas: the lines become the list.
Result<CohortInput> cohort_form_input(std::map<std::string, std::string> form,
                                      const std::string& zone, bool creating) {
  const std::string questions = field(form, "questions");
  form.erase("questions");
  // Checkboxes say nothing when unticked.
  form["auditing_open"] = form.count("auditing_open") ? "on" : "off";
  form["retrospective_required"] = form.count("retrospective_required") ? "on" : "off";
  auto input = cohort_input(web::Fields(form), zone);
  if (!input) return input.error();
  input->questions = lines(questions);
  if (!creating) input->key.reset();
  return input;
}

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

void add_academy_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                       const Clock& clock) {
  add_forms_import_pages(router, session, academy, clock);
  add_phase_pages(router, session, academy);

  // ---- cohorts list and creation ----------------------------------------

  auto render_cohorts = [&](const RequestContext& context, const AcademyService::Access& here,
                            int status, const std::string& error_text, boost::json::object typed) {
    auto list = academy.cohorts(here.community.slug);
    if (!list) return session.refuse(context, list.error());
    const std::int64_t now = clock.now_seconds();
    boost::json::array current, past;
    for (const auto& cohort : list.value()) {
      boost::json::object item = cohort_json(cohort, now);
      const auto phase = cohort.current_phase(now);
      item["phase_label"] =
          phase ? session.text(context, "phase_" + std::string(phase_name(*phase)))
                : session.text(context, cohort.phases.front().starts_at > now ? "phase_upcoming"
                                                                              : "phase_closed");
      item["period"] =
          format_local(cohort.phases.front().starts_at, here.community.time_zone, "%Y-%m-%d") +
          " – " + format_local(cohort.phases.back().ends_at, here.community.time_zone, "%Y-%m-%d");
      const bool is_past = cohort.phases.back().ends_at <= now || phase == Phase::kClosed;
      (is_past ? past : current).push_back(item);
    }
    auto labs = academy.labs(context.viewer, here.community.slug);
    if (!labs) return session.refuse(context, labs.error());
    boost::json::array lab_items;
    for (const auto& lab : labs.value())
      lab_items.push_back(project_view(context, session, lab, here.community.slug));
    boost::json::object form_values = std::move(typed);
    if (!form_values.contains("phase_inputs")) {
      // A new cohort starts from the usual rhythm beginning tomorrow, so
      // nobody faces twelve empty date fields (issue #12).
      const std::string tomorrow =
          format_local(now + 24 * 3600, here.community.time_zone, "%Y-%m-%d");
      auto phases = phase_template(tomorrow, kMinRunningWeeks);
      if (!phases) return session.refuse(context, phases.error());
      form_values["phase_inputs"] = phases.value();
      form_values["template_start"] = tomorrow;
      form_values["template_weeks"] = std::to_string(kMinRunningWeeks);
      form_values["max_choices"] = 3;
      form_values["auditing_open"] = true;
    }
    boost::json::array weeks;
    for (int count = kMinRunningWeeks; count <= kMaxRunningWeeks; ++count) {
      weeks.push_back(
          {{"value", count},
           {"selected", form_values.contains("template_weeks") &&
                            form_values["template_weeks"].is_string() &&
                            form_values["template_weeks"].as_string() == std::to_string(count)}});
    }
    form_values["template_week_options"] = weeks;
    form_values["phase_inputs"] =
        phase_inputs(context, session, form_values["phase_inputs"].as_array());
    return session.page(
        context, status, "academy/cohorts",
        {{"community", communities::community_json(here.community)},
         {"current", current},
         {"past", past},
         {"has_past", !past.empty()},
         {"none", current.empty() && past.empty()},
         {"labs", lab_items},
         {"has_labs", !lab_items.empty()},
         {"can_manage", here.standing.can_manage()},
         {"form", form_values}},
        {.title = session.text(context, "cohorts_title") + " · " + here.community.name,
         .error_text = error_text});
  };

  router.get("/c/{slug}/cohorts", [&, render_cohorts](http::Request& request) {
    auto context = session.context(request);
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    context = session.context(request, here->community.default_locale);
    return render_cohorts(context, here.value(), 200, "", {});
  });

  router.post("/c/{slug}/cohorts", [&, render_cohorts](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.form_failed(request, context, here.error());
    if (form.count("fill_template")) {
      // "Fill from the template": the same form again, typed text kept, the
      // six windows computed from the start date. Nothing is saved.
      if (!here->standing.can_manage()) return session.refuse(context, Error::forbidden());
      boost::json::object typed{{"key", field(form, "key")},
                                {"name", field(form, "name")},
                                {"description", field(form, "description")},
                                {"max_choices", field(form, "max_choices")},
                                {"questions_text", field(form, "questions")},
                                {"auditing_open", form.count("auditing_open") > 0},
                                {"template_start", field(form, "template_start")},
                                {"template_weeks", field(form, "template_weeks")}};
      int weeks = 0;
      const std::string weeks_text = field(form, "template_weeks");
      std::from_chars(weeks_text.data(), weeks_text.data() + weeks_text.size(), weeks);
      auto phases = phase_template(field(form, "template_start"), weeks);
      if (!phases) {
        boost::json::array kept;
        for (Phase phase : kAllPhases) {
          const std::string name(phase_name(phase));
          kept.push_back({{"phase", name},
                          {"starts", field(form, name + "_starts_at")},
                          {"ends", field(form, name + "_ends_at")}});
        }
        typed["phase_inputs"] = kept;
        typed["template_invalid"] = true;
        return render_cohorts(context, here.value(), 400,
                              session.error_text(context, phases.error()), std::move(typed));
      }
      typed["phase_inputs"] = phases.value();
      return render_cohorts(context, here.value(), 200, "", std::move(typed));
    }
    auto input = cohort_form_input(form, here->community.time_zone, true);
    Result<Cohort> created =
        input ? academy.create_cohort(context.viewer, request.param("slug"), input.value())
              : Result<Cohort>(input.error());
    if (created) {
      return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" + created->key +
                                      "?notice=saved");
    }
    if (created.error().http_status != 400 && created.error().http_status != 409)
      return session.form_failed(request, context, created.error());
    boost::json::object typed{{"key", field(form, "key")},
                              {"name", field(form, "name")},
                              {"description", field(form, "description")},
                              {"max_choices", field(form, "max_choices")},
                              {"questions_text", field(form, "questions")},
                              {"auditing_open", form.count("auditing_open") > 0}};
    boost::json::array phases;
    for (Phase phase : kAllPhases) {
      const std::string name(phase_name(phase));
      phases.push_back({{"phase", name},
                        {"starts", field(form, name + "_starts_at")},
                        {"ends", field(form, name + "_ends_at")}});
    }
    typed["phase_inputs"] = phases;
    return session.mark_form(
        render_cohorts(context, here.value(), created.error().http_status, "", std::move(typed)),
        request, context, created.error());
  });

  // ---- one cohort: timeline, what is open, the catalog -------------------

  router.get("/c/{slug}/cohorts/{cohort}", [&](http::Request& request) {
    auto context = session.context(request);
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    context = session.context(request, here->community.default_locale);
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(context, cohort.error());
    auto query = catalog_query(request);
    std::string error_text;
    if (!query) {
      error_text = session.error_text(context, query.error());
      query = CatalogQuery{};
    }
    auto projects =
        academy.catalog(context.viewer, request.param("slug"), cohort->key, query.value());
    if (!projects) {
      if (projects.error().http_status != 400 && projects.error().http_status != 403)
        return session.refuse(context, projects.error());
      error_text = session.error_text(context, projects.error());
      query = CatalogQuery{};
      projects = academy.catalog(context.viewer, request.param("slug"), cohort->key, query.value());
      if (!projects) return session.refuse(context, projects.error());
    }
    const std::int64_t now = clock.now_seconds();
    const auto phase = cohort->current_phase(now);
    boost::json::array cards;
    for (const auto& project : projects.value())
      cards.push_back(project_view(context, session, project, request.param("slug")));
    boost::json::array weekdays;
    for (std::size_t idx = 0; idx < kWeekdays.size(); ++idx) {
      weekdays.push_back(
          {{"value", idx},
           {"label", session.text(context, "weekday_" + std::string(kWeekdays[idx]))},
           {"selected", query->weekday == static_cast<int>(idx)}});
    }
    const bool member = here->standing.is_member();
    // The dates say which phase it is, but what happened says more: a
    // published result ends "selecting", and an organizer's close ends the
    // cohort before its dates do (issue #12: the page went stale).
    auto closed = academy.cohort_closed(cohort->id);
    if (!closed) return session.refuse(context, closed.error());
    boost::json::object view = cohort_json(cohort.value(), now);
    view["phase_label"] =
        closed.value() ? session.text(context, "phase_closed")
        : phase        ? session.text(context, "phase_" + std::string(phase_name(*phase)))
                : session.text(context, cohort->phases.front().starts_at > now ? "phase_upcoming"
                                                                               : "phase_closed");
    view["timeline"] = timeline(context, session, cohort.value(), here->community.time_zone, now);
    view["open_proposals"] = phase == Phase::kProposals;
    view["open_recruiting"] = phase == Phase::kRecruiting;
    view["open_selection"] = phase == Phase::kSelection && !cohort->results_published;
    view["results_out"] = phase == Phase::kSelection && cohort->results_published;
    view["open_running"] = !closed.value() && (phase == Phase::kRunning || phase == Phase::kWrapUp);
    view["is_closed"] = closed.value();
    // "Start the next phase now": the first phase that has not started.
    for (const auto& window : cohort->phases) {
      if (window.starts_at <= now) continue;
      view["next_phase_label"] =
          session.text(context, "phase_" + std::string(phase_name(window.phase)));
      view["can_start_next"] = here->standing.can_manage() && !closed.value();
      break;
    }
    view["can_propose"] = phase == Phase::kProposals && member;
    view["can_apply"] = phase == Phase::kRecruiting && member;
    view["recruiting_ends"] =
        format_local(cohort->window(Phase::kRecruiting).ends_at, here->community.time_zone);
    view["proposals_ends"] =
        format_local(cohort->window(Phase::kProposals).ends_at, here->community.time_zone);
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(
        context, error_text.empty() ? 200 : 400, "academy/cohort",
        {{"community", communities::community_json(here->community)},
         {"cohort", view},
         {"projects", cards},
         {"count", cards.size()},
         {"empty", cards.empty()},
         {"q", query->text},
         {"tag", query->tag.value_or("")},
         {"kinds", options(context, session, "kind_", names_of(kKinds), query->kind)},
         {"levels", options(context, session, "level_", names_of(kLevels), query->level)},
         {"languages",
          options(context, session, "language_", names_of(kLanguages), query->language)},
         {"modes", options(context, session, "mode_", names_of(kModes), query->mode)},
         {"statuses", options(context, session, "project_status_",
                              {"approved", "proposed", "changes_requested", "declined"},
                              query->status ? std::optional<std::string>(
                                                  std::string(status_name(*query->status)))
                                            : std::nullopt)},
         {"weekdays", weekdays},
         {"seats_left", query->seats_left},
         {"auditors_welcome", query->auditors_welcome},
         {"can_manage", here->standing.can_manage()},
         {"is_member", member},
         {"signed_in", context.viewer.signed_in()}},
        {.title = cohort->name + " · " + here->community.name,
         .notice_key = notice == "saved" || notice == "applied" || notice == "withdrawn" ||
                               notice == "proposed" || notice == "phase_started"
                           ? "notice_academy_" + notice
                           : "",
         .error_text = error_text});
  });

  auto render_edit = [&](const RequestContext& context, const AcademyService::Access& here,
                         boost::json::object values, int status, const std::string& error_text) {
    values["phase_inputs"] = phase_inputs(context, session, values["phase_inputs"].as_array());
    return session.page(
        context, status, "academy/cohort_edit",
        {{"community", communities::community_json(here.community)}, {"form", values}},
        {.title = session.text(context, "cohort_edit_title"), .error_text = error_text});
  };

  router.get("/c/{slug}/cohorts/{cohort}/edit", [&, render_edit](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    if (!here->standing.can_manage()) return session.refuse(context, Error::forbidden());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(context, cohort.error());
    return render_edit(context, here.value(),
                       cohort_form_values(cohort.value(), here->community.time_zone), 200, "");
  });

  router.post("/c/{slug}/cohorts/{cohort}/edit", [&, render_edit](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.form_failed(request, context, here.error());
    auto input = cohort_form_input(form, here->community.time_zone, false);
    Result<Cohort> updated = input ? academy.update_cohort(context.viewer, request.param("slug"),
                                                           request.param("cohort"), input.value())
                                   : Result<Cohort>(input.error());
    if (updated) {
      return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                      request.param("cohort") + "?notice=saved");
    }
    if (updated.error().http_status != 400 && updated.error().http_status != 409)
      return session.form_failed(request, context, updated.error());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.form_failed(request, context, cohort.error());
    boost::json::object values = cohort_form_values(cohort.value(), here->community.time_zone);
    values["name"] = field(form, "name");
    values["description"] = field(form, "description");
    values["questions_text"] = field(form, "questions");
    boost::json::array phases;
    for (Phase phase : kAllPhases) {
      const std::string name(phase_name(phase));
      phases.push_back({{"phase", name},
                        {"starts", field(form, name + "_starts_at")},
                        {"ends", field(form, name + "_ends_at")}});
    }
    values["phase_inputs"] = phases;
    return session.mark_form(render_edit(context, here.value(), std::move(values), 400, ""),
                             request, context, updated.error());
  });

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

  // ---- a project -----------------------------------------------------------

  router.get("/c/{slug}/projects/{project_id}", [&](http::Request& request) {
    auto context = session.context(request);
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    context = session.context(request, here->community.default_locale);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.refuse(context, id.error());
    auto project = academy.project(context.viewer, request.param("slug"), id.value());
    if (!project) return session.refuse(context, project.error());
    boost::json::object view =
        project_view(context, session, project.value(), request.param("slug"));
    const std::int64_t me = context.viewer.user_id();
    bool builder = false, invited = false;
    boost::json::array builders;
    for (const auto& item : project->builders) {
      if (item.user_id == me) (item.accepted ? builder : invited) = true;
      if (!item.accepted && !here->standing.can_manage() && item.user_id != me) continue;
      builders.push_back({{"user_id", item.user_id},
                          {"display_name", item.display_name},
                          {"bio", item.bio},
                          {"github_url", item.github_url},
                          {"blog_url", item.blog_url},
                          {"lead", item.lead},
                          {"pending", !item.accepted}});
    }
    view["builder_cards"] = builders;
    boost::json::object cohort_view;
    if (project->cohort_id) {
      auto cohorts = academy.cohorts(request.param("slug"));
      if (cohorts) {
        for (const auto& cohort : cohorts.value()) {
          if (cohort.id == *project->cohort_id)
            cohort_view = {{"key", cohort.key}, {"name", cohort.name}};
        }
      }
    }
    auto auditing = academy.is_auditing(context.viewer, project->id);
    // A year-round lab takes applications here, at any time.
    boost::json::value lab_view = nullptr;
    if (project->is_lab() && project->status == ProjectStatus::kApproved &&
        here->standing.is_member() && !builder) {
      auto mine = academy.my_application(context.viewer, request.param("slug"),
                                         Scope{std::nullopt, project->id});
      boost::json::object lab;
      boost::json::array questions;
      for (std::size_t idx = 0; idx < project->questions.size(); ++idx) {
        std::string answer;
        if (mine && mine->has_value() && !(*mine)->choices.empty() &&
            idx < (*mine)->choices.front().answers.size())
          answer = (*mine)->choices.front().answers[idx];
        questions.push_back(boost::json::object{
            {"idx", idx}, {"question", project->questions[idx]}, {"answer", answer}});
      }
      lab["questions"] = questions;
      if (mine && mine->has_value()) {
        const Application& application = **mine;
        lab["applied"] = application.status == "submitted";
        const Choice* choice = application.choices.empty() ? nullptr : &application.choices.front();
        lab["status"] = session.text(
            context, application.status == "withdrawn" ? "application_withdrawn"
                     : choice && choice->placed
                         ? "choice_placed"
                         : "choice_" + (choice ? choice->review : std::string("pending")));
      }
      lab_view = lab;
    }
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(
        context, 200, "academy/project",
        {{"community", communities::community_json(here->community)},
         {"project", view},
         {"cohort", cohort_view},
         {"has_cohort", !cohort_view.empty()},
         {"is_builder", builder},
         {"is_invited", invited},
         {"can_manage", here->standing.can_manage()},
         {"can_review_applicants", builder || here->standing.can_manage()},
         {"can_edit",
          (builder || here->standing.can_manage()) && project->status != ProjectStatus::kDeclined},
         {"is_member", here->standing.is_member()},
         {"is_auditing", auditing && auditing.value()},
         {"lab", lab_view},
         {"can_audit", project->auditors_welcome && project->status == ProjectStatus::kApproved &&
                           here->standing.is_member() && !(auditing && auditing.value())},
         {"needs_review", project->status == ProjectStatus::kProposed ||
                              project->status == ProjectStatus::kChangesRequested},
         {"has_comment", !project->review_comment.empty()}},
        {.title = project->title + " · " + here->community.name,
         .notice_key = notice == "proposed" || notice == "reviewed" || notice == "auditing" ||
                               notice == "joined" || notice == "saved" || notice == "applied" ||
                               notice == "withdrawn"
                           ? "notice_academy_" + notice
                           : ""});
  });

  router.post("/c/{slug}/projects/{project_id}/apply", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    const Scope scope{std::nullopt, id.value()};
    const std::string back =
        "/c/" + request.param("slug") + "/projects/" + std::to_string(id.value());
    if (field(form, "withdraw") == "1") {
      auto withdrawn = academy.withdraw(context.viewer, request.param("slug"), scope);
      if (!withdrawn) return session.form_failed(request, context, withdrawn.error());
      return http::Response::redirect(back + "?notice=withdrawn");
    }
    ChoiceInput choice{id.value(), {}};
    for (std::size_t idx = 0;; ++idx) {
      auto found = form.find("lab_answer_" + std::to_string(idx));
      if (found == form.end()) break;
      choice.answers.push_back(found->second);
    }
    ApplicationInput input;
    input.choices.push_back(std::move(choice));
    auto applied = academy.apply(context.viewer, request.param("slug"), scope, input);
    if (!applied) return session.form_failed(request, context, applied.error());
    return http::Response::redirect(back + "?notice=applied");
  });

  router.post("/c/{slug}/projects/{project_id}/review", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto decision = parse_decision(field(form, "decision"));
    if (!decision) return session.refuse(context, Error::invalid("decision", "choose a decision"));
    auto reviewed = academy.review_project(context.viewer, request.param("slug"), id.value(),
                                           *decision, web::trim(field(form, "comment")));
    if (!reviewed) return session.form_failed(request, context, reviewed.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/projects/" +
                                    std::to_string(id.value()) + "?notice=reviewed");
  });

  router.post("/c/{slug}/projects/{project_id}/audit", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto changed = field(form, "stop") == "1"
                       ? academy.stop_auditing(context.viewer, request.param("slug"), id.value())
                       : academy.audit(context.viewer, request.param("slug"), id.value());
    if (!changed) return session.form_failed(request, context, changed.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/projects/" +
                                    std::to_string(id.value()) + "?notice=auditing");
  });

  router.post("/c/{slug}/projects/{project_id}/invitation", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto accepted = academy.accept_invitation(context.viewer, request.param("slug"), id.value());
    if (!accepted) return session.form_failed(request, context, accepted.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/projects/" +
                                    std::to_string(id.value()) + "?notice=joined");
  });

  // ---- applying ------------------------------------------------------------

  auto render_apply = [&](const RequestContext& context, const AcademyService::Access& here,
                          const Cohort& cohort, const std::optional<Application>& mine,
                          const std::map<std::string, std::string>& typed, int status,
                          const std::string& error_text, const std::string& notice) {
    auto projects =
        academy.catalog(context.viewer, here.community.slug, cohort.key, CatalogQuery{});
    if (!projects) return session.refuse(context, projects.error());
    const std::int64_t now = clock.now_seconds();
    auto value_of = [&](const std::string& name, const std::string& fallback) {
      auto found = typed.find(name);
      return found == typed.end() ? fallback : found->second;
    };
    boost::json::array choice_inputs;
    for (int rank = 1; rank <= cohort.max_choices; ++rank) {
      std::string chosen;
      if (mine && rank <= static_cast<int>(mine->choices.size()))
        chosen = std::to_string(mine->choices[static_cast<std::size_t>(rank - 1)].project_id);
      chosen = value_of("choice_" + std::to_string(rank), chosen);
      boost::json::array project_options;
      for (const auto& project : projects.value()) {
        project_options.push_back({{"value", project.id},
                                   {"label", project.title},
                                   {"selected", std::to_string(project.id) == chosen}});
      }
      choice_inputs.push_back(
          {{"rank", rank},
           {"label", session.text(context, "choice_rank_" + std::to_string(std::min(rank, 4)))},
           {"options", project_options},
           {"required", rank == 1}});
    }
    boost::json::array questions;
    for (std::size_t idx = 0; idx < cohort.questions.size(); ++idx) {
      std::string answer = mine && idx < mine->answers.size() ? mine->answers[idx] : "";
      questions.push_back({{"idx", idx},
                           {"question", cohort.questions[idx]},
                           {"answer", value_of("answer_" + std::to_string(idx), answer)}});
    }
    boost::json::array project_questions;
    for (const auto& project : projects.value()) {
      if (project.questions.empty()) continue;
      const Choice* previous = nullptr;
      if (mine) {
        for (const auto& choice : mine->choices)
          if (choice.project_id == project.id) previous = &choice;
      }
      boost::json::array items;
      for (std::size_t idx = 0; idx < project.questions.size(); ++idx) {
        const std::string name = "pa_" + std::to_string(project.id) + "_" + std::to_string(idx);
        std::string answer =
            previous && idx < previous->answers.size() ? previous->answers[idx] : "";
        items.push_back({{"name", name},
                         {"question", project.questions[idx]},
                         {"answer", value_of(name, answer)}});
      }
      project_questions.push_back(
          {{"project_id", project.id}, {"title", project.title}, {"items", items}});
    }
    boost::json::array slots;
    for (auto day : kWeekdays) {
      boost::json::array parts;
      for (auto part : kDayParts) {
        const std::string slot = std::string(day) + "_" + std::string(part);
        bool ticked = mine && std::find(mine->availability.begin(), mine->availability.end(),
                                        slot) != mine->availability.end();
        if (!typed.empty()) ticked = typed.count("avail_" + slot) > 0;
        parts.push_back({{"slot", slot},
                         {"label", session.text(context, "daypart_" + std::string(part))},
                         {"checked", ticked}});
      }
      slots.push_back(
          {{"day", session.text(context, "weekday_" + std::string(day))}, {"parts", parts}});
    }
    boost::json::value result_view = nullptr;
    // Once a result is out each choice says what the selection did with it,
    // not the builders' review, which stayed "검토 중" forever (issue #12).
    std::map<std::int64_t, std::string> outcome_of;
    if (auto result = academy.my_result(context.viewer, here.community.slug, cohort.key);
        result && result->published) {
      for (const auto& choice : result->explanation)
        outcome_of[choice.project_id] = session.text(context, "outcome_" + choice.outcome);
      boost::json::object view = result_json(result.value());
      view["offered"] = result->offer_state == "offered";
      view["confirmed"] = result->offer_state == "confirmed";
      view["placed"] = result->project_id.has_value();
      view["deadline_local"] =
          result->deadline ? format_local(result->deadline, here.community.time_zone) : "";
      view["state_label"] =
          result->offer_state.empty() ? "" : session.text(context, "seat_" + result->offer_state);
      boost::json::array why;
      for (const auto& choice : result->explanation) {
        why.push_back(
            boost::json::object{{"title", choice.project_title},
                                {"outcome", session.text(context, "outcome_" + choice.outcome)}});
      }
      view["why"] = why;
      view["has_waitlist"] = !result->waitlisted.empty();
      result_view = view;
    }
    boost::json::value mine_view = nullptr;
    if (mine) {
      boost::json::object view = application_json(*mine);
      view["is_withdrawn"] = mine->status == "withdrawn";
      boost::json::array choices;
      for (const auto& choice : mine->choices) {
        choices.push_back(
            {{"rank", choice.rank},
             {"project_id", choice.project_id},
             {"title", choice.project_title},
             {"status", outcome_of.count(choice.project_id)
                            ? outcome_of[choice.project_id]
                            : session.text(context, choice.placed ? "choice_placed"
                                                                  : "choice_" + choice.review)}});
      }
      view["choice_rows"] = choices;
      view["updated"] = format_local(mine->updated_at, here.community.time_zone);
      mine_view = view;
    }
    const bool open = cohort.in_phase(Phase::kRecruiting, now);
    return session.page(context, status, "academy/apply",
                        {{"community", communities::community_json(here.community)},
                         {"cohort", cohort_json(cohort, now)},
                         {"open", open},
                         {"deadline", format_local(cohort.window(Phase::kRecruiting).ends_at,
                                                   here.community.time_zone)},
                         {"mine", mine_view},
                         {"result", result_view},
                         {"can_withdraw", open && mine && mine->status == "submitted"},
                         {"choices", choice_inputs},
                         {"questions", questions},
                         {"project_questions", project_questions},
                         {"has_project_questions", !project_questions.empty()},
                         {"slots", slots}},
                        {.title = session.text(context, "apply_title") + " · " + cohort.name,
                         .notice_key = notice,
                         .error_text = error_text});
  };

  router.get("/c/{slug}/cohorts/{cohort}/apply", [&, render_apply](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    if (!here->standing.is_member()) return session.refuse(context, Error::forbidden());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(context, cohort.error());
    auto mine = academy.my_application(context.viewer, request.param("slug"),
                                       Scope{cohort->key, std::nullopt});
    if (!mine) return session.refuse(context, mine.error());
    const std::string notice = request.query_param("notice").value_or("");
    return render_apply(context, here.value(), cohort.value(), mine.value(), {}, 200, "",
                        notice == "applied" || notice == "withdrawn" || notice == "seat"
                            ? "notice_academy_" + notice
                            : "");
  });

  router.post("/c/{slug}/cohorts/{cohort}/apply", [&, render_apply](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.form_failed(request, context, here.error());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.form_failed(request, context, cohort.error());
    ApplicationInput input;
    std::optional<Error> problem;
    for (int rank = 1; rank <= cohort->max_choices; ++rank) {
      const std::string text = web::trim(field(form, "choice_" + std::to_string(rank)));
      if (text.empty()) continue;
      std::int64_t project_id = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), project_id);
      if (ec != std::errc{} || end != text.data() + text.size()) {
        problem = Error::invalid("choices", "choose projects from the list");
        break;
      }
      ChoiceInput choice{project_id, {}};
      for (std::size_t idx = 0;; ++idx) {
        auto found = form.find("pa_" + std::to_string(project_id) + "_" + std::to_string(idx));
        if (found == form.end()) break;
        choice.answers.push_back(found->second);
      }
      input.choices.push_back(std::move(choice));
    }
    for (std::size_t idx = 0; idx < cohort->questions.size(); ++idx)
      input.answers.push_back(field(form, "answer_" + std::to_string(idx)));
    for (const auto& [name, value] : form) {
      if (name.starts_with("avail_")) input.availability.push_back(name.substr(6));
    }
    Result<Application> applied = problem ? Result<Application>(*problem)
                                          : academy.apply(context.viewer, request.param("slug"),
                                                          Scope{cohort->key, std::nullopt}, input);
    if (applied) {
      return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" + cohort->key +
                                      "/apply?notice=applied");
    }
    if (applied.error().http_status != 400 && applied.error().http_status != 409)
      return session.form_failed(request, context, applied.error());
    auto mine = academy.my_application(context.viewer, request.param("slug"),
                                       Scope{cohort->key, std::nullopt});
    if (!mine) return session.form_failed(request, context, mine.error());
    std::map<std::string, std::string> typed = form;
    typed["_typed"] = "1";
    return render_apply(context, here.value(), cohort.value(), mine.value(), typed,
                        applied.error().http_status, session.error_text(context, applied.error()),
                        "");
  });

  router.post("/c/{slug}/cohorts/{cohort}/withdraw", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto withdrawn = academy.withdraw(context.viewer, request.param("slug"),
                                      Scope{request.param("cohort"), std::nullopt});
    if (!withdrawn) return session.form_failed(request, context, withdrawn.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/apply?notice=withdrawn");
  });

  // ---- builders: applicants --------------------------------------------

  router.get("/c/{slug}/projects/{project_id}/applicants", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.refuse(context, id.error());
    auto list = academy.applicants(context.viewer, request.param("slug"), id.value());
    if (!list) return session.refuse(context, list.error());
    auto project = academy.project(context.viewer, request.param("slug"), id.value());
    if (!project) return session.refuse(context, project.error());
    // Fifty applicants a page, optionally only those with one decision; the
    // page and the filter stay in every link and come back after a review.
    const std::string decision = request.query_param("decision").value_or("");
    std::vector<const Applicant*> shown;
    for (const auto& applicant : list.value())
      if (decision.empty() || applicant.review == decision) shown.push_back(&applicant);
    const auto number_param = [&](const char* name, std::size_t fallback, std::size_t most) {
      std::size_t number = 0;
      auto asked = request.query_param(name);
      if (!asked) return fallback;
      auto [end, ec] = std::from_chars(asked->data(), asked->data() + asked->size(), number);
      if (ec != std::errc{} || end != asked->data() + asked->size() || number < 1) return fallback;
      return std::min(number, most);
    };
    const std::size_t per_page = number_param("per_page", 50, 200);
    const std::size_t pages = std::max<std::size_t>(1, (shown.size() + per_page - 1) / per_page);
    const std::size_t page = number_param("page", 1, pages);
    const std::string base =
        "/c/" + request.param("slug") + "/projects/" + std::to_string(id.value()) + "/applicants";
    const auto page_link = [&](std::size_t number) {
      std::string link = base + "?page=" + std::to_string(number);
      if (per_page != 50) link += "&per_page=" + std::to_string(per_page);
      if (!decision.empty()) link += "&decision=" + http::percent_encode(decision);
      return link;
    };
    boost::json::array rows;
    for (std::size_t index = (page - 1) * per_page; index < shown.size() && index < page * per_page;
         ++index) {
      const Applicant& applicant = *shown[index];
      boost::json::object row = applicant_json(applicant);
      boost::json::array qa;
      for (std::size_t idx = 0; idx < applicant.answers.size(); ++idx) {
        qa.push_back({{"question", idx < project->questions.size() ? project->questions[idx] : ""},
                      {"answer", applicant.answers[idx]}});
      }
      row["qa"] = qa;
      boost::json::array common;
      for (const auto& answer : applicant.common_answers)
        common.push_back(boost::json::object{{"answer", answer}});
      row["common"] = common;
      row["rank_label"] =
          applicant.rank <= 3
              ? session.text(context, "choice_rank_" + std::to_string(applicant.rank))
              : session.text(context, "choice_rank") + " " + std::to_string(applicant.rank);
      row["review_label"] = session.text(context, "choice_" + applicant.review);
      row["review_options"] =
          options(context, session, "choice_", names_of(kReviews), applicant.review);
      row["score_text"] = applicant.score ? std::to_string(*applicant.score) : "";
      std::string slots;
      for (const auto& slot : applicant.availability)
        slots += (slots.empty() ? "" : ", ") + slot_label(session, context, slot);
      row["availability_text"] = slots;
      rows.push_back(row);
    }
    // Must-accept co-runners are picked by name (issue #12): the list shown
    // by name, each add or remove a small form carrying the whole new list.
    std::vector<std::int64_t> co_runner_ids;
    for (const auto& applicant : list.value())
      if (applicant.co_runner) co_runner_ids.push_back(applicant.user_id);
    const auto id_list = [](const std::vector<std::int64_t>& ids) {
      std::string text;
      for (std::int64_t user_id : ids) text += (text.empty() ? "" : ",") + std::to_string(user_id);
      return text;
    };
    auto picked = academy.people(context.viewer, request.param("slug"), co_runner_ids);
    if (!picked) return session.refuse(context, picked.error());
    boost::json::array co_runner_people;
    for (const auto& person : picked.value()) {
      std::vector<std::int64_t> without;
      for (std::int64_t user_id : co_runner_ids)
        if (user_id != person.user_id) without.push_back(user_id);
      co_runner_people.push_back({{"display_name", person.display_name},
                                  {"masked_email", person.masked_email},
                                  {"without", id_list(without)}});
    }
    const std::string who = request.query_param("who").value_or("");
    boost::json::array matches;
    std::string search_error;
    if (!who.empty()) {
      auto found = academy.find_people(context.viewer, request.param("slug"), who);
      if (!found) {
        if (found.error().http_status != 400) return session.refuse(context, found.error());
        search_error = session.error_text(context, found.error());
      } else {
        for (const auto& person : found.value()) {
          const bool chosen = std::find(co_runner_ids.begin(), co_runner_ids.end(),
                                        person.user_id) != co_runner_ids.end();
          std::vector<std::int64_t> with = co_runner_ids;
          if (!chosen) with.push_back(person.user_id);
          matches.push_back({{"display_name", person.display_name},
                             {"masked_email", person.masked_email},
                             {"chosen", chosen},
                             {"with", id_list(with)}});
        }
      }
    }
    std::string csv_link;
    if (project->cohort_id) {
      auto cohorts = academy.cohorts(request.param("slug"));
      if (cohorts) {
        for (const auto& cohort : cohorts.value()) {
          if (cohort.id == *project->cohort_id)
            csv_link = "/c/" + request.param("slug") + "/cohorts/" + cohort.key +
                       "/applications.csv?project=" + std::to_string(project->id);
        }
      }
    }
    return session.page(
        context, 200, "academy/applicants",
        {{"community", communities::community_json(here->community)},
         {"project", project_view(context, session, project.value(), request.param("slug"))},
         {"applicants", rows},
         {"count", list->size()},
         {"empty", rows.empty()},
         {"page", page},
         {"pages", pages},
         {"has_prev", page > 1},
         {"has_next", page < pages},
         {"prev_link", page_link(page - 1)},
         {"next_link", page_link(page + 1)},
         {"decision", decision},
         {"decision_options", options(context, session, "choice_", names_of(kReviews), decision)},
         {"csv_link", csv_link},
         {"co_runner_people", co_runner_people},
         {"has_co_runners", !co_runner_people.empty()},
         {"who", who},
         {"searched", !who.empty() && search_error.empty()},
         {"matches", matches},
         {"no_matches", !who.empty() && search_error.empty() && matches.empty()},
         {"who_invalid", !search_error.empty()}},
        {.title = session.text(context, "applicants_title") + " · " + project->title,
         .notice_key = request.query_param("notice") == "saved" ? "notice_saved" : "",
         .error_text = search_error});
  });

  router.post("/c/{slug}/projects/{project_id}/applicants/{application_id}",
              [&](http::Request& request) {
                auto context = session.context(request);
                if (!context.viewer.signed_in())
                  return session.refuse(context, Error::unauthenticated());
                const auto form = request.form();
                if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
                auto id = accounts::path_id(request, "project_id");
                if (!id) return session.form_failed(request, context, id.error());
                auto application_id = accounts::path_id(request, "application_id");
                if (!application_id)
                  return session.form_failed(request, context, application_id.error());
                web::Fields fields(form);
                ReviewInput input;
                auto review = fields.optional_text("review", 20);
                if (!review) return session.form_failed(request, context, review.error());
                input.review = review.value();
                auto score = fields.optional_integer("score", 0, 100);
                if (!score) return session.form_failed(request, context, score.error());
                if (*score)
                  input.score = static_cast<int>(**score);
                else
                  input.clear_score = true;
                auto saved = academy.review_applicant(context.viewer, request.param("slug"),
                                                      id.value(), application_id.value(), input);
                if (!saved) return session.form_failed(request, context, saved.error());
                // Back to the page and filter the review was made on.
                std::string back = "/c/" + request.param("slug") + "/projects/" +
                                   std::to_string(id.value()) + "/applicants?notice=saved";
                for (const char* kept : {"page", "decision"}) {
                  auto found = form.find(kept);
                  if (found != form.end() && !found->second.empty() && found->second.size() < 20)
                    back += std::string("&") + kept + "=" + http::percent_encode(found->second);
                }
                return http::Response::redirect(back);
              });

  router.post("/c/{slug}/projects/{project_id}/co-runners", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto listed = web::Fields(form).optional_list("user_ids", kMaxCoRunners, 20);
    if (!listed) return session.form_failed(request, context, listed.error());
    std::vector<std::int64_t> user_ids;
    for (const auto& text : listed->value_or(std::vector<std::string>{})) {
      std::int64_t user_id = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), user_id);
      if (ec != std::errc{} || end != text.data() + text.size() || user_id <= 0)
        return session.refuse(context, Error::invalid("user_ids", "user_ids are user numbers"));
      user_ids.push_back(user_id);
    }
    auto saved =
        academy.set_co_runners(context.viewer, request.param("slug"), id.value(), user_ids);
    if (!saved) return session.form_failed(request, context, saved.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/projects/" +
                                    std::to_string(id.value()) + "/applicants?notice=saved");
  });

  router.get("/c/{slug}/cohorts/{cohort}/applications.csv", [&](http::Request& request) {
    auto context = session.context(request);
    std::optional<std::int64_t> project_id;
    if (auto text = request.query_param("project"); text && !text->empty()) {
      std::int64_t id = 0;
      auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
      if (ec != std::errc{} || end != text->data() + text->size() || id <= 0)
        return session.refuse(context, Error::invalid("project", "project must be a project id"));
      project_id = id;
    }
    auto csv = academy.applications_csv(context.viewer, request.param("slug"),
                                        request.param("cohort"), project_id);
    if (!csv) return session.refuse(context, csv.error());
    // "mon_evening;sat_morning" reads "월요일 저녁;토요일 오전".
    const web::CellText slots = [&](const std::string& cell) {
      std::string out;
      std::size_t at = 0;
      while (at <= cell.size()) {
        const std::size_t end = std::min(cell.find(';', at), cell.size());
        out += (out.empty() ? "" : ";") + slot_label(session, context, cell.substr(at, end - at));
        at = end + 1;
      }
      return out;
    };
    const std::string body = session.localized_csv(
        context, csv.value(), {{"status", "application_"}, {"review", "choice_"}},
        {{"availability", slots}});
    http::Response response = http::Response::text(200, body, "text/csv; charset=utf-8");
    response.set_header("Content-Disposition", "attachment; filename=\"" + request.param("slug") +
                                                   "-" + request.param("cohort") +
                                                   "-applications.csv\"");
    response.set_header("Cache-Control", "no-store");
    return response;
  });
  // ---- selection (organizers) and seats (members) ------------------------

  router.get("/c/{slug}/cohorts/{cohort}/selection", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(context, cohort.error());
    auto run = academy.latest_run(context.viewer, request.param("slug"), cohort->key);
    if (!run) return session.refuse(context, run.error());
    auto projects =
        academy.catalog(context.viewer, request.param("slug"), cohort->key, CatalogQuery{});
    if (!projects) return session.refuse(context, projects.error());
    boost::json::value run_view = nullptr;
    if (run->has_value()) {
      const AllocationRun& latest = **run;
      boost::json::object view = run_json(latest);
      boost::json::array ranks;
      for (std::size_t idx = 0; idx < latest.by_rank.size(); ++idx) {
        ranks.push_back(boost::json::object{
            {"label", session.text(context, "choice_rank_" +
                                                std::to_string(std::min<std::size_t>(idx + 1, 4)))},
            {"count", latest.by_rank[idx]}});
      }
      view["ranks"] = ranks;
      if (const auto* mode = view.if_contains("mode"); mode && mode->is_string())
        view["mode_label"] = session.text(context, "mode_" + std::string(mode->as_string()));
      boost::json::array rows;
      for (const auto& placement : latest.placements) {
        boost::json::array why;
        for (const auto& choice : placement.explanation) {
          why.push_back(
              boost::json::object{{"title", choice.project_title},
                                  {"outcome", session.text(context, "outcome_" + choice.outcome)}});
        }
        boost::json::array pin_options;
        for (const auto& project : projects.value()) {
          pin_options.push_back(
              boost::json::object{{"value", project.id},
                                  {"label", project.title},
                                  {"selected", placement.pinned_project == project.id}});
        }
        rows.push_back(boost::json::object{{"user_id", placement.user_id},
                                           {"display_name", placement.display_name},
                                           {"project_title", placement.project_title},
                                           {"rank", placement.rank},
                                           {"placed", placement.project_id.has_value()},
                                           {"why", why},
                                           {"pinned", placement.pinned_project.has_value()},
                                           {"pin_reason", placement.pin_reason},
                                           {"pin_options", pin_options}});
      }
      view["rows"] = rows;
      view["is_published"] = latest.published_at.has_value();
      run_view = view;
    }
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(
        context, 200, "academy/selection",
        {{"community", communities::community_json(here->community)},
         {"cohort", cohort_json(cohort.value(), clock.now_seconds())},
         {"open", cohort->in_phase(Phase::kSelection, clock.now_seconds())},
         {"run", run_view}},
        {.title = session.text(context, "selection_title") + " · " + cohort->name,
         .notice_key = notice == "ran" || notice == "pinned" || notice == "published"
                           ? "notice_selection_" + notice
                           : ""});
  });

  router.post("/c/{slug}/cohorts/{cohort}/selection/run", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    web::Fields fields(form);
    RunInput input;
    input.mode = field(form, "mode").empty() ? "stable" : field(form, "mode");
    auto seed = fields.optional_integer("seed", 0, (std::int64_t{1} << 53) - 1);
    if (!seed) return session.form_failed(request, context, seed.error());
    input.seed = seed.value();
    input.cancel_under_minimum = form.count("cancel_under_minimum") > 0;
    auto run = academy.run_allocation(context.viewer, request.param("slug"),
                                      request.param("cohort"), input);
    if (!run) return session.form_failed(request, context, run.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/selection?notice=ran");
  });

  router.post("/c/{slug}/cohorts/{cohort}/selection/pin", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    web::Fields fields(form);
    auto user_id = fields.optional_integer("user_id", 1, INT64_MAX);
    if (!user_id || !*user_id)
      return session.refuse(context, Error::invalid("user_id", "choose a person"));
    auto project_id = fields.optional_integer("project_id", 1, INT64_MAX);
    if (!project_id) return session.form_failed(request, context, project_id.error());
    auto done = academy.pin(context.viewer, request.param("slug"), request.param("cohort"),
                            **user_id, project_id.value(), web::trim(field(form, "reason")));
    if (!done) return session.form_failed(request, context, done.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/selection?notice=pinned");
  });

  router.post("/c/{slug}/cohorts/{cohort}/selection/publish", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    web::Fields fields(form);
    auto run_id = fields.optional_integer("run_id", 1, INT64_MAX);
    if (!run_id || !*run_id)
      return session.refuse(context, Error::invalid("run_id", "choose a run"));
    auto run =
        academy.publish(context.viewer, request.param("slug"), request.param("cohort"), **run_id);
    if (!run) return session.form_failed(request, context, run.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/selection?notice=published");
  });

  router.post("/c/{slug}/cohorts/{cohort}/seat", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto mine = academy.respond_to_offer(context.viewer, request.param("slug"),
                                         request.param("cohort"), field(form, "confirm") == "1");
    if (!mine) return session.form_failed(request, context, mine.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/apply?notice=seat");
  });
}

}  // namespace moim::academy
