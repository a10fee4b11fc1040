#include "features/wiki/internal.hpp"

#include <algorithm>
#include <set>

#include "features/accounts/contacts.hpp"
#include "platform/web/input.hpp"

namespace moim::wiki {

std::string_view permission_name(EditPermission permission) {
  switch (permission) {
    case EditPermission::organizers:
      return "organizers";
    case EditPermission::builders:
      return "builders";
    case EditPermission::members:
      return "members";
  }
  return "members";
}

std::optional<EditPermission> parse_permission(std::string_view name) {
  if (name == "organizers") return EditPermission::organizers;
  if (name == "builders") return EditPermission::builders;
  if (name == "members") return EditPermission::members;
  return std::nullopt;
}

std::string_view step_kind_name(StepKind kind) {
  switch (kind) {
    case StepKind::read:
      return "read";
    case StepKind::discord_linked:
      return "discord_linked";
    case StepKind::growth_log:
      return "growth_log";
    case StepKind::audit:
      return "audit";
    case StepKind::coffee_chat:
      return "coffee_chat";
  }
  return "read";
}

std::optional<StepKind> parse_step_kind(std::string_view name) {
  for (StepKind kind : {StepKind::read, StepKind::discord_linked, StepKind::growth_log,
                        StepKind::audit, StepKind::coffee_chat})
    if (step_kind_name(kind) == name) return kind;
  return std::nullopt;
}

WikiService::WikiService(db::Database& database, const Clock& clock,
                         communities::CommunitiesService& communities)
    : database_(database), clock_(clock), communities_(communities) {}

}  // namespace moim::wiki

