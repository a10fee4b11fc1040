#include "app/query_plans_check.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>

#include "platform/db/drivers.hpp"

namespace moim::testing_plans {

namespace {

// Tables that hold a community's (or a cohort's, an event's) configuration:
// a handful of rows each, set by organizers, never one per member or per
// action. Scanning one whole costs about what reading its rows for one
// community would. Everything else is assumed to grow and must be searched
// through an index.
const std::set<std::string, std::less<>> kSmallTables = {
    "communities",                // one row per community
    "cohorts",                    // a season or two a year per community
    "cohort_phases",              // six phases per cohort
    "cohort_closures",            // one per closed cohort
    "activity_cohort_settings",   // one per cohort
    "activity_completion_rules",  // one per cohort or project kind
    "automation_settings",        // one per community
    "discord_connections",        // one per community
    "notion_connections",         // one per community
    "webhook_endpoints",          // a few per community
    "certificate_logos",          // a few per community
    "certificate_templates",      // a few per community
    "coffee_programs",            // a few per community
    "coffee_program_audiences",   // a few per program
    "event_ticket_types",         // a few per event
    "event_questions",            // a registration form's questions
    "event_question_ticket_types",
    "event_feedback_questions",  // a feedback form's questions
    "bingo_games",               // one per event
    "bingo_prizes",              // a few per game
    "bingo_booths",              // a few per game
    "schema_migrations",         // one per migration
};

const std::set<std::string, std::less<>> kKeywords = {
    "all",       "and",       "as",     "asc",     "between", "by",    "case",    "collate",
    "conflict",  "cross",     "desc",   "do",      "else",    "end",   "except",  "exists",
    "filter",    "from",      "full",   "group",   "having",  "in",    "indexed", "inner",
    "intersect", "is",        "join",   "lateral", "left",    "like",  "limit",   "natural",
    "not",       "nothing",   "offset", "on",      "or",      "order", "outer",   "over",
    "partition", "returning", "right",  "select",  "set",     "then",  "union",   "update",
    "using",     "values",    "when",   "where",   "window",  "with"};

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return result;
}

// Identifiers (lower-cased) and single punctuation characters; quoted text
// becomes one "'" token so nothing inside it reads as a name.
std::vector<std::string> tokens(std::string_view sql) {
  std::vector<std::string> result;
  std::size_t at = 0;
  while (at < sql.size()) {
    const char ch = sql[at];
    if (std::isspace(static_cast<unsigned char>(ch))) {
      ++at;
    } else if (ch == '\'') {
      const std::size_t close = sql.find('\'', at + 1);
      at = close == std::string_view::npos ? sql.size() : close + 1;
      result.emplace_back("'");
    } else if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      std::size_t end = at;
      while (end < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_'))
        ++end;
      result.push_back(lower(sql.substr(at, end - at)));
      at = end;
    } else {
      result.emplace_back(1, ch);
      ++at;
    }
  }
  return result;
}

bool identifier(const std::string& token) {
  return !token.empty() && (std::isalpha(static_cast<unsigned char>(token[0])) || token[0] == '_');
}

std::string decode_entities(std::string_view text) {
  std::string result;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '&') {
      result += text[at];
      continue;
    }
    const std::size_t semicolon = text.find(';', at);
    if (semicolon == std::string_view::npos || semicolon - at > 8) {
      result += '&';
      continue;
    }
    const std::string_view name = text.substr(at + 1, semicolon - at - 1);
    if (name == "amp")
      result += '&';
    else if (name == "lt")
      result += '<';
    else if (name == "gt")
      result += '>';
    else if (name == "quot")
      result += '"';
    else if (name.starts_with("#x") || name.starts_with("#X"))
      result += static_cast<char>(std::strtol(std::string(name.substr(2)).c_str(), nullptr, 16));
    else if (name.starts_with("#"))
      result += static_cast<char>(std::strtol(std::string(name.substr(1)).c_str(), nullptr, 10));
    else {
      result += '&';
      continue;
    }
    at = semicolon;
  }
  return result;
}

// How many `?` the statement binds: the driver refuses a different count.
std::size_t placeholder_count(std::string_view sql) {
  const std::string numbered = db::to_postgres_placeholders(sql);
  std::size_t count = 0;
  for (std::size_t at = numbered.find('$'); at != std::string::npos;
       at = numbered.find('$', at + 1)) {
    std::size_t end = at + 1;
    while (end < numbered.size() && std::isdigit(static_cast<unsigned char>(numbered[end]))) ++end;
    if (end > at + 1)
      count = std::max<std::size_t>(count, std::stoul(numbered.substr(at + 1, end - at - 1)));
  }
  return count;
}

}  // namespace

bool small_table(std::string_view table) { return kSmallTables.contains(table); }

