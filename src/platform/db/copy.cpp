#include "platform/db/copy.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <map>
#include <set>

#include "platform/db/migrations.hpp"

namespace moim::db {

namespace {

// How a column's values are written for the checksum: integers as numbers
// whether a driver hands them over as numbers or as text, text as bytes.
enum class Kind { kInteger, kText, kOther };

struct Column {
  std::string name;
  Kind kind = Kind::kOther;
};

struct Table {
  std::string name;
  std::vector<Column> columns;  // in the order they are selected and inserted
};

std::string quoted(const std::string& identifier) { return "\"" + identifier + "\""; }

Kind kind_of_declared(std::string type) {
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char letter) { return static_cast<char>(std::toupper(letter)); });
  if (type.find("INT") != std::string::npos) return Kind::kInteger;
  if (type.find("TEXT") != std::string::npos || type.find("CHAR") != std::string::npos)
    return Kind::kText;
  return Kind::kOther;
}

// Names come from the database's own catalog; a quote in one would break the
// quoting, so such a table is refused rather than spliced.
Status check_identifier(const std::string& name) {
  if (name.empty() || name.find('"') != std::string::npos || name.find('\0') != std::string::npos)
    return Error::invalid("from", "a table or column name moim cannot copy: '" + name + "'");
  return ok_status();
}

Result<std::vector<Table>> list_tables(Transaction& transaction) {
  std::vector<Table> tables;
  if (transaction.dialect() == Dialect::kSqlite) {
    // Plain tables only: the search's FTS5 tables, their shadow tables and
    // vocabularies (migration 0039) are SQLite's index, which PostgreSQL
    // keeps with an index of its own.
    auto names = transaction.query(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name "
        "NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    if (!names) return names.error();
    for (const Row& row : names.value()) {
      Table table{row.text(0), {}};
      if (auto status = check_identifier(table.name); !status) return status.error();
      auto columns = transaction.query("SELECT name, type FROM pragma_table_info(?) ORDER BY name",
                                       {table.name});
      if (!columns) return columns.error();
      for (const Row& column : columns.value())
        table.columns.push_back({column.text(0), kind_of_declared(column.text(1))});
      tables.push_back(std::move(table));
    }
  } else {
    auto columns = transaction.query(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND "
        "t.table_name = c.table_name AND t.table_type = 'BASE TABLE' "
        "WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.column_name");
    if (!columns) return columns.error();
    for (const Row& row : columns.value()) {
      if (tables.empty() || tables.back().name != row.text(0)) tables.push_back({row.text(0), {}});
      tables.back().columns.push_back({row.text(1), kind_of_declared(row.text(2))});
    }
  }
  for (const Table& table : tables) {
    for (const Column& column : table.columns) {
      if (auto status = check_identifier(column.name); !status) return status.error();
    }
  }
  return tables;
}

std::string column_list(const Table& table) {
  std::string list;
  for (const Column& column : table.columns) {
    if (!list.empty()) list += ", ";
    list += quoted(column.name);
  }
  return list;
}

void append_canonical(std::string& out, const Value& value, Kind kind) {
  if (std::holds_alternative<std::monostate>(value)) {
    out += "n;";
    return;
  }
  if (kind == Kind::kInteger) {
    std::int64_t number = 0;
    bool is_number = false;
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      number = *integer;
      is_number = true;
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
      is_number = error == std::errc{} && end == text->data() + text->size();
    }
    if (is_number) {
      out += 'i';
      out += std::to_string(number);
      out += ';';
      return;
    }
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    out += 't';
    out += std::to_string(text->size());
    out += ':';
    out += *text;
  } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    out += kind == Kind::kText ? "t" : "i";
    const std::string digits = std::to_string(*integer);
    if (kind == Kind::kText) out += std::to_string(digits.size()) + ":";
    out += digits;
    out += ';';
  } else {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, std::get<double>(value));
    out += 'r';
    out.append(buffer, end);
    out += ';';
  }
}

