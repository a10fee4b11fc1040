// For tests: the tables of a migrated database that hold a column pointing at
// a user, read from the database itself (SQLite's catalog or PostgreSQL's),
// and the privacy room's list of tables left out of "download my data".
#pragma once

#include <fstream>
#include <map>
#include <set>
#include <string>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::privacy::testing {

inline bool user_column_name(const std::string& column) {
  return column == "user_id" || column.ends_with("_user_id") || column == "author_id" ||
         column == "actor_id";
}

// {table: its columns that point at a user}: by name (user_id, *_user_id,
// author_id, actor_id) or by a foreign key to users; and users itself (id).
inline Result<std::map<std::string, std::set<std::string>>> tables_with_user_columns(
    db::Database& database) {
  std::map<std::string, std::set<std::string>> out{{"users", {"id"}}};
  auto reader = database.read();
  if (!reader) return reader.error();
  if (reader->dialect() == db::Dialect::kSqlite) {
    auto tables = reader->query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    if (!tables) return tables.error();
    for (const auto& table_row : tables.value()) {
      const std::string table = table_row.text(0);
      auto columns = reader->query("SELECT name FROM pragma_table_info(?)", {table});
      if (!columns) return columns.error();
      for (const auto& column : columns.value())
        if (user_column_name(column.text(0))) out[table].insert(column.text(0));
      auto keys =
          reader->query("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", {table});
      if (!keys) return keys.error();
      for (const auto& key : keys.value())
        if (key.text(1) == "users") out[table].insert(key.text(0));
    }
  } else {
    auto columns = reader->query(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema()");
    if (!columns) return columns.error();
    for (const auto& column : columns.value())
      if (user_column_name(column.text(1))) out[column.text(0)].insert(column.text(1));
    auto keys = reader->query(
        "SELECT (SELECT relname FROM pg_class WHERE oid = c.conrelid), a.attname "
        "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
        "AND a.attnum = ANY (c.conkey) WHERE c.contype = 'f' AND c.confrelid = "
        "(SELECT oid FROM pg_class WHERE relname = 'users' AND relnamespace = "
        "(SELECT oid FROM pg_namespace WHERE nspname = current_schema()))");
    if (!keys) return keys.error();
    for (const auto& key : keys.value()) out[key.text(0)].insert(key.text(1));
  }
  return out;
}

// {table: reason} from a list of `table: reason` lines under
// src/features/privacy/ (# starts a comment). A malformed or repeated line is
// an error.
inline Result<std::map<std::string, std::string>> read_table_reasons(const std::string& source_dir,
                                                                     const std::string& name) {
  std::ifstream file(source_dir + "/src/features/privacy/" + name);
  if (!file) return Error::internal("src/features/privacy/" + name + " is missing");
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos || line.size() - colon < 10)
      return Error::internal(name + ": not `table: reason`: " + line);
    if (!out.emplace(line.substr(0, colon), line.substr(colon + 1)).second)
      return Error::internal(name + ": listed twice: " + line);
  }
  return out;
}

// The tables "download my data" leaves out (exclusions.txt).
inline Result<std::map<std::string, std::string>> read_exclusions(const std::string& source_dir) {
  return read_table_reasons(source_dir, "exclusions.txt");
}

}  // namespace moim::privacy::testing
