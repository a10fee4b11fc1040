// Substring search over a room's text with each database's own index
// (migration 0039_search.sql): SQLite's FTS5 trigram tables and PostgreSQL's
// pg_trgm GIN index on the "x"-spread lower-cased text. Case-insensitive,
// Korean included, from two characters on: "추천" finds "추천시스템".
//
// A room names its own index and text; these helpers write the part of the
// statement that matches, always with the query as a bound parameter.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::db {

// Shorter queries would match nearly everything and no index answers them.
inline constexpr std::size_t kMinSearchChars = 2;

// Characters (code points) of valid UTF-8 text.
std::size_t search_chars(std::string_view text);

// SQLite: the FTS5 MATCH expression that finds `query` as a substring in
// an index whose fts5vocab table is `terms_table` (a name from the code,
// never from input), or nothing when no row can match. Three or more
// characters: one phrase of trigrams. Two: the vocabulary's trigrams that
// begin with them, any of them (each indexed text ends with a space, so
// every occurrence begins a trigram).
Result<std::optional<std::string>> fts5_match(Transaction& transaction,
                                              std::string_view terms_table, std::string_view query);

// The condition that a row of a room's indexed `table` holds the query, its
// parameters appended to `params`, or nothing when no row can match. On
// SQLite `id_column` (the row's id as the statement names it) is looked up
// in <table>_fts through <table>_fts_terms; on PostgreSQL `text_sql` is
// matched with pg_contains. Both names come from the code, never from input.
Result<std::optional<std::string>> contains(Transaction& transaction, std::string_view table,
                                            std::string_view id_column, std::string_view text_sql,
                                            std::string_view query, std::vector<Value>& params);

// PostgreSQL: a condition that `text_sql` (the expression the room's GIN
// index spreads, e.g. "title || ' ' || body") contains the query; binds the
// query twice (the index's pattern, then the exact recheck).
std::string pg_contains(std::string_view text_sql);

// PostgreSQL: plans the rest of the caller's transaction for each query's
// own values. A prepared statement's generic plan cannot see the pattern,
// so after a few runs PostgreSQL would read every row through the regular
// expression instead of the index (170 ms instead of 10 on the search bench).
// Nothing on SQLite.
Status plan_with_values(Transaction& transaction);

// SQL of 1 when `text_sql` holds the query (binds it once), else 0: a
// title match ranks first. ASCII letters compare without case.
std::string holds_query(Dialect dialect, std::string_view text_sql);

}  // namespace moim::db