// Sums row digests lane by lane (modulo 2^64): the same rows in any order give
// the same sum.
class RowSum {
 public:
  void add(const std::string& canonical_row) {
    std::array<unsigned char, 32> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(canonical_row.data()),
                       canonical_row.size(), nullptr, 0);
    for (std::size_t lane_idx = 0; lane_idx < lanes_.size(); ++lane_idx) {
      std::uint64_t lane = 0;
      std::memcpy(&lane, digest.data() + lane_idx * 8, 8);
      lanes_[lane_idx] += lane;
    }
    ++rows_;
  }
  std::int64_t rows() const { return rows_; }
  std::string hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::uint64_t lane : lanes_) {
      for (int shift = 60; shift >= 0; shift -= 4) out += kDigits[(lane >> shift) & 0xF];
    }
    return out;
  }

 private:
  std::array<std::uint64_t, 4> lanes_{};
  std::int64_t rows_ = 0;
};

// A cell as the value it holds. The source's cells have been checked to be
// of their column's type (check_cell_types); PostgreSQL hands some integers
// over as text, which int64() reads.
Value cell_value(const Row& row, std::size_t cell, Kind kind) {
  if (row.is_null(cell)) return std::monostate{};
  if (kind == Kind::kInteger) return row.int64(cell);
  return row.text(cell);
}

void add_row(RowSum& sum, const Table& table, const Row& row, std::size_t first_cell) {
  std::string canonical;
  for (std::size_t column_idx = 0; column_idx < table.columns.size(); ++column_idx) {
    canonical += table.columns[column_idx].name;
    canonical += '=';
    const Kind kind = table.columns[column_idx].kind;
    append_canonical(canonical, cell_value(row, first_cell + column_idx, kind), kind);
  }
  sum.add(canonical);
}

constexpr int kPageRows = 500;

// Hands `visit` every row of the table, a page at a time so a big table
// never sits in memory whole: by rowid on SQLite, through a cursor on
// PostgreSQL. The row's first cell is the rowid on SQLite.
template <typename Visit>
Status for_each_page(Transaction& transaction, const Table& table, int page_rows, Visit&& visit) {
  const std::string columns = column_list(table);
  if (transaction.dialect() == Dialect::kSqlite) {
    std::int64_t after = -1;
    const std::string sql = "SELECT rowid, " + columns + " FROM " + quoted(table.name) +
                            " WHERE rowid > ? ORDER BY rowid LIMIT " + std::to_string(page_rows);
    while (true) {
      auto page = transaction.query(sql, {after});
      if (!page) return page.error();
      if (page->empty()) return ok_status();
      after = page->back().int64(0);
      if (auto status = visit(page.value(), std::size_t{1}); !status) return status;
    }
  }
  if (auto status =
          transaction.execute_script("DECLARE moim_copy_rows NO SCROLL CURSOR FOR SELECT " +
                                     columns + " FROM " + quoted(table.name));
      !status) {
    return status;
  }
  const std::string fetch = "FETCH FORWARD " + std::to_string(page_rows) + " FROM moim_copy_rows";
  while (true) {
    auto page = transaction.query(fetch);
    if (!page) return page.error();
    if (page->empty()) break;
    if (auto status = visit(page.value(), std::size_t{0}); !status) return status;
  }
  return transaction.execute_script("CLOSE moim_copy_rows");
}

Result<TableFingerprint> fingerprint_table(Transaction& transaction, const Table& table) {
  RowSum sum;
  auto status = for_each_page(transaction, table, kPageRows,
                              [&](const Rows& page, std::size_t first_cell) -> Status {
                                for (const Row& row : page) add_row(sum, table, row, first_cell);
                                return ok_status();
                              });
  if (!status) return status.error();
  return TableFingerprint{table.name, sum.rows(), sum.hex()};
}

