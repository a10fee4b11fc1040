// Helpers shared by the wiki service's files; not part of its interface.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "features/wiki/wiki_service.hpp"

namespace moim::wiki::internal {

// Where a call stands: the community and the caller's place in it.
struct Place {
  communities::Community community;
  communities::Standing standing;
  accounts::Viewer viewer;
  bool organizer() const { return standing.can_manage(); }
  // Members and platform admins read every page; others public ones only.
  bool reads_all() const { return standing.is_member() || standing.is_admin; }
  bool may_edit(const Page& page) const;
  bool may_create() const { return viewer.signed_in() && reads_all(); }
};
Result<Place> place_of(communities::CommunitiesService& communities, const accounts::Viewer& viewer,
                       const std::string& slug);
Status require_organizer(const Place& place);

inline constexpr const char* kPageColumns =
    "id, community_id, parent_id, title, body, edit_permission, is_public, position, "
    "revision_number, created_at, updated_at";
Page page_from(const db::Row& row);

// The page of the community, if the place may read it; else a 404 (a private
// page is not shown to exist).
Result<Page> readable_page(db::Transaction& transaction, const Place& place, std::int64_t page_id);

// Every page of the community the place may read, as the sidebar tree. A
// page whose parent cannot be read hangs at the top level.
Result<std::vector<TreeEntry>> read_tree(db::Transaction& transaction, const Place& place);

// The id of the page with this folded title in the community, if any.
Result<std::optional<std::int64_t>> page_with_title(db::Transaction& transaction,
                                                    std::int64_t community_id,
                                                    const std::string& title);
// The ids of the community's pages by folded title, for the titles given
// (one query for a page's links).
Result<std::map<std::string, std::int64_t>> pages_with_titles(
    db::Transaction& transaction, std::int64_t community_id,
    const std::vector<std::string>& titles);

// Writes revision `number` of the page (and makes it current).
Status write_revision(db::Transaction& transaction, const Page& page, int number,
                      std::int64_t author_id, const std::string& summary,
                      std::optional<int> restored_from, std::int64_t now);

// Checks of typed input, each an Error naming the field.
Result<std::string> checked_title(const std::string& title);
Status check_body(const std::string& body);
Status check_summary(const std::string& summary);
// The parent a page may move under: a page of the community, not the page
// itself nor one of its descendants (a loop), and not deeper than kMaxDepth
// with the page's own subtree. `page_id` 0 for a new page.
Status check_parent(db::Transaction& transaction, std::int64_t community_id, std::int64_t page_id,
                    std::int64_t parent_id);

// Display names of people, by id, in one query.
Result<std::map<std::int64_t, std::string>> names_of(db::Transaction& transaction,
                                                     std::vector<std::int64_t> user_ids);

// The audit entry of an organizer's action on the wiki.
Status audit(db::Transaction& transaction, const Place& place, const std::string& action,
             const std::string& subject, const boost::json::object& detail, std::int64_t now);

}  // namespace moim::wiki::internal
