// The wiki's writing pages: a new page (its title given by a missing
// link), an edit, a restore, the organizers' settings and the template.
// A refused form is shown again in place with the field marked and what
// was typed kept; an edit that conflicts shows what changed since it began
// beside the typed text, with the form now based on the latest revision.
#include <algorithm>

#include "features/wiki/page_helpers.hpp"
#include "features/wiki/routes.hpp"

namespace moim::wiki {

using namespace pages;

namespace {

// Browsers send textarea lines with "\r\n": kept as "\n", so a diff shows
// only what the person changed.
std::string unix_lines(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  return text;
}

PageInput input_of(const Form& form) {
  PageInput input;
  input.title = value_of(form, "title");
  input.body = unix_lines(value_of(form, "body"));
  input.summary = value_of(form, "summary");
  input.parent_id = number_of(value_of(form, "parent_id"));
  if (const std::string base = value_of(form, "base_revision"); !base.empty())
    input.base_revision = number_of(base);
  return input;
}

// `selected` 0: the top level.
boost::json::array parent_options(const std::vector<TreeEntry>& tree, std::int64_t page_id,
                                  std::int64_t selected) {
  boost::json::array options;
  for (const auto& entry : tree) {
    if (entry.id == page_id) continue;
    options.push_back(
        {{"id", entry.id},
         {"label", std::string(static_cast<std::size_t>(entry.depth - 1) * 2, ' ') + entry.title},
         {"selected", selected == entry.id}});
  }
  return options;
}

// The edit form: for a new page (view empty) or an existing one.
http::Response edit_form(WebSession& session, const RequestContext& context,
                         const communities::Community& community,
                         const std::vector<TreeEntry>& tree, const PageView* view,
                         const std::string& title, std::int64_t parent,
                         const std::optional<Conflict>& conflict, int status, WikiService& wiki) {
  boost::json::object data{{"community", communities::community_json(community)},
                           {"wiki_path", wiki_path(community.slug)},
                           {"is_new", view == nullptr},
                           {"title", title},
                           {"body", view ? view->page.body : ""},
                           {"parents", parent_options(tree, view ? view->page.id : 0, parent)},
                           {"top_level", parent == 0},
                           {"tree", tree_json(tree, view ? view->page.id : 0)}};
  if (view) {
    auto images = wiki.images(context.viewer, community.slug, view->page.id);
    if (!images) return session.refuse(context, images.error());
    boost::json::array shown;
    for (const auto& image : *images)
      shown.push_back({{"url", image.path}, {"markdown", "![](" + image.path + ")"}});
    data["images"] = std::move(shown);
    data["page"] = page_json(session, context, *view);
    data["action"] = page_path(community.slug, view->page.id) + "/edit";
    data["base_revision"] = view->page.revision;
  } else {
    data["action"] = wiki_path(community.slug) + "/new";
  }
  if (conflict) {
    boost::json::array rows;
    for (const auto& row : diff::side_by_side(conflict->changes))
      rows.push_back(
          {{"kind", row.kind},
           {"left", row.left},
           {"right", row.right},
           {"left_number", row.left_number == 0 ? "" : std::to_string(row.left_number)},
           {"right_number", row.right_number == 0 ? "" : std::to_string(row.right_number)}});
    data["conflict"] = {{"base_revision", conflict->base_revision},
                        {"current_revision", conflict->current_revision},
                        {"current_body", conflict->current_body},
                        {"rows", std::move(rows)}};
  }
  const std::string heading = session.text(context, view ? "wiki_edit_title" : "wiki_new_title");
  return session.page(context, status, "wiki/edit", std::move(data),
                      {.title = heading + " · " + community.name});
}

// A refused new page or edit: the form again, marked and refilled.
http::Response refused_form(WebSession& session, const http::Request& request,
                            const RequestContext& context, WikiService& wiki,
                            const std::string& slug, std::int64_t page_id, const Error& error) {
  if (!is_form_error(error)) return session.refuse(context, error);
  const Form form = request.form();
  const std::int64_t parent = number_of(value_of(form, "parent_id"));
  if (page_id == 0) {
    auto index = wiki.index(context.viewer, slug);
    if (!index) return session.refuse(context, index.error());
    return session.mark_form(edit_form(session, context, index->community, index->tree, nullptr,
                                       value_of(form, "title"), parent, std::nullopt, 200, wiki),
                             request, context, error);
  }
  auto view = wiki.page(context.viewer, slug, page_id);
  if (!view) return session.refuse(context, view.error());
  return session.mark_form(edit_form(session, context, view->community, view->tree, &*view,
                                     value_of(form, "title"), parent, std::nullopt, 200, wiki),
                           request, context, error);
}

}  // namespace

void add_edit_pages(http::Router& router, WebSession& session, WikiService& wiki) {
  // A new page; ?title= comes from a missing link, ?parent= from a page.
  router.get("/c/{slug}/wiki/new", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto index = wiki.index(context.viewer, slug);
    if (!index) return session.refuse(context, index.error());
    if (!index->can_create)
      return session.refuse(context, Error::forbidden("only members write the wiki"));
    const std::int64_t parent = number_of(request.query_param("parent").value_or(""));
    return edit_form(session, context, index->community, index->tree, nullptr,
                     request.query_param("title").value_or(""), parent, std::nullopt, 200, wiki);
  });