Result<std::vector<TableFingerprint>> fingerprint_tables(Transaction& transaction,
                                                         const std::vector<Table>& tables) {
  std::vector<TableFingerprint> out;
  for (const Table& table : tables) {
    auto fingerprint = fingerprint_table(transaction, table);
    if (!fingerprint) return fingerprint.error();
    out.push_back(std::move(fingerprint.value()));
  }
  return out;
}

// Parents before children, so every foreign key finds its row (a table's
// references to itself are met by copying in rowid order).
Result<std::vector<const Table*>> in_foreign_key_order(Transaction& source,
                                                       const std::vector<Table>& tables) {
  std::map<std::string, std::set<std::string>> parents;
  for (const Table& table : tables) {
    auto references =
        source.query("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", {table.name});
    if (!references) return references.error();
    auto& own = parents[table.name];
    for (const Row& row : references.value()) {
      if (row.text(0) != table.name) own.insert(row.text(0));
    }
  }
  std::vector<const Table*> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    bool progressed = false;
    for (const Table& table : tables) {
      if (placed.contains(table.name)) continue;
      const auto& own = parents[table.name];
      if (std::all_of(own.begin(), own.end(),
                      [&](const std::string& parent) { return placed.contains(parent); })) {
        ordered.push_back(&table);
        placed.insert(table.name);
        progressed = true;
      }
    }
    if (!progressed) {
      std::string left;
      for (const Table& table : tables) {
        if (!placed.contains(table.name)) left += (left.empty() ? "" : ", ") + table.name;
      }
      return Error::invalid("from", "tables whose foreign keys form a cycle: " + left);
    }
  }
  return ordered;
}

// Every table and column of one side must be on the other: the same moim
// version made both schemas.
Status check_same_schema(const std::vector<Table>& source, const std::vector<Table>& target) {
  std::map<std::string, std::set<std::string>> source_columns;
  std::map<std::string, std::set<std::string>> target_columns;
  for (const Table& table : source) {
    for (const Column& column : table.columns) source_columns[table.name].insert(column.name);
  }
  for (const Table& table : target) {
    for (const Column& column : table.columns) target_columns[table.name].insert(column.name);
  }
  for (const auto& [name, columns] : source_columns) {
    auto found = target_columns.find(name);
    if (found == target_columns.end())
      return Error::invalid("to", "the target has no table " + name);
    if (found->second != columns)
      return Error::invalid("to", "table " + name + " has other columns in the target");
  }
  for (const auto& [name, columns] : target_columns) {
    if (!source_columns.contains(name))
      return Error::invalid("to", "the target has a table the source has not: " + name);
  }
  return ok_status();
}

// SQLite keeps any value in any column; PostgreSQL will not. A cell that is
// not of its column's type is named here, before anything is written, rather
// than changed on the way.
Status check_cell_types(Transaction& source, const Table& table) {
  std::string types;
  std::string odd;
  std::vector<const Column*> checked;
  for (const Column& column : table.columns) {
    if (column.kind == Kind::kOther) continue;
    const std::string type = "typeof(" + quoted(column.name) + ")";
    types += ", " + type;
    odd += std::string(odd.empty() ? "" : " OR ") + type + " NOT IN ('null', '" +
           (column.kind == Kind::kInteger ? "integer" : "text") + "')";
    checked.push_back(&column);
  }
  if (checked.empty()) return ok_status();
  // One scan of the table for all its columns.
  auto found = source.query_one("SELECT rowid" + types + " FROM " + quoted(table.name) + " WHERE " +
                                odd + " LIMIT 1");
  if (!found) return found.error();
  if (!found->has_value()) return ok_status();
  const Row& row = *found.value();
  for (std::size_t column_idx = 0; column_idx < checked.size(); ++column_idx) {
    const std::string type = row.text(column_idx + 1);
    const bool integer = checked[column_idx]->kind == Kind::kInteger;
    if (type == "null" || type == (integer ? "integer" : "text")) continue;
    return Error::invalid("from", table.name + "." + checked[column_idx]->name + " holds " + type +
                                      " where " + (integer ? "an integer" : "text") +
                                      " belongs (rowid " + std::to_string(row.int64(0)) +
                                      "); correct it in the source first");
  }
  return ok_status();
}

