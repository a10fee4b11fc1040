// Writing the wiki: a new page, an edit (refused as a conflict when someone
// saved after the editor's base revision), a restore (a new revision with
// an old text) and the organizers' page settings. Each one transaction.
#include "features/wiki/internal.hpp"
#include "platform/web/input.hpp"

namespace moim::wiki {

namespace {

using internal::Place;

std::string summary_of(const std::optional<std::string>& summary) {
  return summary ? web::trim(*summary) : std::string();
}

Result<Page> reread(db::Transaction& transaction, const Place& place, std::int64_t page_id) {
  return internal::readable_page(transaction, place, page_id);
}

// 409 naming "title" when another page of the community has the title.
Status check_title_free(db::Transaction& transaction, std::int64_t community_id,
                        const std::string& title, std::int64_t page_id) {
  auto taken = internal::page_with_title(transaction, community_id, title);
  if (!taken) return taken.error();
  if (taken->has_value() && **taken != page_id)
    return Error::conflict("title", "title: another page of this wiki has this title");
  return ok_status();
}

}  // namespace

Result<Page> WikiService::create(const accounts::Viewer& viewer, const std::string& slug,
                                 const PageInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (!place->may_create()) return Error::forbidden("only members write the wiki");
  auto title = internal::checked_title(input.title.value_or(""));
  if (!title) return title.error();
  const std::string body = input.body.value_or("");
  if (auto status = internal::check_body(body); !status) return status.error();
  const std::string summary = summary_of(input.summary);
  if (auto status = internal::check_summary(summary); !status) return status.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto count = transaction->query_one("SELECT COUNT(*) FROM wiki_pages WHERE community_id = ?",
                                      {place->community.id});
  if (!count) return count.error();
  if ((*count)->int64(0) >= kMaxPages)
    return Error{409, "limit", "a wiki holds at most " + std::to_string(kMaxPages) + " pages",
                 "title"};
  std::optional<std::int64_t> parent;
  if (input.parent_id && *input.parent_id != 0) {
    if (auto status =
            internal::check_parent(*transaction, place->community.id, 0, *input.parent_id);
        !status)
      return status.error();
    auto readable = internal::readable_page(*transaction, *place, *input.parent_id);
    if (!readable) return Error::invalid("parent_id", "parent_id: no such page in this community");
    parent = *input.parent_id;
  }
  if (auto status = check_title_free(*transaction, place->community.id, *title, 0); !status)
    return status.error();
  auto rows = transaction->query(
      "INSERT INTO wiki_pages (community_id, parent_id, title, title_key, body, revision_number, "
      "position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, (SELECT COUNT(*) FROM "
      "wiki_pages WHERE community_id = ?), ?, ?) RETURNING id",
      {place->community.id, db::maybe(parent), *title, text::fold_title(*title), body,
       place->community.id, now, now});
  if (!rows) return rows.error();
  auto page = reread(*transaction, *place, rows->front().int64(0));
  if (!page) return page.error();
  if (auto status =
          internal::write_revision(*transaction, *page, 1, viewer.user_id(), summary, {}, now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return page;
}

Result<SaveOutcome> WikiService::save(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t page_id, const PageInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  if (!input.base_revision)
    return Error::invalid("base_revision", "base_revision: the revision the edit started from");
  std::optional<std::string> title;
  if (input.title) {
    auto checked = internal::checked_title(*input.title);
    if (!checked) return checked.error();
    title = checked.value();
  }
  if (input.body)
    if (auto status = internal::check_body(*input.body); !status) return status.error();
  const std::string summary = summary_of(input.summary);
  if (auto status = internal::check_summary(summary); !status) return status.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto page = reread(*transaction, *place, page_id);
  if (!page) return page.error();
  if (!place->may_edit(*page))
    return Error::forbidden("this page's permission does not let you edit it");
  if (*input.base_revision != page->revision) {
    auto base =
        transaction->query_one("SELECT body FROM wiki_revisions WHERE page_id = ? AND number = ?",
                               {page_id, *input.base_revision});
    if (!base) return base.error();
    if (!base->has_value())
      return Error::invalid("base_revision", "base_revision: the page has no such revision");
    Conflict conflict{static_cast<int>(*input.base_revision), page->revision, page->title,
                      page->body, diff::line_diff((*base)->text(0), page->body)};
    return SaveOutcome{std::nullopt, std::move(conflict)};
  }
  if (title && *title != page->title) {
    if (auto status = check_title_free(*transaction, place->community.id, *title, page_id); !status)
      return status.error();
    page->title = *title;
  }
  if (input.body) page->body = *input.body;
  std::optional<std::int64_t> parent = page->parent_id;
  if (input.parent_id) {
    parent = *input.parent_id == 0 ? std::nullopt : std::optional<std::int64_t>(*input.parent_id);
    if (parent && parent != page->parent_id) {
      if (auto status = internal::check_parent(*transaction, place->community.id, page_id, *parent);
          !status)
        return status.error();
    }
  }
  const int number = page->revision + 1;
  // The revision guard in the WHERE clause: two saves racing on the same
  // base, the second changes no row and is a conflict.
  auto changed = transaction->execute(
      "UPDATE wiki_pages SET title = ?, title_key = ?, body = ?, parent_id = ?, "
      "revision_number = ?, updated_at = ? WHERE id = ? AND revision_number = ?",
      {page->title, text::fold_title(page->title), page->body, db::maybe(parent),
       static_cast<std::int64_t>(number), now, page_id, static_cast<std::int64_t>(page->revision)});
  if (!changed) return changed.error();
  if (changed.value() != 1)
    return Error::conflict("base_revision", "base_revision: someone saved this page meanwhile");
  page->parent_id = parent;
  if (auto status =
          internal::write_revision(*transaction, *page, number, viewer.user_id(), summary, {}, now);
      !status)
    return status.error();
  auto saved = reread(*transaction, *place, page_id);
  if (!saved) return saved.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return SaveOutcome{std::move(saved.value()), std::nullopt};
}

Result<Page> WikiService::restore(const accounts::Viewer& viewer, const std::string& slug,
                                  std::int64_t page_id, int number) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto page = reread(*transaction, *place, page_id);
  if (!page) return page.error();
  if (!place->may_edit(*page))
    return Error::forbidden("this page's permission does not let you edit it");
  auto old = transaction->query_one(
      "SELECT title, body FROM wiki_revisions WHERE page_id = ? AND number = ?",
      {page_id, static_cast<std::int64_t>(number)});
  if (!old) return old.error();
  if (!old->has_value())
    return Error::invalid("revision",
                          "revision: the page has no revision " + std::to_string(number));
  const std::string old_title = (*old)->text(0);
  // The old title may belong to another page by now: the page keeps its own.
  auto taken = internal::page_with_title(*transaction, place->community.id, old_title);
  if (!taken) return taken.error();
  if (!taken->has_value() || **taken == page_id) page->title = old_title;
  page->body = (*old)->text(1);
  const int next = page->revision + 1;
  auto changed = transaction->execute(
      "UPDATE wiki_pages SET title = ?, title_key = ?, body = ?, revision_number = ?, "
      "updated_at = ? WHERE id = ?",
      {page->title, text::fold_title(page->title), page->body, static_cast<std::int64_t>(next), now,
       page_id});
  if (!changed) return changed.error();
  if (auto status =
          internal::write_revision(*transaction, *page, next, viewer.user_id(), "", number, now);
      !status)
    return status.error();
  auto saved = reread(*transaction, *place, page_id);
  if (!saved) return saved.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return saved;
}

Result<Page> WikiService::change_settings(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t page_id, const PageSettings& settings) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = internal::place_of(communities_, viewer, slug);
  if (!place) return place.error();
  std::optional<EditPermission> permission;
  if (settings.edit_permission) {
    permission = parse_permission(*settings.edit_permission);
    if (!permission)
      return Error::invalid("edit_permission",
                            "edit_permission: one of organizers, builders, members");
  }
  if (settings.position && (*settings.position < 0 || *settings.position > kMaxPages))
    return Error::invalid("position",
                          "position must be between 0 and " + std::to_string(kMaxPages));
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto page = reread(*transaction, *place, page_id);
  if (!page) return page.error();
  if (auto status = internal::require_organizer(*place); !status) return status.error();
  boost::json::object detail{{"title", page->title}};
  if (permission) {
    detail["edit_permission"] = std::string(permission_name(*permission));
    page->edit_permission = *permission;
  }
  if (settings.is_public) {
    detail["is_public"] = *settings.is_public;
    page->is_public = *settings.is_public;
  }
  if (settings.position) {
    detail["position"] = *settings.position;
    page->position = *settings.position;
  }
  auto changed = transaction->execute(
      "UPDATE wiki_pages SET edit_permission = ?, is_public = ?, position = ?, updated_at = ? "
      "WHERE id = ?",
      {std::string(permission_name(page->edit_permission)),
       static_cast<std::int64_t>(page->is_public ? 1 : 0),
       static_cast<std::int64_t>(page->position), now, page_id});
  if (!changed) return changed.error();
  if (auto status = internal::audit(*transaction, *place, "wiki.page_settings_changed",
                                    std::to_string(page_id), detail, now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return page;
}

}  // namespace moim::wiki
