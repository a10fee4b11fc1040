// Reading the wiki: the index with its tree, a page rendered with its links
// and table of contents, the history and a comparison of two revisions.
#include <algorithm>

#include "features/wiki/internal.hpp"
#include "platform/web/input.hpp"

namespace moim::wiki {

namespace {

using internal::Place;

std::string wiki_path(const communities::Community& community) {
  return "/c/" + community.slug + "/wiki";
}

// The page as the place sees it: rendered, in its tree, with its step.
Result<PageView> view_of(db::Transaction& transaction, const Place& place, Page page,
                         std::vector<TreeEntry> tree) {
  PageView view;
  view.community = place.community;
  view.can_edit = place.may_edit(page);
  view.can_manage = place.organizer();
  view.is_member = place.standing.is_member();
  auto found =
      internal::pages_with_titles(transaction, place.community.id, text::link_titles(page.body));
  if (!found) return found.error();
  // A private page linked from a public one shows as a link; following it
  // is refused like any private page.
  view.rendered = text::render(page.body, wiki_path(place.community),
                               [&](const std::string& title) -> std::optional<std::int64_t> {
                                 auto at = found->find(text::fold_title(title));
                                 if (at == found->end()) return std::nullopt;
                                 return at->second;
                               });
  std::map<std::int64_t, const TreeEntry*> by_id;
  for (const auto& entry : tree) by_id[entry.id] = &entry;
  for (auto parent = page.parent_id; parent && by_id.contains(*parent);
       parent = by_id[*parent]->parent_id) {
    view.ancestors.insert(view.ancestors.begin(), {*parent, by_id[*parent]->title});
    if (view.ancestors.size() > static_cast<std::size_t>(kMaxDepth)) break;
  }
  view.tree = std::move(tree);
  auto author =
      transaction.query_one("SELECT author_id FROM wiki_revisions WHERE page_id = ? AND number = ?",
                            {page.id, static_cast<std::int64_t>(page.revision)});
  if (!author) return author.error();
  if (author->has_value() && (*author)->opt_int64(0)) {
    auto names = internal::names_of(transaction, {*(*author)->opt_int64(0)});
    if (!names) return names.error();
    view.updated_by = names->begin() == names->end() ? "" : names->begin()->second;
  }
  auto step = transaction.query_one(
      "SELECT id, position, title, done_count FROM wiki_onboarding_steps WHERE community_id = ? "
      "AND kind = 'read' AND page_id = ? ORDER BY position LIMIT 1",
      {place.community.id, page.id});
  if (!step) return step.error();
  if (step->has_value()) {
    const db::Row& row = **step;
    view.step = Step{row.int64(0), static_cast<int>(row.int64(1)), StepKind::read, page.id,
                     row.text(2),  static_cast<int>(row.int64(3))};
    if (place.viewer.signed_in()) {
      auto done = transaction.query_one(
          "SELECT 1 FROM wiki_onboarding_progress WHERE step_id = ? AND user_id = ?",
          {view.step->id, place.viewer.user_id()});
      if (!done) return done.error();
      view.step_done = done->has_value();
    }
  }
  view.page = std::move(page);
  return view;
}

}  // namespace

Result<WikiIndex> WikiService::index(const accounts::Viewer& viewer, const std::string& slug) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto tree = internal::read_tree(*reader, *place);
  if (!tree) return tree.error();
  auto any = reader->query_one("SELECT 1 FROM wiki_pages WHERE community_id = ? LIMIT 1",
                               {place->community.id});
  if (!any) return any.error();
  WikiIndex index;
  index.community = place->community;
  index.can_create = place->may_create();
  index.can_manage = place->organizer();
  index.is_member = place->standing.is_member();
  index.empty = !any->has_value();
  if (!tree->empty()) {
    auto home = internal::readable_page(*reader, *place, tree->front().id);
    if (!home) return home.error();
    auto view = view_of(*reader, *place, std::move(home.value()), tree.value());
    if (!view) return view.error();
    index.home = std::move(view.value());
  }
  index.tree = std::move(tree.value());
  return index;
}

