#include "platform/db/row.hpp"

#include <charconv>
#include <stdexcept>

namespace moim::db {

bool Row::is_null(std::size_t column_idx) const {
  return std::holds_alternative<std::monostate>(cells_.at(column_idx));
}

std::int64_t Row::int64(std::size_t column_idx) const {
  const Value& cell = cells_.at(column_idx);
  if (const auto* number = std::get_if<std::int64_t>(&cell)) return *number;
  if (const auto* real_value = std::get_if<double>(&cell))
    return static_cast<std::int64_t>(*real_value);
  if (const auto* text_value = std::get_if<std::string>(&cell)) {
    if (*text_value == "t") return 1;  // PostgreSQL booleans
    if (*text_value == "f") return 0;
    std::int64_t parsed = 0;
    auto [end, ec] =
        std::from_chars(text_value->data(), text_value->data() + text_value->size(), parsed);
    if (ec == std::errc{} && end == text_value->data() + text_value->size()) return parsed;
  }
  throw std::logic_error("column " + std::to_string(column_idx) + " is not an integer");
}

double Row::real(std::size_t column_idx) const {
  const Value& cell = cells_.at(column_idx);
  if (const auto* real_value = std::get_if<double>(&cell)) return *real_value;
  if (const auto* number = std::get_if<std::int64_t>(&cell)) return static_cast<double>(*number);
  if (const auto* text_value = std::get_if<std::string>(&cell)) return std::stod(*text_value);
  throw std::logic_error("column " + std::to_string(column_idx) + " is not a number");
}

std::string Row::text(std::size_t column_idx) const {
  const Value& cell = cells_.at(column_idx);
  if (const auto* text_value = std::get_if<std::string>(&cell)) return *text_value;
  if (const auto* number = std::get_if<std::int64_t>(&cell)) return std::to_string(*number);
  if (std::holds_alternative<std::monostate>(cell)) return {};
  return std::to_string(std::get<double>(cell));
}

std::optional<std::int64_t> Row::opt_int64(std::size_t column_idx) const {
  if (is_null(column_idx)) return std::nullopt;
  return int64(column_idx);
}

std::optional<std::string> Row::opt_text(std::size_t column_idx) const {
  if (is_null(column_idx)) return std::nullopt;
  return text(column_idx);
}

}  // namespace moim::db
