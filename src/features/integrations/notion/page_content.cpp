#include "features/integrations/notion/page_content.hpp"

#include <boost/json/serialize.hpp>

#include <cctype>
#include <map>

#include "platform/crypto/crypto.hpp"

namespace moim::automation::notion {

namespace {

// Notion refuses rich text longer than 2000 characters (its size limits);
// names are cut at a whole name with a count of the rest.
constexpr std::size_t kMaxText = 1900;

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    const std::string next = (out.empty() ? "" : ", ") + names[idx];
    if (out.size() + next.size() > kMaxText) {
      out += " … (+" + std::to_string(names.size() - idx) + ")";
      break;
    }
    out += next;
  }
  return out;
}

// Bytes in the UTF-8 sequence that starts with `lead` (1 for a stray byte,
// so a broken string still advances).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Without "type" (Notion's default is text): the content hash of pages
// written before stays the same.
boost::json::object text_object(std::string_view content) {
  return {{"text", {{"content", content}}}};
}

// The block type a markdown line stands for, and its text without the marker.
std::pair<std::string_view, std::string_view> block_kind(std::string_view line) {
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  static constexpr std::pair<std::string_view, std::string_view> kMarkers[] = {
      {"### ", "heading_3"},        {"## ", "heading_2"},         {"# ", "heading_1"},
      {"- ", "bulleted_list_item"}, {"* ", "bulleted_list_item"}, {"> ", "quote"}};
  for (const auto& [marker, type] : kMarkers) {
    if (line.starts_with(marker)) return {type, line.substr(marker.size())};
  }
  std::size_t digits = 0;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  if (digits > 0 && line.substr(digits).starts_with(". "))
    return {"numbered_list_item", line.substr(digits + 2)};
  return {"paragraph", line};
}

boost::json::object block(std::string_view type, std::string_view content) {
  boost::json::object block;
  block["type"] = type;
  block[type] = boost::json::object{{"rich_text", rich_text(content)}};
  return block;
}

std::string phase_label(const std::string& phase) {
  static const std::map<std::string, std::string> kLabels{
      {"proposals", "Proposals"}, {"recruiting", "Recruiting"}, {"selection", "Selection"},
      {"running", "Running"},     {"wrap_up", "Wrap-up"},       {"closed", "Closed"}};
  auto found = kLabels.find(phase);
  return found == kLabels.end() ? "Planned" : found->second;
}

std::string end_time(const std::string& start, int minutes) {
  if (start.size() != 5) return start;
  const int total =
      (std::stoi(start.substr(0, 2)) * 60 + std::stoi(start.substr(3, 2)) + minutes) % (24 * 60);
  const std::string hour_text = std::to_string(total / 60);
  const std::string minute_text = std::to_string(total % 60);
  return (hour_text.size() < 2 ? "0" : "") + hour_text + ":" + (minute_text.size() < 2 ? "0" : "") +
         minute_text;
}

}  // namespace

boost::json::object ProjectPage::to_json() const {
  boost::json::array recipients;
  for (const auto& person : people) {
    recipients.push_back({{"user_id", person.user_id},
                          {"email", person.email},
                          {"name", person.name},
                          {"language", person.language}});
  }
  return {{"project_id", project_id},
          {"community_id", community_id},
          {"community", community_name},
          {"title", title},
          {"builders", builders},
          {"schedule", schedule},
          {"members", members},
          {"status", status},
          {"cohort", cohort},
          {"summary", summary},
          {"description", description},
          {"people", recipients}};
}

ProjectPage ProjectPage::from_json(const boost::json::object& object) {
  auto text = [&](std::string_view key) -> std::string {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
  };
  auto number = [](const boost::json::value* value) -> std::int64_t {
    return value && value->is_int64() ? value->as_int64() : 0;
  };
  ProjectPage page;
  page.project_id = number(object.if_contains("project_id"));
  page.community_id = number(object.if_contains("community_id"));
  page.community_name = text("community");
  page.community_slug = text("community_slug");
  page.title = text("title");
  page.builders = text("builders");
  page.schedule = text("schedule");
  page.members = text("members");
  page.status = text("status");
  page.cohort = text("cohort");
  page.summary = text("summary");
  page.description = text("description");
  if (const auto* people = object.if_contains("people"); people && people->is_array()) {
    for (const auto& entry : people->as_array()) {
      if (!entry.is_object()) continue;
      const auto& person = entry.as_object();
      auto field = [&](std::string_view key) -> std::string {
        const auto* value = person.if_contains(key);
        return value && value->is_string() ? std::string(value->as_string()) : std::string();
      };
      page.people.push_back({number(person.if_contains("user_id")), field("email"), field("name"),
                             field("language")});
    }
  }
  return page;
}