Result<int> schema_version(Transaction& transaction) {
  auto known = transaction.query_one(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!known) return known.error();
  if (!known->has_value())
    return Error::invalid("from", "not a moim database (it has no schema_migrations table)");
  auto version = transaction.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version) return version.error();
  return static_cast<int>(version.value()->int64(0));
}

Status insert_page(Transaction& target, const Table& table, const Rows& page) {
  std::string sql = "INSERT INTO " + quoted(table.name) + " (" + column_list(table) + ") VALUES ";
  std::string one_row = "(";
  for (std::size_t column_idx = 0; column_idx < table.columns.size(); ++column_idx)
    one_row += column_idx == 0 ? "?" : ", ?";
  one_row += ")";
  std::vector<Value> params;
  params.reserve(page.size() * table.columns.size());
  for (std::size_t row_idx = 0; row_idx < page.size(); ++row_idx) {
    if (row_idx > 0) sql += ", ";
    sql += one_row;
    const Row& row = page[row_idx];
    for (std::size_t column_idx = 0; column_idx < table.columns.size(); ++column_idx) {
      // After the rowid; written as read, so a value that does not fit the
      // column's type fails the copy with PostgreSQL's own message.
      params.push_back(cell_value(row, column_idx + 1, table.columns[column_idx].kind));
    }
  }
  auto inserted = target.execute(sql, params);
  if (!inserted) {
    Error error = inserted.error();
    error.message = "copying " + table.name + ": " + error.message;
    return error;
  }
  return ok_status();
}

Result<int> advance_identities(Transaction& target) {
  auto identities = target.query(
      "SELECT table_name, column_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name");
  if (!identities) return identities.error();
  for (const Row& row : identities.value()) {
    const std::string table = quoted(row.text(0));
    const std::string column = quoted(row.text(1));
    auto advanced =
        target.query("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(" + column +
                         ") FROM " + table + "), 0) + 1, false)",
                     {table, row.text(1)});
    if (!advanced) return advanced.error();
  }
  return static_cast<int>(identities->size());
}

Status check_empty(Transaction& target, const std::vector<Table>& tables) {
  for (const Table& table : tables) {
    if (table.name == "schema_migrations") continue;  // written by migrate() just now
    auto any = target.query_one("SELECT 1 FROM " + quoted(table.name) + " LIMIT 1");
    if (!any) return any.error();
    if (any->has_value()) {
      return Error::conflict("to", "the target database is not empty (table " + table.name +
                                       " has rows); moim copy fills an empty database only");
    }
  }
  return ok_status();
}

Status set_user_triggers(Transaction& target, const std::vector<Table>& tables, bool enabled) {
  for (const Table& table : tables) {
    if (auto status = target.execute_script("ALTER TABLE " + quoted(table.name) +
                                            (enabled ? " ENABLE" : " DISABLE") + " TRIGGER USER");
        !status) {
      return status;
    }
  }
  return ok_status();
}

Status compare(const std::vector<TableFingerprint>& source,
               const std::vector<TableFingerprint>& target) {
  for (std::size_t table_idx = 0; table_idx < source.size(); ++table_idx) {
    const TableFingerprint& from = source[table_idx];
    const TableFingerprint& to = target[table_idx];
    if (from.rows != to.rows) {
      return Error::internal("verification failed: " + from.table + " has " +
                             std::to_string(from.rows) + " rows in the source and " +
                             std::to_string(to.rows) + " in the target; nothing was committed");
    }
    if (from.checksum != to.checksum) {
      return Error::internal("verification failed: the rows of " + from.table +
                             " differ between source and target; nothing was committed");
    }
  }
  return ok_status();
}

}  // namespace

