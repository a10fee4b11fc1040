// The wiki's reading pages: the tree with the home page, a page (by id, or
// by title for internal links: a missing title leads an editor to the new
// page form with that title), its history and a side-by-side diff.
#include "features/wiki/page_helpers.hpp"
#include "features/wiki/routes.hpp"

namespace moim::wiki {

using namespace pages;

namespace {

boost::json::object frame(const communities::Community& community) {
  return {{"community", communities::community_json(community)},
          {"wiki_path", wiki_path(community.slug)}};
}

http::Response render_index(WebSession& session, WikiService& wiki, const http::Request& request,
                            const RequestContext& context) {
  auto index = wiki.index(context.viewer, request.param("slug"));
  if (!index) return session.refuse(context, index.error());
  boost::json::object data = frame(index->community);
  data["is_index"] = true;
  data["empty"] = index->empty;
  data["nothing_readable"] = index->tree.empty();
  data["can_create"] = index->can_create;
  data["can_manage"] = index->can_manage;
  data["may_use_template"] = index->can_manage && index->empty;
  data["tree"] = tree_json(index->tree, index->home ? index->home->page.id : 0);
  if (index->home) data["page"] = page_json(session, context, *index->home);
  return session.page(context, 200, "wiki/page", std::move(data),
                      {.title = index->community.name + " · " + session.text(context, "wiki_title"),
                       .notice_key = notice_key(request)});
}

http::Response render_page(WebSession& session, WikiService& wiki, const http::Request& request,
                           const RequestContext& context, std::int64_t page_id) {
  auto view = wiki.page(context.viewer, request.param("slug"), page_id);
  if (!view) return session.refuse(context, view.error());
  boost::json::object data = frame(view->community);
  data["can_create"] = view->is_member;
  data["can_manage"] = view->can_manage;
  data["tree"] = tree_json(view->tree, view->page.id);
  data["page"] = page_json(session, context, *view);
  return session.page(context, 200, "wiki/page", std::move(data),
                      {.title = view->page.title + " · " + view->community.name,
                       .notice_key = notice_key(request)});
}

}  // namespace

void add_reading_pages(http::Router& router, WebSession& session, WikiService& wiki) {
  router.get("/c/{slug}/wiki", [&](http::Request& request) {
    auto context = session.context(request);
    return render_index(session, wiki, request, context);
  });

  // A page by id, or by its title ([[...]] links and typed addresses).
  router.get("/c/{slug}/wiki/{page}", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::string key = request.param("page");
    if (const std::int64_t id = number_of(key); id != 0)
      return render_page(session, wiki, request, context, id);
    auto found = wiki.find_title(context.viewer, slug, key);
    if (found) return render_page(session, wiki, request, context, found.value());
    if (found.error().http_status == 404) {
      auto may = wiki.can_create(context.viewer, slug);
      if (may && may.value())
        return http::Response::redirect(wiki_path(slug) + "/new?title=" + text::encode_title(key));
    }
    return session.refuse(context, found.error());
  });

  router.get("/c/{slug}/wiki/{page}/history", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t page_id = id_param(request, "page");
    auto view = wiki.page(context.viewer, slug, page_id);
    if (!view) return session.refuse(context, view.error());
    auto revisions = wiki.revisions(context.viewer, slug, page_id);
    if (!revisions) return session.refuse(context, revisions.error());
    boost::json::array items;
    for (std::size_t idx = 0; idx < revisions->size(); ++idx) {
      const Revision& revision = (*revisions)[idx];
      boost::json::object item{
          {"number", revision.number},
          {"when", local_time(view->community, revision.created_at)},
          {"author", revision.author_name.empty() ? session.text(context, "wiki_author_erased")
                                                  : revision.author_name},
          {"summary", revision.summary},
          {"is_current", idx == 0},
          {"may_restore", idx != 0 && view->can_edit},
          {"was_restored", revision.restored_from.has_value()},
          {"restored_from", revision.restored_from ? *revision.restored_from : 0},
          {"checked_from", idx == 1},
          {"checked_to", idx == 0}};
      if (idx + 1 < revisions->size())
        item["diff_path"] = page_path(slug, page_id) +
                            "/diff?from=" + std::to_string((*revisions)[idx + 1].number) +
                            "&to=" + std::to_string(revision.number);
      items.push_back(std::move(item));
    }
    boost::json::object data = frame(view->community);
    data["page"] = page_json(session, context, *view);
    data["revisions"] = std::move(items);
    data["may_compare"] = revisions->size() >= 2;
    return session.page(context, 200, "wiki/history", std::move(data),
                        {.title = view->page.title + " · " + session.text(context, "wiki_history"),
                         .notice_key = notice_key(request)});
  });

  router.get("/c/{slug}/wiki/{page}/diff", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t page_id = id_param(request, "page");
    const int from = static_cast<int>(number_of(request.query_param("from").value_or("")));
    const int to = static_cast<int>(number_of(request.query_param("to").value_or("")));
    auto view = wiki.page(context.viewer, slug, page_id);
    if (!view) return session.refuse(context, view.error());
    auto compared = wiki.compare(context.viewer, slug, page_id, from, to);
    if (!compared) return session.refuse(context, compared.error());
    boost::json::array rows;
    for (const auto& row : diff::side_by_side(compared->lines))
      rows.push_back(
          {{"kind", row.kind},
           {"left_number", row.left_number == 0 ? "" : std::to_string(row.left_number)},
           {"left", row.left},
           {"right_number", row.right_number == 0 ? "" : std::to_string(row.right_number)},
           {"right", row.right}});
    const auto counts = diff::count_changes(compared->lines);
    auto side = [&](const Revision& revision) {
      return boost::json::object{
          {"number", revision.number},
          {"when", local_time(view->community, revision.created_at)},
          {"author", revision.author_name.empty() ? session.text(context, "wiki_author_erased")
                                                  : revision.author_name}};
    };
    boost::json::object data = frame(view->community);
    data["page"] = page_json(session, context, *view);
    data["from"] = side(compared->from);
    data["to"] = side(compared->to);
    data["rows"] = std::move(rows);
    data["added"] = counts.added;
    data["removed"] = counts.removed;
    data["same_text"] = counts.added == 0 && counts.removed == 0;
    data["may_restore"] = view->can_edit && from != view->page.revision;
    data["restore_action"] =
        page_path(slug, page_id) + "/revisions/" + std::to_string(from) + "/restore";
    return session.page(context, 200, "wiki/diff", std::move(data),
                        {.title = view->page.title + " · " + session.text(context, "wiki_diff")});
  });
}

}  // namespace moim::wiki
