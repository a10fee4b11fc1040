// Writing deadline pages (the 글또 pattern): a cohort's or project's
// deadlines with the form that creates a series, one deadline with the
// member's submission form and pass ticket or, for builders and organizers,
// everyone's submissions and who is missing; the cohort's writing settings;
// and the public reading list with its Atom feed.
#include <algorithm>
#include <map>

#include "features/activity/page_helpers.hpp"
#include "features/activity/routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/chart_svg.hpp"  // web::xml_escape

namespace moim::activity {

using accounts::RequestContext;
using namespace pages;

namespace {

std::string deadline_path(const std::string& slug, std::int64_t deadline_id) {
  return "/c/" + slug + "/deadlines/" + std::to_string(deadline_id);
}

boost::json::object deadline_view_json(const accounts::WebSession& session,
                                       const RequestContext& context, const Deadline& deadline,
                                       const std::string& zone, std::int64_t now) {
  boost::json::object view = deadline_json(deadline);
  view["due_local"] = local_with_weekday(session, context, deadline.due_at, zone);
  view["is_past"] = deadline.due_at < now;
  return view;
}

std::string state_label(accounts::WebSession& session, const RequestContext& context,
                        const std::optional<std::string>& state) {
  return session.text(context, "writing_state_" + state.value_or("open"));
}

Result<SeriesInput> series_form(const std::map<std::string, std::string>& form) {
  const web::Fields fields(form);
  SeriesInput input;
  auto title = fields.text("title", 1, kMaxTopicChars);
  if (!title) return title.error();
  input.title = web::trim(title.value());
  auto first_due = fields.text("first_due", 1, 30);
  if (!first_due) return first_due.error();
  input.first_due = first_due.value();
  auto every = fields.optional_integer("every_days", 1, 31);
  if (!every) return every.error();
  input.every_days = static_cast<int>(every->value_or(14));
  auto count = fields.optional_integer("count", 1, kMaxDeadlinesPerSeries);
  if (!count) return count.error();
  input.count = static_cast<int>(count->value_or(1));
  return input;
}

}  // namespace

void add_writing_pages(http::Router& router, accounts::WebSession& session,
                       ActivityService& activity) {
  // The deadline list of a cohort (organizers create series) or of a project
  // (its builders do).
  for (const bool for_cohort : {true, false}) {
    const std::string path = for_cohort ? "/c/{slug}/cohorts/{cohort}/deadlines"
                                        : "/c/{slug}/projects/{project_id}/deadlines";
    auto scope_of = [for_cohort](http::Request& request) -> Result<DeadlineScope> {
      if (for_cohort) return DeadlineScope{request.param("cohort"), std::nullopt};
      auto id = accounts::path_id(request, "project_id");
      if (!id) return id.error();
      return DeadlineScope{std::nullopt, id.value()};
    };

    router.get(path, [&, scope_of, for_cohort](http::Request& request) {
      auto context = session.context(request);
      if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
      auto where = where_of(session, activity, request);
      if (!where) return session.refuse(context, where.error());
      const RequestContext& here = where->context;
      const std::string slug = request.param("slug");
      auto scope = scope_of(request);
      if (!scope) return session.refuse(here, scope.error());
      boost::json::object data{{"community", communities::community_json(where->community)}};
      std::string heading;
      bool can_create = false;
      if (for_cohort) {
        auto cohort = activity.academy().cohort(slug, *scope->cohort_key);
        if (!cohort) return session.refuse(here, cohort.error());
        // The reading list exists only once the cohort opts in: no button
        // that leads to a 404 (issue #12: 6기 and 7기 of the demo).
        auto writing = activity.writing_settings(slug, cohort->key);
        if (!writing) return session.refuse(here, writing.error());
        data["cohort"] = {{"key", cohort->key},
                          {"name", cohort->name},
                          {"reading_list_public", writing->reading_list_public}};
        heading = cohort->name;
        can_create = where->standing.can_manage();
        data["action"] = "/c/" + slug + "/cohorts/" + cohort->key + "/deadlines";
      } else {
        auto project = activity.academy().project(here.viewer, slug, *scope->project_id);
        if (!project) return session.refuse(here, project.error());
        data["project"] = {{"id", project->id}, {"title", project->title}};
        heading = project->title;
        can_create =
            where->standing.can_manage() ||
            std::any_of(project->builders.begin(), project->builders.end(),
                        [&](const academy::Builder& builder) {
                          return builder.accepted && builder.user_id == here.viewer.user_id();
                        });
        data["action"] = "/c/" + slug + "/projects/" + std::to_string(project->id) + "/deadlines";
      }
      auto list = activity.deadlines(here.viewer, slug, scope.value());
      if (!list) return session.refuse(here, list.error());
      const std::int64_t now = activity.clock().now_seconds();
      boost::json::array items;
      for (const auto& item : list.value())
        items.push_back(deadline_view_json(session, here, item, where->community.time_zone, now));
      data["deadlines"] = items;
      data["empty"] = items.empty();
      data["can_create"] = can_create;
      data["can_manage"] = where->standing.can_manage();
      data["zone"] = where->community.time_zone;
      data["heading"] = heading;
      return session.page(
          here, 200, "activity/deadlines", std::move(data),
          {.title = heading + " · " + session.text(here, "writing_deadlines_title"),
           .notice_key = request.query_param("notice") == "saved" ? "notice_activity_saved" : ""});
    });

    router.post(path, [&, scope_of](http::Request& request) {
      auto context = session.context(request);
      if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
      const auto form = request.form();
      if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
      auto scope = scope_of(request);
      if (!scope) return session.form_failed(request, context, scope.error());
      auto input = series_form(form);
      if (!input) return session.form_failed(request, context, input.error());
      auto created =
          activity.create_series(context.viewer, request.param("slug"), scope.value(), *input);
      if (!created) return session.form_failed(request, context, created.error());
      const std::string back =
          scope->cohort_key
              ? "/c/" + request.param("slug") + "/cohorts/" + *scope->cohort_key + "/deadlines"
              : "/c/" + request.param("slug") + "/projects/" + std::to_string(*scope->project_id) +
                    "/deadlines";
      return http::Response::redirect(back + "?notice=saved");
    });
  }

  // One deadline: the member's submission, or everyone's for those who manage it.
  router.get("/c/{slug}/deadlines/{deadline_id}", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto id = accounts::path_id(request, "deadline_id");
    if (!id) return session.refuse(context, id.error());
    auto where = where_of(session, activity, request);
    if (!where) return session.refuse(context, where.error());
    const RequestContext& here = where->context;
    const std::string slug = request.param("slug");
    auto view = activity.deadline_view(here.viewer, slug, id.value());
    if (!view) return session.refuse(here, view.error());
    const std::string zone = where->community.time_zone;
    const std::int64_t now = activity.clock().now_seconds();
    boost::json::object deadline = deadline_view_json(session, here, view->deadline, zone, now);
    auto submitted = activity.submissions(here.viewer, slug, id.value());
    if (!submitted) return session.refuse(here, submitted.error());
    boost::json::object data{{"community", communities::community_json(where->community)},
                             {"deadline", deadline},
                             {"manages", view->manages},
                             {"applies", view->applies},
                             {"state_label", state_label(session, here, view->my_state)},
                             {"passed", view->my_state == "passed"}};
    // The member's own submission fills the form; after the deadline it is final.
    for (const auto& item : submitted.value()) {
      if (item.user_id != here.viewer.user_id()) continue;
      std::string tags;
      for (const auto& tag : item.tags) tags += (tags.empty() ? "" : ", ") + tag;
      data["mine"] = {{"link", item.link},
                      {"body", item.body},
                      {"body_html", item.body_html},
                      {"tags", tags},
                      {"share", item.share},
                      {"late", item.late},
                      {"updated_local", format_local(item.updated_at, zone)}};
    }
    const bool has_mine = data.contains("mine");
    const bool before = now <= view->deadline.due_at;
    // Before the deadline: write or edit. After it: a first, late one only.
    data["can_submit"] = view->applies && (before || !has_mine);
    data["can_pass"] = view->applies && before && !view->my_state.has_value();
    data["will_be_late"] = view->applies && !before && !has_mine;
    if (view->manages) {
      boost::json::array everyone;
      for (const auto& item : submitted.value()) {
        boost::json::object row = submission_json(item);
        row["submitted_local"] = format_local(item.submitted_at, zone);
        everyone.push_back(row);
      }
      data["submissions"] = everyone;
      data["no_submissions"] = everyone.empty();
      auto missing = activity.missing(here.viewer, slug, id.value());
      if (!missing) return session.refuse(here, missing.error());
      boost::json::array people;
      for (const auto& person : missing.value())
        people.push_back({{"display_name", person.display_name}, {"user_id", person.user_id}});
      data["missing"] = people;
      data["none_missing"] = people.empty();
    }
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(here, 200, "activity/deadline", std::move(data),
                        {.title = view->deadline.title + " #" + std::to_string(view->deadline.seq),
                         .notice_key = notice == "saved"    ? "notice_activity_saved"
                                       : notice == "passed" ? "notice_writing_passed"
                                                            : ""});
  });

