// Academy pages for cohorts: the list with the new-cohort form (and its
// phase template), one cohort's timeline and project catalog, and the
// organizers' cohort editor.
#include <charconv>
#include <map>
#include <memory>
#include <tuple>

#include "features/academy/page_helpers.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/base/versioned_cache.hpp"

namespace moim::academy {

using accounts::RequestContext;
using namespace pages;

namespace {

// A catalog's rendered cards: for one cohort, under one community slug (the
// links carry it), in one language.
using CardsKey = std::tuple<std::int64_t, std::string, std::string>;
struct Cards {
  std::string html;
  std::size_t count = 0;
};

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

}  // namespace

void add_cohort_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                      const Clock& clock) {
  auto kept_cards = std::make_shared<VersionedCache<CardsKey, Cards>>();
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
      lab_items.push_back(project_card_view(context, session, lab, here.community.slug));
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

  router.get("/c/{slug}/cohorts/{cohort}", [&, kept_cards](http::Request& request) {
    auto context = session.context(request);
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    context = session.context(request, here->community.default_locale);
    // Without a query (a search, a notice) every anonymous visitor gets the
    // same page: kept rendered (web/kept_pages.hpp).
    return session.kept_page(request, context, [&] {
      auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
      if (!cohort) return session.refuse(context, cohort.error());
      auto query = catalog_query(request);
      std::string error_text;
      if (!query) {
        error_text = session.error_text(context, query.error());
        query = CatalogQuery{};
      }
      // The cards of the unfiltered catalog, which every visitor opens, are
      // rendered once per content version and language; a search renders its own.
      const bool unfiltered = query.value() == CatalogQuery{};
      const CardsKey cards_key{cohort->id, request.param("slug"), context.language};
      auto cards =
          unfiltered ? kept_cards->find(cards_key, here->community.content_version) : nullptr;
      if (!cards) {
        auto projects =
            academy.catalog(context.viewer, request.param("slug"), cohort->key, query.value());
        if (!projects) {
          if (projects.error().http_status != 400 && projects.error().http_status != 403)
            return session.refuse(context, projects.error());
          error_text = session.error_text(context, projects.error());
          query = CatalogQuery{};
          projects =
              academy.catalog(context.viewer, request.param("slug"), cohort->key, query.value());
          if (!projects) return session.refuse(context, projects.error());
        }
        boost::json::array list;
        for (const auto& project : projects.value())
          list.push_back(project_card_view(context, session, project, request.param("slug")));
        Cards rendered{session.fragment(context, "academy/project_cards",
                                        boost::json::object{{"projects", std::move(list)}}),
                       projects->size()};
        cards =
            query.value() == CatalogQuery{}
                ? kept_cards->store(cards_key, here->community.content_version, std::move(rendered))
                : std::make_shared<const Cards>(std::move(rendered));
      }
      const std::int64_t now = clock.now_seconds();
      const auto phase = cohort->current_phase(now);
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
      auto closed = academy.cohort_closed(here->community, cohort.value());
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
      view["open_running"] =
          !closed.value() && (phase == Phase::kRunning || phase == Phase::kWrapUp);
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
           {"count", cards->count},
           {"empty", cards->count == 0},
           // Moved, not copied: copying the cards was a fifth of the page.
           {"cohort", std::move(view)},
           {"project_cards", cards->html},
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
           {"weekdays", std::move(weekdays)},
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
}

}  // namespace moim::academy
