// Values crossing the database boundary. Both drivers speak these types, so
// features never see sqlite3_* or PG* types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace moim::db {

// NULL, an integer, a real, or text. Booleans are stored as 0/1 integers and
// times as UTC seconds, which both SQLite and PostgreSQL agree on.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

inline Value null() { return std::monostate{}; }
inline Value maybe(const std::optional<std::string>& text) {
  return text ? Value{*text} : Value{std::monostate{}};
}
inline Value maybe(const std::optional<std::int64_t>& number) {
  return number ? Value{*number} : Value{std::monostate{}};
}

class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t column_idx) const;
  // Integers read from text (PostgreSQL numeric types) are parsed; a cell of
  // another type is a bug in the query and throws std::logic_error.
  std::int64_t int64(std::size_t column_idx) const;
  double real(std::size_t column_idx) const;
  bool boolean(std::size_t column_idx) const { return int64(column_idx) != 0; }
  std::string text(std::size_t column_idx) const;
  std::optional<std::int64_t> opt_int64(std::size_t column_idx) const;
  std::optional<std::string> opt_text(std::size_t column_idx) const;

 private:
  std::vector<Value> cells_;
};

using Rows = std::vector<Row>;

}  // namespace moim::db