Result<std::vector<ProjectPage>> desired_pages(db::Transaction& transaction, std::int64_t cohort_id,
                                               std::int64_t now) {
  // The academy's tables, read-only: automation does not link the academy
  // room, and these columns are its stable record of who is in what.
  auto cohort = transaction.query_one(
      "SELECT c.name, c.community_id, m.name, m.slug, COALESCE((SELECT p.phase FROM cohort_phases "
      "p "
      "WHERE p.cohort_id = c.id AND p.starts_at <= ? AND ? < p.ends_at), "
      "CASE WHEN (SELECT MAX(ends_at) FROM cohort_phases WHERE cohort_id = c.id) <= ? "
      "THEN 'closed' ELSE 'planned' END) "
      "FROM cohorts c JOIN communities m ON m.id = c.community_id WHERE c.id = ?",
      {now, now, now, cohort_id});
  if (!cohort) return cohort.error();
  if (!cohort->has_value()) return Error::not_found("no such cohort");
  const std::string cohort_name = (*cohort)->text(0);
  const std::int64_t community_id = (*cohort)->int64(1);
  const std::string community_name = (*cohort)->text(2);
  const std::string community_slug = (*cohort)->text(3);
  const std::string status = phase_label((*cohort)->text(4));

  auto projects = transaction.query(
      "SELECT id, title, weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, "
      "mode, summary, description FROM academy_projects WHERE cohort_id = ? AND status = "
      "'approved' ORDER BY id",
      {cohort_id});
  if (!projects) return projects.error();
  // Builders who accepted (a lead is a builder from the proposal on), then
  // runners and co-runners: one query each for the whole cohort.
  auto people = transaction.query(
      "SELECT b.project_id, u.id, u.display_name, u.email, "
      "COALESCE(NULLIF(u.locale, ''), m.default_locale), 'builder' "
      "FROM project_builders b JOIN users u ON u.id = b.user_id "
      "JOIN academy_projects p ON p.id = b.project_id JOIN communities m ON m.id = p.community_id "
      "WHERE p.cohort_id = ? AND (b.role = 'lead' OR b.accepted_at IS NOT NULL) "
      // An erased account leaves the page (issue #16): its name is gone.
      "AND u.erased_at IS NULL "
      "UNION ALL "
      "SELECT r.project_id, u.id, u.display_name, u.email, "
      "COALESCE(NULLIF(u.locale, ''), m.default_locale), 'member' "
      "FROM (SELECT project_id, user_id FROM project_runners UNION "
      "      SELECT project_id, user_id FROM project_co_runners) r "
      "JOIN users u ON u.id = r.user_id JOIN academy_projects p ON p.id = r.project_id "
      "JOIN communities m ON m.id = p.community_id WHERE p.cohort_id = ? AND u.erased_at IS NULL "
      // A drop-out (wrap-up records it) leaves the page's member list.
      "AND NOT EXISTS (SELECT 1 FROM completion_results d WHERE d.project_id = r.project_id "
      "AND d.user_id = r.user_id AND d.outcome = 'dropped') "
      "ORDER BY 1, 6, 3, 2",
      {cohort_id, cohort_id});
  if (!people) return people.error();
  struct Names {
    std::vector<std::string> builders, members;
    std::vector<Recipient> recipients;
  };
  std::map<std::int64_t, Names> by_project;
  for (const auto& row : people.value()) {
    Names& names = by_project[row.int64(0)];
    (row.text(5) == "builder" ? names.builders : names.members).push_back(row.text(2));
    names.recipients.push_back({row.int64(1), row.text(3), row.text(2), row.text(4)});
  }
  static constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::vector<ProjectPage> pages;
  for (const auto& row : projects.value()) {
    ProjectPage page;
    page.project_id = row.int64(0);
    page.community_id = community_id;
    page.community_name = community_name;
    page.community_slug = community_slug;
    page.title = row.text(1);
    const auto weekday = row.int64(2);
    page.schedule = std::string(kWeekdays[weekday >= 0 && weekday < 7 ? weekday : 0]) + " " +
                    row.text(3) + "–" + end_time(row.text(3), static_cast<int>(row.int64(4))) +
                    " (" + row.text(5) + ") · " + row.text(6) + " → " + row.text(7) + " · " +
                    row.text(8);
    page.status = status;
    page.cohort = cohort_name;
    page.summary = row.text(9);
    page.description = row.text(10);
    auto found = by_project.find(page.project_id);
    if (found != by_project.end()) {
      page.builders = join_names(found->second.builders);
      page.members = join_names(found->second.members);
      page.people = std::move(found->second.recipients);
    }
    pages.push_back(std::move(page));
  }
  return pages;
}

boost::json::array rich_text(std::string_view text) {
  boost::json::array parts;
  std::size_t start = 0, units = 0, at = 0;
  while (at < text.size() && parts.size() < kMaxBlocks) {
    const std::size_t length = utf8_length(static_cast<unsigned char>(text[at]));
    const std::size_t needed = length == 4 ? 2 : 1;  // outside the BMP: a surrogate pair
    if (units + needed > kMaxTextUnits) {
      parts.push_back(text_object(text.substr(start, at - start)));
      start = at;
      units = 0;
    }
    units += needed;
    at = std::min(text.size(), at + length);
  }
  if (start < at && parts.size() < kMaxBlocks)
    parts.push_back(text_object(text.substr(start, at - start)));
  return parts;
}

boost::json::array page_body(const ProjectPage& page) {
  boost::json::array blocks;
  if (!page.summary.empty()) blocks.push_back(block("quote", page.summary));
  std::string_view rest = page.description;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    auto [type, content] = block_kind(line);
    if (!content.empty()) blocks.push_back(block(type, content));
  }
  return blocks;
}

boost::json::object page_properties(const ProjectPage& page, const std::string& title_property) {
  boost::json::object properties;
  properties[title_property] = {{"title", rich_text(page.title)}};
  properties["Builders"] = {{"rich_text", rich_text(page.builders)}};
  properties["Schedule"] = {{"rich_text", rich_text(page.schedule)}};
  properties["Members"] = {{"rich_text", rich_text(page.members)}};
  properties["Status"] = {{"select", {{"name", page.status}}}};
  properties["Cohort"] = {{"rich_text", rich_text(page.cohort)}};
  properties[kProjectIdProperty] = {{"number", page.project_id}};
  return properties;
}

std::string content_hash(const ProjectPage& page) {
  // Everything written to Notion (the title column's name aside).
  const std::string written = boost::json::serialize(page_properties(page, "title"));
  return crypto::token_digest(written).substr(0, 16);
}

}  // namespace moim::automation::notion
