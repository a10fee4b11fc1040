// Platform home, community home, members (organizers), settings, profiles
// and the platform admin page.
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::communities {

using accounts::RequestContext;

namespace {

boost::json::array stage_options(const RequestContext& context, accounts::WebSession& session,
                                 std::optional<Stage> selected) {
  boost::json::array options;
  for (Stage stage : kAllStages) {
    const std::string name(stage_name(stage));
    options.push_back({{"value", name},
                       {"label", session.text(context, "stage_" + name)},
                       {"selected", selected == stage}});
  }
  return options;
}

boost::json::object community_view(const RequestContext& context, accounts::WebSession& session,
                                   const Community& community, const Standing& standing) {
  boost::json::object view = community_json(community);
  view["is_member"] = standing.is_member();
  view["can_manage"] = standing.can_manage();
  view["my_stage"] =
      standing.stage ? session.text(context, "stage_" + std::string(stage_name(*standing.stage)))
                     : "";
  view["created"] = format_local(community.created_at, community.time_zone, "%Y-%m-%d");
  return view;
}

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

// Handlers outlive the function that declares them, so helpers they share
// are plain functions or captured by value, never locals captured by reference.
http::Response csrf_refused(accounts::WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

}  // namespace

void add_community_pages(http::Router& router, accounts::WebSession& session,
                         CommunitiesService& communities, HomeSections home) {
  router.get("/", [&](http::Request& request) {
    auto context = session.context(request);
    auto list = communities.list();
    if (!list) return session.refuse(context, list.error());
    boost::json::array items;
    for (const auto& community : list.value()) items.push_back(community_json(community));
    boost::json::array mine;
    if (context.viewer.signed_in()) {
      auto own = communities.communities_of(context.viewer.user_id());
      if (own) {
        for (const auto& [community, stage] : own.value()) {
          boost::json::object item = community_json(community);
          item["stage"] = session.text(context, "stage_" + std::string(stage_name(stage)));
          mine.push_back(item);
        }
      }
    }
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(context, 200, "communities/home",
                        {{"communities", items},
                         {"mine", mine},
                         {"has_mine", !mine.empty()},
                         {"none", items.empty()}},
                        {.title = session.text(context, "home_title"),
                         .notice_key = notice == "signed_up" ? "notice_signed_up" : ""});
  });

  router.get("/c/{slug}", [&, home](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    if (!community) {
      auto context = session.context(request);
      return session.refuse(context, community.error());
    }
    auto context = session.context(request, community->default_locale);
    return session.kept_page(request, context, [&] {
      auto standing = communities.standing(context.viewer, community.value());
      if (!standing) return session.refuse(context, standing.error());
      const std::string notice = request.query_param("notice").value_or("");
      boost::json::object sections;
      if (home) {
        auto composed = home(context, community.value(), standing.value());
        if (!composed) return session.refuse(context, composed.error());
        sections = std::move(composed.value());
      }
      return session.page(
          context, 200, "communities/community",
          {{"community", community_view(context, session, community.value(), standing.value())},
           {"home", sections}},
          {.title = community->name,
           .notice_key = notice == "joined" || notice == "left" || notice == "saved"
                             ? "notice_" + notice
                             : ""});
    });
  });

  router.post("/c/{slug}/join", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto joined = communities.join(context.viewer, request.param("slug"));
    if (!joined && joined.error().http_status != 409)
      return session.form_failed(request, context, joined.error());
    return http::Response::redirect("/c/" + request.param("slug") + "?notice=joined");
  });

  router.post("/c/{slug}/leave", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto left = communities.leave(context.viewer, request.param("slug"));
    if (!left) return session.form_failed(request, context, left.error());
    return http::Response::redirect("/c/" + request.param("slug") + "?notice=left");
  });

  auto render_members = [&](const RequestContext& context, const Community& community,
                            const MemberQuery& query, int status, const std::string& error_text,
                            const std::string& notice) {
    auto page = communities.members(context.viewer, community.slug, query);
    if (!page) return session.refuse(context, page.error());
    boost::json::array rows;
    for (const auto& member : page->members) {
      boost::json::object row = member_json(member);
      row["stage_label"] = session.text(context, "stage_" + std::string(stage_name(member.stage)));
      row["joined"] = format_local(member.joined_at, community.time_zone, "%Y-%m-%d");
      row["stage_options"] = stage_options(context, session, member.stage);
      std::string tags;
      for (const auto& tag : member.interests) tags += (tags.empty() ? "" : ", ") + tag;
      row["interests_text"] = tags;
      rows.push_back(row);
    }
    const std::int64_t pages =
        std::max<std::int64_t>(1, (page->total + query.per_page - 1) / query.per_page);
    // The search, the stage and a chosen page size survive in every link.
    std::string filter =
        "q=" + http::percent_encode(query.text) +
        (query.stage ? "&stage=" + std::string(stage_name(*query.stage)) : "") +
        (query.per_page != MemberQuery{}.per_page ? "&per_page=" + std::to_string(query.per_page)
                                                  : "");
    boost::json::object data{
        {"community", community_json(community)},
        {"members", rows},
        {"total", page->total},
        {"q", query.text},
        {"stage_filter", stage_options(context, session, query.stage)},
        {"any_stage", !query.stage.has_value()},
        {"page", query.page},
        {"pages", pages},
        {"has_prev", query.page > 1},
        {"has_next", query.page < pages},
        {"prev_link", "?" + filter + "&page=" + std::to_string(query.page - 1)},
        {"next_link", "?" + filter + "&page=" + std::to_string(query.page + 1)},
        {"csv_link", "/c/" + community.slug + "/members.csv?" + filter},
        {"empty", rows.empty()}};
    return session.page(context, status, "communities/members", std::move(data),
                        {.title = session.text(context, "members_title") + " · " + community.name,
                         .notice_key = notice,
                         .error_text = error_text});
  };

  router.get("/c/{slug}/members", [&, render_members](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    auto query = member_query(request);
    if (!query) {
      return render_members(context, community.value(), MemberQuery{}, 400,
                            session.error_text(context, query.error()), "");
    }
    const std::string notice = request.query_param("notice").value_or("");
    return render_members(context, community.value(), query.value(), 200, "",
                          notice == "stage_changed" ? "notice_stage_changed" : "");
  });

  router.get("/c/{slug}/members.csv", [&](http::Request& request) {
    auto context = session.context(request);
    auto query = member_query(request);
    if (!query) return session.refuse(context, query.error());
    auto csv = communities.members_csv(context.viewer, request.param("slug"), query.value());
    if (!csv) return session.refuse(context, csv.error());
    http::Response response = http::Response::text(
        200, session.localized_csv(context, csv.value(), {{"stage", "stage_"}}),
        "text/csv; charset=utf-8");
    response.set_header("Content-Disposition",
                        "attachment; filename=\"" + request.param("slug") + "-members.csv\"");
    response.set_header("Cache-Control", "no-store");
    return response;
  });

  router.get("/c/{slug}/members/{user_id}", [&](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    auto user_id = accounts::path_id(request, "user_id");
    if (!user_id) return session.refuse(context, user_id.error());
    auto found = communities.member(context.viewer, community->slug, user_id.value());
    if (!found) return session.refuse(context, found.error());
    auto history = communities.stage_history(context.viewer, community->slug, user_id.value());
    if (!history) return session.refuse(context, history.error());
    boost::json::array changes;
    for (const auto& change : history.value()) {
      changes.push_back(
          {{"from", change.from
                        ? session.text(context, "stage_" + std::string(stage_name(*change.from)))
                        : "-"},
           {"to", session.text(context, "stage_" + std::string(stage_name(change.to)))},
           {"changed_by", change.changed_by},
           // What the system raised on its own keeps a catalog key as its reason.
           {"reason", change.reason.starts_with("stage_reason_")
                          ? session.text(context, change.reason)
                          : change.reason},
           {"when", format_local(change.changed_at, community->time_zone)}});
    }
    boost::json::object member = member_json(found.value());
    member["stage_label"] = session.text(context, "stage_" + std::string(stage_name(found->stage)));
    member["stage_options"] = stage_options(context, session, found->stage);
    return session.page(
        context, 200, "communities/member",
        {{"community", community_json(community.value())},
         {"member", member},
         {"history", changes}},
        {.title = found->display_name + " · " + community->name,
         .notice_key = request.query_param("notice") == "stage_changed" ? "notice_stage_changed"
                       : request.query_param("notice") == "erasure_requested"
                           ? "notice_erasure_requested"
                       : request.query_param("notice") == "data_export_requested"
                           ? "notice_data_export_requested_member"
                           : ""});
  });

  router.post("/c/{slug}/members/{user_id}/stage", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto user_id = accounts::path_id(request, "user_id");
    if (!user_id) return session.form_failed(request, context, user_id.error());
    auto stage = parse_stage(field(form, "stage"));
    if (!stage) return session.refuse(context, Error::invalid("stage", "choose a stage"));
    web::Fields fields(form);
    auto reason = fields.optional_text("reason", kMaxReasonChars);
    if (!reason) return session.form_failed(request, context, reason.error());
    auto changed = communities.change_stage(context.viewer, request.param("slug"), user_id.value(),
                                            *stage, reason->value_or(""));
    if (!changed) return session.form_failed(request, context, changed.error());
    // Back where the organizer was: the member's page, or the list with its search and page.
    return http::Response::redirect(accounts::with_notice(
        accounts::return_path(request, form, "/c/" + request.param("slug") + "/members"),
        "stage_changed"));
  });

  auto render_settings = [&](const RequestContext& context, const Community& community, int status,
                             const std::string& error_text, const std::string& notice) {
    boost::json::object data{{"community", community_json(community)},
                             {"locale_ko", community.default_locale == "ko"},
                             {"locale_en", community.default_locale == "en"}};
    return session.page(context, status, "communities/settings", std::move(data),
                        {.title = session.text(context, "settings_title") + " · " + community.name,
                         .notice_key = notice,
                         .error_text = error_text});
  };

  router.get("/c/{slug}/settings", [&, render_settings](http::Request& request) {
    auto community = communities.find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto standing = communities.standing(context.viewer, community.value());
    if (!standing) return session.refuse(context, standing.error());
    if (!standing->can_manage()) return session.refuse(context, Error::forbidden());
    return render_settings(context, community.value(), 200, "",
                           request.query_param("notice") == "saved" ? "notice_saved" : "");
  });

  router.post("/c/{slug}/settings", [&, render_settings](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto input = community_input(web::Fields(form), false);
    Result<Community> updated =
        input ? communities.update(context.viewer, request.param("slug"), input.value())
              : Result<Community>(input.error());
    if (updated)
      return http::Response::redirect("/c/" + request.param("slug") + "/settings?notice=saved");
    if (updated.error().http_status != 400)
      return session.form_failed(request, context, updated.error());
    auto community = communities.find(request.param("slug"));
    if (!community) return session.form_failed(request, context, community.error());
    return session.mark_form(render_settings(context, community.value(), 400, "", ""), request,
                             context, updated.error());
  });

  router.get("/u/{user_id}", [&](http::Request& request) {
    auto context = session.context(request);
    auto user_id = accounts::path_id(request, "user_id");
    if (!user_id) return session.refuse(context, user_id.error());
    auto profile = communities.profile(context.viewer, user_id.value(), session.accounts());
    if (!profile) return session.refuse(context, profile.error());
    boost::json::array shared;
    for (const auto& [community, stage] : profile->shared_communities) {
      shared.push_back(
          {{"slug", community.slug},
           {"name", community.name},
           {"stage", session.text(context, "stage_" + std::string(stage_name(stage)))}});
    }
    boost::json::object user = accounts::user_json(profile->user, profile->show_email);
    user["has_links"] = !profile->user.github_url.empty() || !profile->user.blog_url.empty() ||
                        !profile->user.linkedin_url.empty();
    return session.page(context, 200, "communities/profile",
                        {{"user", user},
                         {"communities", shared},
                         {"is_self", context.viewer.user_id() == user_id.value()}},
                        {.title = profile->user.display_name});
  });

  auto render_admin = [&](const RequestContext& context, int status, const std::string& error_text,
                          boost::json::object typed) {
    auto list = communities.list();
    boost::json::array items;
    if (list) {
      for (const auto& community : list.value()) items.push_back(community_json(community));
    }
    typed["communities"] = items;
    return session.page(context, status, "communities/admin", std::move(typed),
                        {.title = session.text(context, "admin_title"), .error_text = error_text});
  };

  router.get("/admin", [&, render_admin](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!context.viewer.is_admin()) return session.refuse(context, Error::forbidden());
    return render_admin(context, 200, "", {});
  });

  router.post("/admin/communities", [&, render_admin](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.is_admin()) return session.refuse(context, Error::forbidden());
    auto input = community_input(web::Fields(form), true);
    Result<Community> created = input ? communities.create(context.viewer, input.value())
                                      : Result<Community>(input.error());
    if (!created) {
      if (created.error().http_status != 400 && created.error().http_status != 409) {
        return session.form_failed(request, context, created.error());
      }
      boost::json::object typed{{"slug", field(form, "slug")},
                                {"name", field(form, "name")},
                                {"description", field(form, "description")},
                                {"time_zone", field(form, "time_zone")}};
      return session.mark_form(
          render_admin(context, created.error().http_status, "", std::move(typed)), request,
          context, created.error());
    }
    return http::Response::redirect("/c/" + created->slug + "?notice=saved");
  });
}

}  // namespace moim::communities