Result<std::vector<TableFingerprint>> fingerprints(Database& database) {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  auto transaction = database.read();
  if (!transaction) return transaction.error();
  auto tables = list_tables(transaction.value());
  if (!tables) return tables.error();
  return fingerprint_tables(transaction.value(), tables.value());
}

Result<CopyReport> copy_database(Database& source, Database& target,
                                 const std::function<void(const CopyProgress&)>& progress) {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  if (source.dialect() != Dialect::kSqlite)
    return Error::invalid("from", "moim copy reads an SQLite database (sqlite:PATH)");
  if (target.dialect() != Dialect::kPostgres)
    return Error::invalid("to", "moim copy writes into PostgreSQL (postgresql://...)");

  auto reader = source.read();
  if (!reader) return reader.error();
  auto version = schema_version(reader.value());
  if (!version) return version.error();
  const int binary_version = embedded_migrations().back().version;
  if (version.value() != binary_version) {
    return Error::invalid(
        "from",
        "the source is at schema version " + std::to_string(version.value()) +
            " and this moim at " + std::to_string(binary_version) +
            (version.value() < binary_version ? ": run moim migrate on it first"
                                              : ": copy it with the moim version that wrote it"));
  }
  auto source_tables = list_tables(reader.value());
  if (!source_tables) return source_tables.error();
  auto ordered = in_foreign_key_order(reader.value(), source_tables.value());
  if (!ordered) return ordered.error();
  for (const Table& table : source_tables.value()) {
    if (auto status = check_cell_types(reader.value(), table); !status) return status.error();
  }

  if (auto migrated = migrate(target); !migrated) return migrated.error();
  auto writer = target.write();
  if (!writer) return writer.error();
  auto target_tables = list_tables(writer.value());
  if (!target_tables) return target_tables.error();
  if (auto status = check_same_schema(source_tables.value(), target_tables.value()); !status)
    return status.error();
  if (auto status = check_empty(writer.value(), target_tables.value()); !status)
    return status.error();
  // Triggers (content versions, counters) would count the copied rows again:
  // the rows come with their counts. Off for this transaction only.
  if (auto status = set_user_triggers(writer.value(), target_tables.value(), false); !status)
    return status.error();
  if (auto cleared = writer->execute("DELETE FROM schema_migrations"); !cleared)
    return cleared.error();

  CopyReport report;
  std::map<std::string, TableFingerprint> copied;
  for (const Table* table : ordered.value()) {
    const int page_rows =
        std::max(1, std::min(kPageRows, 30000 / std::max<int>(1, table->columns.size())));
    RowSum sum;
    auto status = for_each_page(reader.value(), *table, page_rows,
                                [&](const Rows& page, std::size_t first_cell) -> Status {
                                  for (const Row& row : page) add_row(sum, *table, row, first_cell);
                                  return insert_page(writer.value(), *table, page);
                                });
    if (!status) return status.error();
    copied[table->name] = {table->name, sum.rows(), sum.hex()};
    report.rows += sum.rows();
    if (progress) progress({table->name, sum.rows()});
  }
  auto identities = advance_identities(writer.value());
  if (!identities) return identities.error();
  report.identities_advanced = identities.value();
  if (auto status = set_user_triggers(writer.value(), target_tables.value(), true); !status)
    return status.error();

  // The target's own reading of what it now holds, before anything is kept.
  std::vector<Table> by_source_columns;
  for (const Table& table : source_tables.value()) by_source_columns.push_back(table);
  auto written = fingerprint_tables(writer.value(), by_source_columns);
  if (!written) return written.error();
  std::vector<TableFingerprint> expected;
  for (const Table& table : source_tables.value()) expected.push_back(copied[table.name]);
  if (auto status = compare(expected, written.value()); !status) return status.error();
  if (auto status = writer->commit(); !status) return status.error();
  report.tables = std::move(written.value());
  return report;
}

}  // namespace moim::db