  router.post("/c/{slug}/wiki/new", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const Form form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    PageInput input = input_of(form);
    input.base_revision.reset();
    auto created = wiki.create(context.viewer, slug, input);
    if (!created) return refused_form(session, request, context, wiki, slug, 0, created.error());
    return http::Response::redirect(page_path(slug, created->id) + "?notice=created");
  });

  router.get("/c/{slug}/wiki/{page}/edit", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto view = wiki.page(context.viewer, slug, id_param(request, "page"));
    if (!view) return session.refuse(context, view.error());
    if (!view->can_edit)
      return session.refuse(context,
                            Error::forbidden("this page's permission does not let you edit it"));
    return edit_form(session, context, view->community, view->tree, &*view, view->page.title,
                     view->page.parent_id.value_or(0), std::nullopt, 200, wiki);
  });

  router.post("/c/{slug}/wiki/{page}/edit", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t page_id = id_param(request, "page");
    const Form form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    PageInput input = input_of(form);
    if (!input.base_revision) input.base_revision = 0;
    auto saved = wiki.save(context.viewer, slug, page_id, input);
    if (!saved) return refused_form(session, request, context, wiki, slug, page_id, saved.error());
    if (saved->page) return http::Response::redirect(page_path(slug, page_id) + "?notice=saved");
    // Someone saved first: what they changed, and the typed text kept in a
    // form now based on the latest revision, so the next save goes through.
    auto view = wiki.page(context.viewer, slug, page_id);
    if (!view) return session.refuse(context, view.error());
    const Conflict& conflict = *saved->conflict;
    return session.mark_form(
        edit_form(session, context, view->community, view->tree, &*view, value_of(form, "title"),
                  view->page.parent_id.value_or(0), conflict, 409, wiki),
        request, context,
        Error::conflict("base_revision", "base_revision: revision " +
                                             std::to_string(conflict.current_revision) +
                                             " was saved after yours started"));
  });

  router.post("/c/{slug}/wiki/{page}/revisions/{revision}/restore", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t page_id = id_param(request, "page");
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto restored = wiki.restore(context.viewer, slug, page_id,
                                 static_cast<int>(id_param(request, "revision")));
    if (!restored) return session.form_failed(request, context, restored.error());
    return http::Response::redirect(page_path(slug, page_id) + "?notice=restored");
  });

  router.post("/c/{slug}/wiki/{page}/settings", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t page_id = id_param(request, "page");
    const Form form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    PageSettings settings{
        .edit_permission = value_of(form, "edit_permission"),
        .is_public = value_of(form, "is_public") == "on" || value_of(form, "is_public") == "1"};
    auto changed = wiki.change_settings(context.viewer, slug, page_id, settings);
    if (!changed) return session.form_failed(request, context, changed.error());
    return http::Response::redirect(page_path(slug, page_id) + "?notice=settings_saved");
  });

  router.post("/c/{slug}/wiki/template", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto pages = wiki.create_template(context.viewer, slug);
    if (!pages) return session.form_failed(request, context, pages.error());
    return http::Response::redirect(wiki_path(slug) + "?notice=template_created");
  });
}

}  // namespace moim::wiki
