#include "features/communities/audit_log.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <set>

#include "features/accounts/contacts.hpp"
#include "features/communities/managed.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/db/like_pattern.hpp"
#include "platform/web/csv_cell.hpp"
#include "platform/web/input.hpp"

namespace moim::communities {

namespace {

constexpr std::size_t kMaxSubjectChars = 100;

// "1796648506.1234": the entry a page ended at (its time, then its id, the
// log's order), so the next page starts right after it even when entries
// share a second.
struct Cursor {
  std::int64_t created_at = 0;
  std::int64_t id = 0;
};

std::optional<Cursor> parse_cursor(const std::string& text) {
  const auto dot = text.find('.');
  if (dot == std::string::npos) return std::nullopt;
  Cursor cursor;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [after_time, time_error] = std::from_chars(begin, begin + dot, cursor.created_at);
  auto [after_id, id_error] = std::from_chars(begin + dot + 1, end, cursor.id);
  if (time_error != std::errc{} || id_error != std::errc{} || after_time != begin + dot ||
      after_id != end || cursor.id <= 0 || cursor.created_at < 0)
    return std::nullopt;
  return cursor;
}

Status check_filter(const AuditFilter& filter) {
  if (!filter.area.empty() &&
      std::find(kAuditAreas.begin(), kAuditAreas.end(), filter.area) == kAuditAreas.end())
    return Error::invalid("area", "area must be one of the log's areas");
  if (!filter.before.empty() && !parse_cursor(filter.before))
    return Error::invalid("before", "before must be a cursor this log gave");
  if (filter.from && filter.until && *filter.until <= *filter.from)
    return Error::invalid("until", "until must be after from");
  if (web::utf8_length(filter.subject) > kMaxSubjectChars)
    return Error::invalid(
        "subject", "subject must be at most " + std::to_string(kMaxSubjectChars) + " characters");
  return ok_status();
}

// The filter as SQL over the community's entries, newest first; the
// community's index (community_id, created_at) serves the order.
Result<std::vector<AuditEntry>> read_entries(db::Transaction& transaction,
                                             std::int64_t community_id, const AuditFilter& filter,
                                             int limit) {
  std::string sql =
      "SELECT a.id, a.action, a.subject, a.detail, a.created_at, a.actor_id FROM audit_log a "
      "WHERE a.community_id = ?";
  std::vector<db::Value> params{community_id};
  if (!filter.area.empty()) {
    sql += " AND a.action LIKE ?";  // areas hold no wildcard characters
    params.emplace_back(filter.area + ".%");
  }
  if (filter.actor_id) {
    sql += " AND a.actor_id = ?";
    params.emplace_back(*filter.actor_id);
  }
  if (filter.from) {
    sql += " AND a.created_at >= ?";
    params.emplace_back(*filter.from);
  }
  if (filter.until) {
    sql += " AND a.created_at < ?";
    params.emplace_back(*filter.until);
  }
  const std::string subject = web::trim(filter.subject);
  if (!subject.empty()) {
    sql += " AND lower(a.subject) LIKE ? ESCAPE '\\'";
    params.emplace_back(db::like_contains(subject));
  }
  if (auto cursor = parse_cursor(filter.before)) {
    sql += " AND (a.created_at < ? OR (a.created_at = ? AND a.id < ?))";
    params.emplace_back(cursor->created_at);
    params.emplace_back(cursor->created_at);
    params.emplace_back(cursor->id);
  }
  sql += " ORDER BY a.created_at DESC, a.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  auto rows = transaction.query(sql, params);
  if (!rows) return rows.error();

  std::vector<AuditEntry> entries;
  std::set<std::int64_t> actors;
  for (const auto& row : rows.value()) {
    AuditEntry entry;
    entry.id = row.int64(0);
    entry.action = row.text(1);
    entry.area = entry.action.substr(0, entry.action.find('.'));
    entry.subject = row.text(2);
    boost::system::error_code parse_error;
    auto detail = boost::json::parse(row.text(3), parse_error);
    if (!parse_error && detail.is_object()) {
      entry.detail = std::move(detail.as_object());
    } else if (!row.text(3).empty()) {
      entry.detail["text"] = row.text(3);
    }
    entry.created_at = row.int64(4);
    entry.actor_id = row.opt_int64(5);
    if (entry.actor_id) actors.insert(*entry.actor_id);
    entries.push_back(std::move(entry));
  }
  // The actors' names: one query for the page, not one an entry.
  auto names = accounts::contacts(transaction, {actors.begin(), actors.end()});
  if (!names) return names.error();
  for (auto& entry : entries) {
    if (!entry.actor_id) continue;
    auto found = names->find(*entry.actor_id);
    if (found != names->end()) entry.actor_name = found->second.display_name;
  }
  return entries;
}

std::string cursor_of(const AuditEntry& entry) {
  return std::to_string(entry.created_at) + "." + std::to_string(entry.id);
}

}  // namespace

Result<AuditPage> AuditLog::entries(const accounts::Viewer& viewer, const std::string& slug,
                                    const AuditFilter& filter, int limit) {
  auto community = managed_community(communities_, viewer, slug,
                                     "only this community's organizers can read its audit log");
  if (!community) return community.error();
  if (auto status = check_filter(filter); !status) return status.error();
  limit = std::clamp(limit, 1, kAuditPageSize * 20);

  auto reader = database_.read();
  if (!reader) return reader.error();
  auto entries = read_entries(reader.value(), community->id, filter, limit + 1);
  if (!entries) return entries.error();
  AuditPage page{community.value(), std::move(entries.value()), ""};
  if (static_cast<int>(page.entries.size()) > limit) {
    page.entries.resize(limit);
    page.next = cursor_of(page.entries.back());
  }
  return page;
}

Result<std::string> AuditLog::csv(const accounts::Viewer& viewer, const std::string& slug,
                                  const AuditFilter& filter) {
  constexpr int kCsvPage = 1000;
  AuditFilter pages = filter;
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8
  out += "id,created_at,actor,action,subject,detail\r\n";
  int written = 0;
  while (written < kAuditCsvMaxRows) {
    auto page = entries(viewer, slug, pages, kCsvPage);
    if (!page) return page.error();
    for (const auto& entry : page->entries) {
      out += std::to_string(entry.id) + "," + format_utc_iso(entry.created_at) + "," +
             web::csv_cell(entry.actor_name) + "," + web::csv_cell(entry.action) + "," +
             web::csv_cell(entry.subject) + "," +
             web::csv_cell(entry.detail.empty() ? "" : boost::json::serialize(entry.detail)) +
             "\r\n";
    }
    written += static_cast<int>(page->entries.size());
    if (page->next.empty()) break;
    pages.before = page->next;
  }
  return out;
}

}  // namespace moim::communities