  router.post("/c/{slug}/deadlines/{deadline_id}/submission", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "deadline_id");
    if (!id) return session.form_failed(request, context, id.error());
    const web::Fields fields(form);
    SubmissionInput input;
    auto link = fields.optional_text("link", kMaxLinkChars);
    if (!link) return session.form_failed(request, context, link.error());
    input.link = link->value_or("");
    auto body = fields.optional_text("body", kMaxBodyChars);
    if (!body) return session.form_failed(request, context, body.error());
    input.body = body->value_or("");
    auto tags = fields.optional_list("tags", 5, 30);
    if (!tags) return session.form_failed(request, context, tags.error());
    input.tags = tags->value_or(std::vector<std::string>{});
    auto share = fields.optional_boolean("share");
    if (!share) return session.form_failed(request, context, share.error());
    input.share = share->value_or(false);
    auto saved = activity.submit(context.viewer, request.param("slug"), id.value(), input);
    if (!saved) return session.form_failed(request, context, saved.error());
    return http::Response::redirect(deadline_path(request.param("slug"), id.value()) +
                                    "?notice=saved");
  });

  router.post("/c/{slug}/deadlines/{deadline_id}/pass", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "deadline_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto used = activity.use_pass(context.viewer, request.param("slug"), id.value());
    if (!used) return session.form_failed(request, context, used.error());
    return http::Response::redirect(deadline_path(request.param("slug"), id.value()) +
                                    "?notice=passed");
  });

  // Pass tickets, no two in a row, deposit, and the public reading list: organizers.
  router.get("/c/{slug}/cohorts/{cohort}/writing-settings", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto where = where_of(session, activity, request);
    if (!where) return session.refuse(context, where.error());
    const RequestContext& here = where->context;
    if (!where->standing.can_manage())
      return session.refuse(here, Error::forbidden("only organizers change this"));
    auto cohort = activity.academy().cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(here, cohort.error());
    auto settings = activity.writing_settings(request.param("slug"), cohort->key);
    if (!settings) return session.refuse(here, settings.error());
    return session.page(
        here, 200, "activity/writing_settings",
        {{"community", communities::community_json(where->community)},
         {"cohort", {{"key", cohort->key}, {"name", cohort->name}}},
         {"settings",
          {{"pass_tickets", settings->pass_tickets},
           {"no_consecutive_passes", settings->no_consecutive_passes},
           {"deposit_start", settings->deposit_start},
           {"deposit_per_miss", settings->deposit_per_miss},
           {"reading_list_public", settings->reading_list_public}}}},
        {.title = cohort->name + " · " + session.text(here, "writing_settings_title"),
         .notice_key = request.query_param("notice") == "saved" ? "notice_activity_saved" : ""});
  });

  router.post("/c/{slug}/cohorts/{cohort}/writing-settings", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const web::Fields fields(form);
    WritingSettings settings;
    const std::pair<const char*, int*> numbers[] = {
        {"pass_tickets", &settings.pass_tickets},
        {"deposit_start", &settings.deposit_start},
        {"deposit_per_miss", &settings.deposit_per_miss}};
    for (const auto& [name, target] : numbers) {
      auto number = fields.optional_integer(name, 0, 10'000'000);
      if (!number) return session.form_failed(request, context, number.error());
      *target = static_cast<int>(number->value_or(0));
    }
    const std::pair<const char*, bool*> flags[] = {
        {"no_consecutive_passes", &settings.no_consecutive_passes},
        {"reading_list_public", &settings.reading_list_public}};
    for (const auto& [name, target] : flags) {
      auto flag = fields.optional_boolean(name);
      if (!flag) return session.form_failed(request, context, flag.error());
      *target = flag->value_or(false);
    }
    auto saved = activity.set_writing_settings(context.viewer, request.param("slug"),
                                               request.param("cohort"), settings);
    if (!saved) return session.form_failed(request, context, saved.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/writing-settings?notice=saved");
  });

  // The reading list: shared posts of a cohort that opted in, filtered by tag.
  router.get("/c/{slug}/cohorts/{cohort}/reading-list", [&](http::Request& request) {
    auto context = session.context(request);
    auto where = where_of(session, activity, request);
    if (!where) return session.refuse(context, where.error());
    const RequestContext& here = where->context;
    auto cohort = activity.academy().cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(here, cohort.error());
    auto list = activity.reading_list(request.param("slug"), cohort->key);
    if (!list) return session.refuse(here, list.error());
    std::string tag = request.query_param("tag").value_or("");
    if (web::utf8_length(tag) > 30) tag.clear();
    std::map<std::string, int> tag_counts;
    boost::json::array posts;
    for (const auto& item : list.value()) {
      for (const auto& each : item.tags) ++tag_counts[each];
      if (!tag.empty() && std::find(item.tags.begin(), item.tags.end(), tag) == item.tags.end())
        continue;
      boost::json::array tags;
      for (const auto& each : item.tags) tags.push_back(boost::json::object{{"name", each}});
      posts.push_back({{"display_name", item.display_name},
                       {"link", item.link},
                       {"tags", tags},
                       {"submitted_local",
                        format_local(item.submitted_at, where->community.time_zone, "%Y-%m-%d")}});
    }
    boost::json::array tags;
    for (const auto& [name, count] : tag_counts)
      tags.push_back({{"name", name},
                      {"query", http::percent_encode(name)},
                      {"count", count},
                      {"selected", name == tag}});
    return session.page(here, 200, "activity/reading_list",
                        {{"community", communities::community_json(where->community)},
                         {"cohort", {{"key", cohort->key}, {"name", cohort->name}}},
                         {"posts", posts},
                         {"empty", posts.empty()},
                         {"has_tags", !tags.empty()},
                         {"tags", tags},
                         {"tag", tag}},
                        {.title = cohort->name + " · " + session.text(here, "reading_list_title")});
  });

  router.get("/c/{slug}/cohorts/{cohort}/reading-list.atom", [&](http::Request& request) {
    const std::string slug = request.param("slug");
    auto cohort = activity.academy().cohort(slug, request.param("cohort"));
    if (!cohort) return http::Response::text(404, "no such reading list\n");
    auto list = activity.reading_list(slug, cohort->key);
    if (!list) {
      const int status = list.error().http_status == 404 ? 404 : 500;
      return http::Response::text(
          status, status == 404 ? "no such reading list\n" : "reading list unavailable\n");
    }
    const std::string self = "/c/" + slug + "/cohorts/" + cohort->key + "/reading-list";
    std::string feed =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
        "xmlns=\"http://www.w3.org/2005/Atom\">\n";
    feed += "<title>" + web::xml_escape(cohort->name) + "</title>\n";
    feed += "<id>urn:moim:reading-list:" + web::xml_escape(slug) + ":" +
            web::xml_escape(cohort->key) + "</id>\n";
    feed += "<link rel=\"alternate\" href=\"" + web::xml_escape(self) + "\"/>\n";
    feed += "<updated>" +
            format_utc_iso(list->empty() ? cohort->created_at : list->front().submitted_at) +
            "</updated>\n";
    for (const auto& item : list.value()) {
      feed += "<entry>\n<title>" + web::xml_escape(item.display_name) + " · " +
              web::xml_escape(item.link) + "</title>\n";
      feed += "<id>urn:moim:submission:" + std::to_string(item.deadline_id) + ":" +
              std::to_string(item.user_id) + "</id>\n";
      feed += "<link href=\"" + web::xml_escape(item.link) + "\"/>\n";
      feed += "<author><name>" + web::xml_escape(item.display_name) + "</name></author>\n";
      feed += "<updated>" + format_utc_iso(item.updated_at) + "</updated>\n";
      for (const auto& tag : item.tags)
        feed += "<category term=\"" + web::xml_escape(tag) + "\"/>\n";
      feed += "</entry>\n";
    }
    feed += "</feed>\n";
    return http::Response::text(200, feed, "application/atom+xml; charset=utf-8");
  });
}

}  // namespace moim::activity