Result<PageView> WikiService::page(const accounts::Viewer& viewer, const std::string& slug,
                                   std::int64_t page_id) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto page = internal::readable_page(*reader, *place, page_id);
  if (!page) return page.error();
  auto tree = internal::read_tree(*reader, *place);
  if (!tree) return tree.error();
  return view_of(*reader, *place, std::move(page.value()), std::move(tree.value()));
}

Result<std::int64_t> WikiService::find_title(const accounts::Viewer& viewer,
                                             const std::string& slug, const std::string& title) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  // A typed address is outside input: bytes that are not UTF-8 (which
  // PostgreSQL would refuse as a parameter) or longer than any title name
  // no page.
  if (!web::is_valid_utf8(title) || title.size() > 4 * kMaxTitleChars)
    return Error::not_found("no wiki page has this title");
  auto id = internal::page_with_title(*reader, place->community.id, title);
  if (!id) return id.error();
  if (!id->has_value()) return Error::not_found("no wiki page has this title");
  auto page = internal::readable_page(*reader, *place, **id);
  if (!page) return page.error();
  return page->id;
}

Result<bool> WikiService::can_create(const accounts::Viewer& viewer, const std::string& slug) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  return place->may_create();
}

Result<std::vector<Revision>> WikiService::revisions(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     std::int64_t page_id) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto page = internal::readable_page(*reader, *place, page_id);
  if (!page) return page.error();
  auto rows = reader->query(
      "SELECT id, number, title, author_id, summary, restored_from, created_at FROM "
      "wiki_revisions WHERE page_id = ? ORDER BY number DESC",
      {page_id});
  if (!rows) return rows.error();
  std::vector<Revision> revisions;
  std::vector<std::int64_t> authors;
  for (const auto& row : *rows) {
    Revision revision;
    revision.id = row.int64(0);
    revision.number = static_cast<int>(row.int64(1));
    revision.title = row.text(2);
    revision.author_id = row.opt_int64(3);
    revision.summary = row.text(4);
    if (auto from = row.opt_int64(5)) revision.restored_from = static_cast<int>(*from);
    revision.created_at = row.int64(6);
    if (revision.author_id) authors.push_back(*revision.author_id);
    revisions.push_back(std::move(revision));
  }
  auto names = internal::names_of(*reader, authors);
  if (!names) return names.error();
  for (auto& revision : revisions)
    if (revision.author_id) revision.author_name = (*names)[*revision.author_id];
  return revisions;
}

Result<Comparison> WikiService::compare(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t page_id, int from, int to) {
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto page = internal::readable_page(*reader, *place, page_id);
  if (!page) return page.error();
  Comparison comparison;
  for (auto [number, field, out] :
       {std::tuple{from, "from", &comparison.from}, std::tuple{to, "to", &comparison.to}}) {
    auto row = reader->query_one(
        "SELECT id, number, title, body, author_id, summary, restored_from, created_at FROM "
        "wiki_revisions WHERE page_id = ? AND number = ?",
        {page_id, static_cast<std::int64_t>(number)});
    if (!row) return row.error();
    if (!row->has_value())
      return Error::invalid(
          field, std::string(field) + ": the page has no revision " + std::to_string(number));
    const db::Row& found = **row;
    out->id = found.int64(0);
    out->number = static_cast<int>(found.int64(1));
    out->title = found.text(2);
    out->body = found.text(3);
    out->author_id = found.opt_int64(4);
    out->summary = found.text(5);
    if (auto restored = found.opt_int64(6)) out->restored_from = static_cast<int>(*restored);
    out->created_at = found.int64(7);
  }
  std::vector<std::int64_t> authors;
  for (const Revision* revision : {&comparison.from, &comparison.to})
    if (revision->author_id) authors.push_back(*revision->author_id);
  auto names = internal::names_of(*reader, authors);
  if (!names) return names.error();
  for (Revision* revision : {&comparison.from, &comparison.to})
    if (revision->author_id) revision->author_name = (*names)[*revision->author_id];
  comparison.lines = diff::line_diff(comparison.from.body, comparison.to.body);
  comparison.page = std::move(page.value());
  return comparison;
}

}  // namespace moim::wiki
