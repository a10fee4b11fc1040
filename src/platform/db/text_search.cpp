#include "platform/db/text_search.hpp"

#include <cctype>

namespace moim::db {

namespace {

// At most this many trigrams stand for a 2-character query: more distinct
// next characters than this after two characters is not seen in practice,
// and the MATCH expression stays small.
constexpr int kMaxPrefixTerms = 2000;

std::string phrase(std::string_view text) {
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

// The trigram tokenizer folds case; the vocabulary holds folded terms.
std::string ascii_folded(std::string_view text) {
  std::string folded(text);
  for (char& ch : folded) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return folded;
}

}  // namespace

std::size_t search_chars(std::string_view text) {
  std::size_t count = 0;
  for (char ch : text)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++count;
  return count;
}

Result<std::optional<std::string>> fts5_match(Transaction& transaction,
                                              std::string_view terms_table,
                                              std::string_view query) {
  if (search_chars(query) >= 3) return std::optional<std::string>(phrase(query));
  const std::string prefix = ascii_folded(query);
  // Every term that starts with the prefix sorts between it and the prefix
  // followed by the highest code point (U+10FFFF).
  auto terms =
      transaction.query("SELECT term FROM " + std::string(terms_table) +
                            " WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
                        {prefix, prefix + "\xF4\x8F\xBF\xBF", std::int64_t{kMaxPrefixTerms}});
  if (!terms) return terms.error();
  if (terms->empty()) return std::optional<std::string>();
  std::string expression;
  for (const Row& row : terms.value()) {
    if (!expression.empty()) expression += " OR ";
    expression += phrase(row.text(0));
  }
  return std::optional<std::string>(std::move(expression));
}

Result<std::optional<std::string>> contains(Transaction& transaction, std::string_view table,
                                            std::string_view id_column, std::string_view text_sql,
                                            std::string_view query, std::vector<Value>& params) {
  if (transaction.dialect() == Dialect::kPostgres) {
    params.emplace_back(std::string(query));
    params.emplace_back(std::string(query));
    return std::optional<std::string>(pg_contains(text_sql));
  }
  const std::string index = std::string(table) + "_fts";
  auto expression = fts5_match(transaction, index + "_terms", query);
  if (!expression) return expression.error();
  if (!expression->has_value()) return std::optional<std::string>();
  params.emplace_back(std::move(**expression));
  return std::optional<std::string>(std::string(id_column) + " IN (SELECT rowid FROM " + index +
                                    " WHERE " + index + " MATCH ?)");
}

std::string pg_contains(std::string_view text_sql) {
  const std::string text(text_sql);
  // The pattern spreads the query like the index spreads the text, then
  // escapes LIKE's wildcards (and the escape character) in it.
  return "(regexp_replace(lower(" + text +
         "), '(.)', '\\1x', 'g') LIKE '%' || replace(replace(replace(regexp_replace(lower(?), "
         "'(.)', '\\1x', 'g'), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AND strpos(lower(" +
         text + "), lower(?)) > 0)";
}

Status plan_with_values(Transaction& transaction) {
  if (transaction.dialect() != Dialect::kPostgres) return ok_status();
  return transaction.execute_script("SET LOCAL plan_cache_mode = force_custom_plan");
}

std::string holds_query(Dialect dialect, std::string_view text_sql) {
  const std::string text(text_sql);
  return std::string("CASE WHEN ") + (dialect == Dialect::kSqlite ? "instr" : "strpos") +
         "(lower(" + text + "), lower(?)) > 0 THEN 1 ELSE 0 END";
}

}  // namespace moim::db
