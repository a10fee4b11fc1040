// One academy project's page and what a visitor does there: apply to a
// year-round lab, review a proposal (organizers), audit, accept a builder
// invitation.
#include "features/academy/page_helpers.hpp"
#include "features/communities/routes.hpp"

namespace moim::academy {

using accounts::RequestContext;
using namespace pages;

void add_project_pages(http::Router& router, accounts::WebSession& session,
                       AcademyService& academy) {
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
}

}  // namespace moim::academy