std::string local_target(std::string_view href, std::string_view current) {
  std::string target(href.substr(0, href.find('#')));
  for (std::string_view origin : {"http://127.0.0.1", "https://127.0.0.1"}) {
    if (target.starts_with(origin)) target.erase(0, origin.size());
  }
  if (target.starts_with("?")) return std::string(current.substr(0, current.find('?'))) + target;
  if (!target.starts_with("/") || target.starts_with("//")) return {};
  return target;
}

std::vector<std::string> links(std::string_view html, std::string_view current) {
  static const std::regex kHref(R"re(href\s*=\s*("([^"]*)"|'([^']*)'))re", std::regex::icase);
  std::vector<std::string> result;
  const std::string text(html);
  for (auto match = std::sregex_iterator(text.begin(), text.end(), kHref);
       match != std::sregex_iterator(); ++match) {
    const std::string raw = (*match)[2].matched ? (*match)[2].str() : (*match)[3].str();
    std::string target = local_target(decode_entities(raw), current);
    if (!target.empty()) result.push_back(std::move(target));
  }
  return result;
}

std::set<std::string> tables_named(std::string_view sql, std::string_view name,
                                   const std::set<std::string>& tables) {
  std::set<std::string> result;
  const std::string wanted = lower(name);
  if (tables.contains(wanted)) result.insert(wanted);
  const std::vector<std::string> words = tokens(sql);
  for (std::size_t word_idx = 0; word_idx + 1 < words.size(); ++word_idx) {
    if (!tables.contains(words[word_idx])) continue;
    if (word_idx > 0 && words[word_idx - 1] == ".") continue;  // a column, not a table
    std::size_t alias_idx = word_idx + 1;
    if (words[alias_idx] == "as" && alias_idx + 1 < words.size()) ++alias_idx;
    const std::string& alias = words[alias_idx];
    if (identifier(alias) && !kKeywords.contains(alias) && alias == wanted)
      result.insert(words[word_idx]);
  }
  return result;
}

Result<PlanChecker> PlanChecker::load(db::Transaction& transaction) {
  auto rows = transaction.query("SELECT name FROM sqlite_master WHERE type = 'table'");
  if (!rows) return rows.error();
  PlanChecker checker;
  for (const auto& row : rows.value()) checker.tables_.insert(lower(row.text(0)));
  return checker;
}

Result<std::vector<Scan>> PlanChecker::full_scans(db::Transaction& transaction,
                                                  std::string_view sql) const {
  const std::vector<db::Value> nulls(placeholder_count(sql), db::null());
  auto rows = transaction.query("EXPLAIN QUERY PLAN " + std::string(sql), nulls);
  if (!rows) return rows.error();
  std::vector<std::string> details;
  for (const auto& row : rows.value()) details.push_back(row.text(row.size() - 1));
  return judge(sql, details);
}

std::vector<Scan> PlanChecker::judge(std::string_view sql,
                                     const std::vector<std::string>& details) const {
  static const std::regex kSmallLimit(R"(\bLIMIT\s+(\?|\d{1,3})\b)", std::regex::icase);
  const std::string text(sql);
  const bool limited = std::regex_search(text, kSmallLimit);
  const bool sorted_after = std::any_of(details.begin(), details.end(), [](const std::string& d) {
    return d.starts_with("USE TEMP B-TREE") && d.find("ORDER BY") != std::string::npos;
  });
  std::vector<Scan> result;
  bool first_loop = true;
  for (const std::string& detail : details) {
    const bool scan = detail.starts_with("SCAN ");
    if (!scan && !detail.starts_with("SEARCH ")) continue;
    const bool outermost = first_loop;
    first_loop = false;
    if (!scan) continue;
    const std::string rest = detail.substr(5);
    const std::string name = rest.substr(0, rest.find(' '));
    if (name.starts_with("(") || name == "CONSTANT") continue;
    // Walking an index in its order until a small LIMIT is met reads a
    // page, not the table: only as the outermost loop, with no sort after.
    const bool through_index = rest.find(" USING INDEX ") != std::string::npos ||
                               rest.find(" USING COVERING INDEX ") != std::string::npos;
    if (through_index && limited && outermost && !sorted_after) continue;
    for (const std::string& table : tables_named(sql, name, tables_)) {
      if (!small_table(table)) result.push_back({table, detail});
    }
  }
  return result;
}

int known_index(const std::vector<KnownScan>& known, std::string_view sql, std::string_view table) {
  for (std::size_t known_idx = 0; known_idx < known.size(); ++known_idx) {
    if (known[known_idx].table == table && sql.find(known[known_idx].sql_part) != std::string::npos)
      return static_cast<int>(known_idx);
  }
  return -1;
}

}  // namespace moim::testing_plans