namespace moim::wiki::internal {

bool Place::may_edit(const Page& page) const {
  if (!viewer.signed_in() || !reads_all()) return false;
  switch (page.edit_permission) {
    case EditPermission::organizers:
      return organizer();
    case EditPermission::builders:
      return organizer() || (standing.stage && *standing.stage >= communities::Stage::kBuilder);
    case EditPermission::members:
      return true;
  }
  return false;
}

Result<Place> place_of(communities::CommunitiesService& communities, const accounts::Viewer& viewer,
                       const std::string& slug) {
  auto community = communities.find(slug);
  if (!community) return community.error();
  auto standing = communities.standing(viewer, *community);
  if (!standing) return standing.error();
  return Place{std::move(community.value()), std::move(standing.value()), viewer};
}

Status require_organizer(const Place& place) {
  if (!place.viewer.signed_in()) return Error::unauthenticated();
  if (!place.organizer()) return Error::forbidden("only the community's organizers do this");
  return ok_status();
}

Page page_from(const db::Row& row) {
  Page page;
  page.id = row.int64(0);
  page.community_id = row.int64(1);
  page.parent_id = row.opt_int64(2);
  page.title = row.text(3);
  page.body = row.text(4);
  page.edit_permission = parse_permission(row.text(5)).value_or(EditPermission::members);
  page.is_public = row.int64(6) != 0;
  page.position = static_cast<int>(row.int64(7));
  page.revision = static_cast<int>(row.int64(8));
  page.created_at = row.int64(9);
  page.updated_at = row.int64(10);
  return page;
}

Result<Page> readable_page(db::Transaction& transaction, const Place& place, std::int64_t page_id) {
  auto row = transaction.query_one(
      std::string("SELECT ") + kPageColumns + " FROM wiki_pages WHERE id = ? AND community_id = ?",
      {page_id, place.community.id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such wiki page");
  Page page = page_from(**row);
  if (!place.reads_all() && !page.is_public) {
    if (!place.viewer.signed_in()) return Error::unauthenticated();
    return Error::not_found("no such wiki page");
  }
  return page;
}

Result<std::vector<TreeEntry>> read_tree(db::Transaction& transaction, const Place& place) {
  auto rows = transaction.query(
      "SELECT id, parent_id, title, is_public FROM wiki_pages WHERE community_id = ? "
      "ORDER BY position, title, id",
      {place.community.id});
  if (!rows) return rows.error();
  struct Node {
    TreeEntry entry;
    std::vector<std::size_t> children;
  };
  std::vector<Node> nodes;
  std::map<std::int64_t, std::size_t> index_of;
  for (const auto& row : *rows) {
    const bool is_public = row.int64(3) != 0;
    if (!place.reads_all() && !is_public) continue;
    index_of[row.int64(0)] = nodes.size();
    nodes.push_back({{row.int64(0), row.opt_int64(1), row.text(2), 1, is_public}, {}});
  }
  std::vector<std::size_t> roots;
  for (std::size_t idx = 0; idx < nodes.size(); ++idx) {
    const auto parent = nodes[idx].entry.parent_id;
    auto found = parent ? index_of.find(*parent) : index_of.end();
    if (found == index_of.end()) {
      nodes[idx].entry.parent_id.reset();
      roots.push_back(idx);
    } else {
      nodes[found->second].children.push_back(idx);
    }
  }
  // Depth first; the tree has no loop (every move is checked), and a seen
  // set keeps even a broken row from looping here.
  std::vector<TreeEntry> tree;
  std::set<std::size_t> seen;
  std::vector<std::pair<std::size_t, int>> stack;
  for (auto root = roots.rbegin(); root != roots.rend(); ++root) stack.emplace_back(*root, 1);
  while (!stack.empty()) {
    auto [idx, depth] = stack.back();
    stack.pop_back();
    if (!seen.insert(idx).second) continue;
    TreeEntry entry = nodes[idx].entry;
    entry.depth = depth;
    tree.push_back(std::move(entry));
    const auto& children = nodes[idx].children;
    for (auto child = children.rbegin(); child != children.rend(); ++child)
      stack.emplace_back(*child, depth + 1);
  }
  return tree;
}

Result<std::optional<std::int64_t>> page_with_title(db::Transaction& transaction,
                                                    std::int64_t community_id,
                                                    const std::string& title) {
  auto row =
      transaction.query_one("SELECT id FROM wiki_pages WHERE community_id = ? AND title_key = ?",
                            {community_id, text::fold_title(title)});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>((*row)->int64(0));
}

Result<std::map<std::string, std::int64_t>> pages_with_titles(
    db::Transaction& transaction, std::int64_t community_id,
    const std::vector<std::string>& titles) {
  std::map<std::string, std::int64_t> found;
  if (titles.empty()) return found;
  std::string sql =
      "SELECT title_key, id FROM wiki_pages WHERE community_id = ? AND title_key IN (";
  std::vector<db::Value> values{community_id};
  for (std::size_t idx = 0; idx < titles.size(); ++idx) {
    sql += idx == 0 ? "?" : ", ?";
    values.emplace_back(text::fold_title(titles[idx]));
  }
  auto rows = transaction.query(sql + ")", values);
  if (!rows) return rows.error();
  for (const auto& row : *rows) found[row.text(0)] = row.int64(1);
  return found;
}

Status write_revision(db::Transaction& transaction, const Page& page, int number,
                      std::int64_t author_id, const std::string& summary,
                      std::optional<int> restored_from, std::int64_t now) {
  auto inserted = transaction.execute(
      "INSERT INTO wiki_revisions (page_id, number, title, body, author_id, summary, "
      "restored_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {page.id, static_cast<std::int64_t>(number), page.title, page.body,
       author_id > 0 ? db::Value{author_id} : db::null(), summary,
       restored_from ? db::Value{static_cast<std::int64_t>(*restored_from)} : db::null(), now});
  if (!inserted) return inserted.error();
  return ok_status();
}

Result<std::string> checked_title(const std::string& title) {
  const std::string trimmed = web::trim(title);
  if (trimmed.empty()) return Error::invalid("title", "title is required");
  if (!web::is_valid_utf8(trimmed)) return Error::invalid("title", "title is not valid UTF-8");
  if (web::utf8_length(trimmed) > kMaxTitleChars)
    return Error::invalid(
        "title", "title must be at most " + std::to_string(kMaxTitleChars) + " characters");
  if (auto problem = text::title_problem(trimmed); !problem.empty())
    return Error{400, "invalid_characters", "title: " + problem, "title"};
  return trimmed;
}

Status check_body(const std::string& body) {
  if (body.size() > kMaxBodyBytes)
    return Error{413, "too_large",
                 "body must be at most " + std::to_string(kMaxBodyBytes) + " bytes", "body"};
  if (!web::is_valid_utf8(body)) return Error::invalid("body", "body is not valid UTF-8");
  return ok_status();
}

Status check_summary(const std::string& summary) {
  if (web::utf8_length(summary) > kMaxSummaryChars || !web::is_valid_utf8(summary))
    return Error::invalid(
        "summary", "summary must be at most " + std::to_string(kMaxSummaryChars) + " characters");
  return ok_status();
}

Status check_parent(db::Transaction& transaction, std::int64_t community_id, std::int64_t page_id,
                    std::int64_t parent_id) {
  auto rows = transaction.query("SELECT id, parent_id FROM wiki_pages WHERE community_id = ?",
                                {community_id});
  if (!rows) return rows.error();
  std::map<std::int64_t, std::optional<std::int64_t>> parent_of;
  for (const auto& row : *rows) parent_of[row.int64(0)] = row.opt_int64(1);
  if (!parent_of.contains(parent_id))
    return Error::invalid("parent_id", "parent_id: no such page in this community");
  // Up from the new parent: meeting the page itself means a loop.
  int depth = 1;
  std::set<std::int64_t> seen;
  for (std::optional<std::int64_t> at = parent_id; at; at = parent_of[*at]) {
    if (*at == page_id)
      return Error{422, "loop",
                   "parent_id: a page cannot move under itself or one of its own pages (a loop)",
                   "parent_id"};
    if (!seen.insert(*at).second || !parent_of.contains(*at)) break;
    ++depth;
  }
  // Down from the page: its deepest descendant moves with it.
  int below = 0;
  if (page_id != 0) {
    std::map<std::int64_t, std::vector<std::int64_t>> children;
    for (const auto& [id, parent] : parent_of)
      if (parent) children[*parent].push_back(id);
    std::vector<std::pair<std::int64_t, int>> stack{{page_id, 0}};
    std::set<std::int64_t> visited;
    while (!stack.empty()) {
      auto [id, level] = stack.back();
      stack.pop_back();
      if (!visited.insert(id).second) continue;
      below = std::max(below, level);
      for (std::int64_t child : children[id]) stack.emplace_back(child, level + 1);
    }
  }
  if (depth + below > kMaxDepth)
    return Error{422, "too_deep",
                 "parent_id: pages nest at most " + std::to_string(kMaxDepth) + " levels deep",
                 "parent_id"};
  return ok_status();
}

Result<std::map<std::int64_t, std::string>> names_of(db::Transaction& transaction,
                                                     std::vector<std::int64_t> user_ids) {
  std::sort(user_ids.begin(), user_ids.end());
  user_ids.erase(std::unique(user_ids.begin(), user_ids.end()), user_ids.end());
  std::map<std::int64_t, std::string> names;
  if (user_ids.empty()) return names;
  auto people = accounts::contacts(transaction, user_ids);
  if (!people) return people.error();
  for (const auto& [id, contact] : *people) names[id] = contact.display_name;
  return names;
}

Status audit(db::Transaction& transaction, const Place& place, const std::string& action,
             const std::string& subject, const boost::json::object& detail, std::int64_t now) {
  return communities::write_audit(transaction, place.community.id, place.viewer.user_id(), action,
                                  subject, detail, now);
}

}  // namespace moim::wiki::internal
