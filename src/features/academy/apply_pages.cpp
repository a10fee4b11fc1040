// Applying to a cohort: the application form (ranked choices, questions,
// availability), the published result and seat offer, and withdrawing.
#include <algorithm>
#include <charconv>
#include <map>

#include "features/academy/page_helpers.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::academy {

using accounts::RequestContext;
using namespace pages;

void add_apply_pages(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                     const Clock& clock) {
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
          {{"project_id", project.id}, {"title", project.title}, {"items", std::move(items)}});
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
}

}  // namespace moim::academy
