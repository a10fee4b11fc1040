// What one room holds about one person, in a shape every room can hand to
// the privacy room ("download my data", /me/data) without including it:
// one file of the export per kind of record, the tables it was read from
// (so a test can check that no table holding a user column is forgotten),
// and the records as JSON objects.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::web {

struct PersonalRecords {
  std::string file;                 // e.g. "activity_attendance": the ZIP's <file>.json
  std::vector<std::string> tables;  // the tables its rows come from
  boost::json::array rows;          // one object per record
};
using PersonalData = std::vector<PersonalRecords>;

// Runs `sql` (prepared, bound `params`) and turns each row into an object
// named by `columns`, in the select list's order. A name's first character
// says how the cell is read: '#' an integer, '@' JSON text (kept as text
// when it does not parse), anything else text. NULL is null.
// (Inline: the web library does not link the database one.)
inline Result<boost::json::array> personal_rows(db::Transaction& transaction, std::string_view sql,
                                                const std::vector<db::Value>& params,
                                                const std::vector<std::string_view>& columns) {
  auto rows = transaction.query(sql, params);
  if (!rows) return rows.error();
  boost::json::array out;
  out.reserve(rows->size());
  for (const db::Row& row : rows.value()) {
    if (row.size() != columns.size()) {
      return Error::internal("personal_rows: " + std::to_string(columns.size()) + " names for " +
                             std::to_string(row.size()) + " columns");
    }
    boost::json::object record;
    std::size_t column_idx = 0;
    for (std::string_view column : columns) {
      const char kind = column.empty() ? ' ' : column.front();
      const std::string_view name = (kind == '#' || kind == '@') ? column.substr(1) : column;
      if (row.is_null(column_idx)) {
        record[name] = nullptr;
      } else if (kind == '#') {
        record[name] = row.int64(column_idx);
      } else if (kind == '@') {
        const std::string text = row.text(column_idx);
        std::error_code parse_error;
        boost::json::value parsed = boost::json::parse(text, parse_error);
        if (parse_error)
          record[name] = text;
        else
          record[name] = std::move(parsed);
      } else {
        record[name] = row.text(column_idx);
      }
      ++column_idx;
    }
    out.push_back(std::move(record));
  }
  return out;
}

inline Status add_personal_records(PersonalData& out, db::Transaction& transaction,
                                   std::string file, std::vector<std::string> tables,
                                   std::string_view sql, const std::vector<db::Value>& params,
                                   const std::vector<std::string_view>& columns) {
  auto rows = personal_rows(transaction, sql, params, columns);
  if (!rows) return rows.error();
  out.push_back({std::move(file), std::move(tables), std::move(rows.value())});
  return ok_status();
}

// One kind of record of a room's export: every `?` in `sql` is bound to the
// person's id.
struct PersonalQuery {
  const char* file;
  std::vector<std::string> tables;
  const char* sql;
  std::vector<std::string_view> columns;
};

// A room's export as a list of queries, run in order.
inline Result<PersonalData> personal_queries(db::Transaction& transaction, std::int64_t user_id,
                                             const std::vector<PersonalQuery>& queries) {
  PersonalData out;
  for (const PersonalQuery& query : queries) {
    std::vector<db::Value> params;
    for (const char* mark = query.sql; *mark; ++mark)
      if (*mark == '?') params.emplace_back(user_id);
    if (auto status = add_personal_records(out, transaction, query.file, query.tables, query.sql,
                                           params, query.columns);
        !status)
      return status.error();
  }
  return out;
}

}  // namespace moim::web
