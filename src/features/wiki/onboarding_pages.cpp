// The onboarding path's pages: the member's checklist and the organizers'
// steps (add, order, remove) on /c/{slug}/wiki/onboarding, the funnel on
// /c/{slug}/wiki/funnel, confirming a reading step from its page, and the
// checklist card of the member dashboard.
#include "features/wiki/page_helpers.hpp"
#include "features/wiki/routes.hpp"

namespace moim::wiki {

using namespace pages;

namespace {

boost::json::array checklist(const WebSession& session, const RequestContext& context,
                             const Progress& progress) {
  boost::json::array items;
  for (const auto& mine : progress.steps) {
    boost::json::object item{
        {"id", mine.step.id},
        {"title", mine.step.title},
        {"done", mine.done},
        {"automatic", mine.automatic},
        {"kind_label",
         session.text(context, "wiki_step_kind_" + std::string(step_kind_name(mine.step.kind)))}};
    if (mine.step.page_id)
      item["page_path"] = page_path(progress.community.slug, *mine.step.page_id);
    items.push_back(std::move(item));
  }
  return items;
}

boost::json::object progress_json(const WebSession& session, const RequestContext& context,
                                  const Progress& progress) {
  const int total = static_cast<int>(progress.steps.size());
  return {{"steps", checklist(session, context, progress)},
          {"done", progress.done},
          {"total", total},
          {"percent", total == 0 ? 0 : progress.done * 100 / total},
          {"finished", progress.finished},
          {"has_steps", total > 0},
          {"wiki_path", wiki_path(progress.community.slug)}};
}

std::string back_to(const http::Request& request, const Form& form, const std::string& fallback) {
  return accounts::return_path(request, form, fallback);
}

}  // namespace

Result<std::string> onboarding_card(WebSession& session, WikiService& wiki,
                                    const RequestContext& context, const std::string& slug) {
  auto progress = wiki.progress(context.viewer, slug);
  if (!progress) return progress.error();
  if (!progress->is_member || progress->steps.empty() || progress->finished) return std::string();
  return session.fragment(
      context, "wiki/onboarding_card",
      boost::json::object{{"onboarding", progress_json(session, context, *progress)},
                          {"csrf", context.csrf_token}});
}

void add_onboarding_pages(http::Router& router, WebSession& session, WikiService& wiki) {
  router.get("/c/{slug}/wiki/onboarding", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    auto progress = wiki.progress(context.viewer, slug);
    if (!progress) return session.refuse(context, progress.error());
    boost::json::object data{{"community", communities::community_json(progress->community)},
                             {"wiki_path", wiki_path(slug)},
                             {"onboarding", progress_json(session, context, *progress)},
                             {"is_member", progress->is_member}};
    auto steps = wiki.steps(context.viewer, slug);
    if (steps) {
      auto index = wiki.index(context.viewer, slug);
      if (!index) return session.refuse(context, index.error());
      boost::json::array managed;
      for (std::size_t idx = 0; idx < steps->size(); ++idx) {
        const Step& step = (*steps)[idx];
        managed.push_back(
            {{"id", step.id},
             {"title", step.title},
             {"kind_label",
              session.text(context, "wiki_step_kind_" + std::string(step_kind_name(step.kind)))},
             {"done_count", step.done_count},
             {"first", idx == 0},
             {"last", idx + 1 == steps->size()}});
      }
      boost::json::array pages;
      for (const auto& entry : index->tree)
        pages.push_back({{"id", entry.id}, {"title", entry.title}});
      data["manage"] = {{"steps", std::move(managed)},
                        {"pages", std::move(pages)},
                        {"action", wiki_path(slug) + "/onboarding/steps"}};
    } else if (steps.error().http_status != 403) {
      return session.refuse(context, steps.error());
    }
    return session.page(
        context, 200, "wiki/onboarding", std::move(data),
        {.title = progress->community.name + " · " + session.text(context, "wiki_onboarding_title"),
         .notice_key = notice_key(request)});
  });

  router.post("/c/{slug}/wiki/onboarding/steps", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const Form form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::int64_t page_id = number_of(value_of(form, "page_id"));
    auto added = wiki.add_step(context.viewer, slug, value_of(form, "kind"),
                               page_id == 0 ? std::nullopt : std::optional<std::int64_t>(page_id),
                               value_of(form, "title"));
    if (!added) return session.form_failed(request, context, added.error());
    return http::Response::redirect(wiki_path(slug) + "/onboarding?notice=step_added");
  });

  router.post("/c/{slug}/wiki/onboarding/steps/{step}/remove", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    if (auto status = wiki.remove_step(context.viewer, slug, id_param(request, "step")); !status)
      return session.form_failed(request, context, status.error());
    return http::Response::redirect(wiki_path(slug) + "/onboarding?notice=step_removed");
  });

  router.post("/c/{slug}/wiki/onboarding/steps/{step}/move", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const Form form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const int direction = value_of(form, "direction") == "up" ? -1 : 1;
    if (auto status = wiki.move_step(context.viewer, slug, id_param(request, "step"), direction);
        !status)
      return session.form_failed(request, context, status.error());
    return http::Response::redirect(wiki_path(slug) + "/onboarding");
  });

  // "I read it": from the step's page (or the checklist), back to it.
  router.post("/c/{slug}/wiki/onboarding/steps/{step}/done", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const Form form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto progress = wiki.confirm_read(context.viewer, slug, id_param(request, "step"));
    if (!progress) return session.form_failed(request, context, progress.error());
    return http::Response::redirect(accounts::with_notice(
        back_to(request, form, wiki_path(slug) + "/onboarding"), "step_done"));
  });

  router.get("/c/{slug}/wiki/funnel", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    auto funnel = wiki.funnel(context.viewer, slug);
    if (!funnel) return session.refuse(context, funnel.error());
    auto community = wiki.communities().find(slug);
    if (!community) return session.refuse(context, community.error());
    const std::int64_t base = std::max<std::int64_t>(funnel->members, 1);
    boost::json::array rows;
    for (const auto& step : funnel->steps)
      rows.push_back(
          {{"title", step.title},
           {"kind_label",
            session.text(context, "wiki_step_kind_" + std::string(step_kind_name(step.kind)))},
           {"count", step.done_count},
           {"percent", step.done_count * 100 / base}});
    boost::json::object data{{"community", communities::community_json(community.value())},
                             {"wiki_path", wiki_path(slug)},
                             {"rows", std::move(rows)},
                             {"has_steps", !funnel->steps.empty()},
                             {"finished", funnel->finished},
                             {"finished_percent", funnel->finished * 100 / base},
                             {"members", funnel->members}};
    return session.page(
        context, 200, "wiki/funnel", std::move(data),
        {.title = community->name + " · " + session.text(context, "wiki_funnel_title")});
  });
}

void add_wiki_pages(http::Router& router, WebSession& session, WikiService& wiki) {
  add_edit_pages(router, session, wiki);
  add_onboarding_pages(router, session, wiki);
  add_image_pages(router, session, wiki);
  add_reading_pages(router, session, wiki);
}

}  // namespace moim::wiki
