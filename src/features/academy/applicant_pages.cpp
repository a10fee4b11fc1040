// Builders reviewing their project's applicants: the paged list with a
// decision filter, reviews, must-accept co-runners picked by name, and the
// cohort's applications as CSV.
#include <algorithm>
#include <charconv>

#include "features/academy/page_helpers.hpp"
#include "features/communities/routes.hpp"

namespace moim::academy {

using accounts::RequestContext;
using namespace pages;

namespace {

// An availability slot for people: "mon_evening" reads "월요일 저녁" (issue #12).
std::string slot_label(const accounts::WebSession& session, const RequestContext& context,
                       const std::string& slot) {
  const std::size_t cut = slot.find('_');
  if (cut == std::string::npos) return slot;
  return session.text(context, "weekday_" + slot.substr(0, cut)) + " " +
         session.text(context, "daypart_" + slot.substr(cut + 1));
}

}  // namespace

void add_applicant_pages(http::Router& router, accounts::WebSession& session,
                         AcademyService& academy) {
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
}

}  // namespace moim::academy
