// /c/{slug}/cohorts/{cohort}/import: organizers paste a Google Forms CSV
// export, adjust the guessed column mapping, see every row and its errors,
// and import (skipping the rows with errors only when they say so).
#include <charconv>

#include "features/academy/routes.hpp"
#include "features/communities/routes.hpp"

namespace moim::academy {

using accounts::RequestContext;

namespace {

std::string form_field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

// "" = none; otherwise a column number.
Result<int> column_field(const std::map<std::string, std::string>& form, const std::string& name,
                         const std::string& field) {
  const std::string text = web::trim(form_field(form, name));
  if (text.empty()) return -1;
  int column = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), column);
  if (error != std::errc{} || end != text.data() + text.size() || column < 0)
    return Error::invalid(field, field + " must be a column of the file");
  return column;
}

// The mapping the form sends back after a preview; nullopt on the first upload.
Result<std::optional<ImportMapping>> mapping_from(const std::map<std::string, std::string>& form,
                                                  std::size_t questions) {
  if (!form.count("map_email")) return std::optional<ImportMapping>{};
  ImportMapping mapping;
  auto email = column_field(form, "map_email", "mapping.email");
  if (!email) return email.error();
  mapping.email = *email;
  auto name = column_field(form, "map_name", "mapping.name");
  if (!name) return name.error();
  mapping.name = *name;
  for (std::size_t idx = 0; idx < 10; ++idx) {
    auto choice = column_field(form, "map_choice_" + std::to_string(idx), "mapping.choices");
    if (!choice) return choice.error();
    if (*choice >= 0) mapping.choices.push_back(*choice);
  }
  for (std::size_t idx = 0; idx < questions; ++idx) {
    auto answer = column_field(form, "map_answer_" + std::to_string(idx), "mapping.answers");
    if (!answer) return answer.error();
    mapping.answers.push_back(*answer);
  }
  return std::optional<ImportMapping>{mapping};
}

boost::json::array column_options(const std::vector<std::string>& headers, int selected) {
  boost::json::array options;
  options.push_back(boost::json::object{{"value", ""}, {"label", "—"}, {"selected", selected < 0}});
  for (std::size_t idx = 0; idx < headers.size(); ++idx) {
    options.push_back(boost::json::object{{"value", static_cast<std::int64_t>(idx)},
                                          {"label", std::to_string(idx + 1) + ". " + headers[idx]},
                                          {"selected", static_cast<int>(idx) == selected}});
  }
  return options;
}

boost::json::object preview_view(const ImportPreview& preview, const Cohort& cohort) {
  boost::json::object view = import_json(preview);
  view["email_options"] = column_options(preview.headers, preview.mapping.email);
  view["name_options"] = column_options(preview.headers, preview.mapping.name);
  boost::json::array choices;
  const std::size_t slots = std::max<std::size_t>(preview.mapping.choices.size(),
                                                  static_cast<std::size_t>(cohort.max_choices));
  for (std::size_t idx = 0; idx < std::min<std::size_t>(slots, 10); ++idx) {
    const int selected = idx < preview.mapping.choices.size() ? preview.mapping.choices[idx] : -1;
    choices.push_back(boost::json::object{{"index", static_cast<std::int64_t>(idx)},
                                          {"rank", static_cast<std::int64_t>(idx + 1)},
                                          {"options", column_options(preview.headers, selected)}});
  }
  view["choice_slots"] = choices;
  boost::json::array answers;
  for (std::size_t idx = 0; idx < cohort.questions.size(); ++idx) {
    answers.push_back(boost::json::object{
        {"index", static_cast<std::int64_t>(idx)},
        {"question", cohort.questions[idx]},
        {"options", column_options(preview.headers, preview.mapping.answers[idx])}});
  }
  view["answer_slots"] = answers;
  boost::json::array rows;
  for (auto& row : view["rows"].as_array()) {
    auto& item = row.as_object();
    item["ok"] = item["errors"].as_array().empty();
    boost::json::array titles;
    for (const auto& choice : item["choices"].as_array())
      titles.push_back(boost::json::object{{"title", choice.as_object().at("title")}});
    item["choice_titles"] = titles;
    rows.push_back(item);
  }
  view["rows"] = rows;
  view["has_errors"] = preview.invalid > 0;
  return view;
}

}  // namespace

void add_forms_import_pages(http::Router& router, accounts::WebSession& session,
                            AcademyService& academy, const Clock& clock) {
  auto render = [&](RequestContext& context, const Cohort& cohort,
                    const communities::Community& community, boost::json::value preview,
                    const std::string& csv, const std::string& notice_key) {
    return session.page(context, 200, "academy/import",
                        {{"community", communities::community_json(community)},
                         {"cohort", cohort_json(cohort, clock.now_seconds())},
                         {"csv", csv},
                         {"preview", std::move(preview)}},
                        {.title = session.text(context, "import_title") + " · " + cohort.name,
                         .notice_key = notice_key});
  };

  router.get("/c/{slug}/cohorts/{cohort}/import", [&, render](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    if (!here->standing.can_manage())
      return session.refuse(
          context, Error::forbidden("only this community's organizers can import applications"));
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(context, cohort.error());
    const bool imported = request.query_param("notice").value_or("") == "imported";
    return render(context, *cohort, here->community, nullptr, "",
                  imported ? "notice_import_done" : "");
  });

  router.post("/c/{slug}/cohorts/{cohort}/import", [&, render](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) {
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    }
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.form_failed(request, context, here.error());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.form_failed(request, context, cohort.error());
    auto mapping = mapping_from(form, cohort->questions.size());
    if (!mapping) return session.form_failed(request, context, mapping.error());
    ImportRequest input;
    input.csv = form_field(form, "csv");
    input.mapping = mapping.value();
    input.dry_run = true;
    auto preview = academy.import_applications(context.viewer, request.param("slug"),
                                               request.param("cohort"), input);
    if (!preview) return session.form_failed(request, context, preview.error());
    const bool wants_import = form_field(form, "action") == "import";
    const bool skip = form.count("skip_errors") > 0;
    if (wants_import && (preview->invalid == 0 || skip)) {
      input.dry_run = false;
      input.skip_errors = skip;
      input.mapping = preview->mapping;
      auto imported = academy.import_applications(context.viewer, request.param("slug"),
                                                  request.param("cohort"), input);
      if (!imported) return session.form_failed(request, context, imported.error());
      return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                      request.param("cohort") + "/import?notice=imported");
    }
    return render(context, *cohort, here->community, preview_view(*preview, *cohort), input.csv,
                  wants_import ? "notice_import_has_errors" : "");
  });
}

}  // namespace moim::academy
