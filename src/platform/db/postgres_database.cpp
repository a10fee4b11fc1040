// PostgreSQL driver over libpq: a pool of connections, each statement
// prepared once per connection (PQprepare, PQexecPrepared), parameters always
// sent separately from the SQL text, results in text form.
#include <libpq-fe.h>

#include <charconv>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "platform/db/database.hpp"
#include "platform/db/drivers.hpp"
#include "platform/db/pool.hpp"

namespace moim::db {

std::string to_postgres_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next_param = 1;
  for (std::size_t pos = 0; pos < sql.size(); ++pos) {
    const char ch = sql[pos];
    if (ch == '\'' || ch == '"') {  // copy a quoted run verbatim ('' escapes stay inside)
      const std::size_t end = sql.find(ch, pos + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(pos, stop - pos));
      pos = stop - 1;
    } else if (ch == '-' && pos + 1 < sql.size() && sql[pos + 1] == '-') {
      const std::size_t end = sql.find('\n', pos);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(pos, stop - pos));
      pos = stop - 1;
    } else if (ch == '?') {
      out += '$';
      out += std::to_string(next_param++);
    } else {
      out += ch;
    }
  }
  return out;
}

namespace {

constexpr unsigned kOidBool = 16, kOidInt8 = 20, kOidInt2 = 21, kOidInt4 = 23, kOidFloat4 = 700,
                   kOidFloat8 = 701;

Error postgres_error(PGconn* handle, const PGresult* result, std::string_view context) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = std::string(context) + ": " +
                        (result ? PQresultErrorMessage(result) : PQerrorMessage(handle));
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const std::string sqlstate = state ? state : "";
  if (sqlstate == "23505") return Error{409, std::string(kUniqueViolation), message, {}};
  if (sqlstate.starts_with("23")) return Error{409, "constraint_violation", message, {}};
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
    return Error{503, "database_busy", message, {}};
  }
  // The server went away (class 08 connection exception, 57P0x shutdown), or
  // libpq lost the socket before any answer: an outage, not a bug. A 503
  // tells callers to come back; the message stays in the log (respond.cpp).
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P") ||
      PQstatus(handle) == CONNECTION_BAD) {
    return Error{503, "database_unavailable", message, {}};
  }
  return Error::internal(message);
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* handle) : handle_(handle) {}
  ~PostgresConnection() override { PQfinish(handle_); }

  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    auto result = run(sql, params);
    if (!result) return result.error();
    PGresult* res = result.value().get();
    Rows rows;
    const int row_count = PQntuples(res);
    const int columns = PQnfields(res);
    rows.reserve(row_count);
    for (int row_idx = 0; row_idx < row_count; ++row_idx) {
      std::vector<Value> cells;
      cells.reserve(columns);
      for (int column_idx = 0; column_idx < columns; ++column_idx) {
        if (PQgetisnull(res, row_idx, column_idx)) {
          cells.emplace_back(std::monostate{});
          continue;
        }
        const char* text = PQgetvalue(res, row_idx, column_idx);
        const int length = PQgetlength(res, row_idx, column_idx);
        const unsigned type = PQftype(res, column_idx);
        if (type == kOidInt8 || type == kOidInt4 || type == kOidInt2) {
          std::int64_t number = 0;
          std::from_chars(text, text + length, number);
          cells.emplace_back(number);
        } else if (type == kOidBool) {
          cells.emplace_back(static_cast<std::int64_t>(text[0] == 't'));
        } else if (type == kOidFloat8 || type == kOidFloat4) {
          cells.emplace_back(std::stod(std::string(text, length)));
        } else {
          cells.emplace_back(std::string(text, length));
        }
      }
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    auto result = run(sql, params);
    if (!result) return result.error();
    const char* affected = PQcmdTuples(result.value().get());
    std::int64_t count = 0;
    if (affected != nullptr && *affected != '\0') {
      std::from_chars(affected, affected + std::char_traits<char>::length(affected), count);
    }
    return count;
  }

  Status execute_script(std::string_view sql) override {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(handle_, std::string(sql).c_str()),
                                                         &PQclear);
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return postgres_error(handle_, result.get(), "execute");
    }
    return ok_status();
  }

 private:
  using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

  Result<ResultPtr> run(std::string_view sql, std::span<const Value> params) {
    auto [found, inserted] = statements_.try_emplace(std::string(sql));
    Statement& statement = found->second;
    if (inserted) {
      statement.text = to_postgres_placeholders(sql);
      // Prepared once per connection, so the server parses and plans it once
      // (an unnamed statement is planned on every call: on the event page,
      // planning took as long as running). A connection keeps at most
      // kMaxPrepared; SQL built with a varying shape beyond that runs unnamed.
      if (prepared_ < kMaxPrepared) statement.name = "moim_" + std::to_string(++prepared_);
    }
    if (!statement.name.empty() && !statement.prepared) {
      ResultPtr prepared(PQprepare(handle_, statement.name.c_str(), statement.text.c_str(),
                                   static_cast<int>(params.size()), nullptr),
                         &PQclear);
      if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
        return postgres_error(handle_, prepared.get(), "prepare");
      statement.prepared = true;
    }
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
      const Value& value = params[param_idx];
      if (const auto* number = std::get_if<std::int64_t>(&value)) {
        storage[param_idx] = std::to_string(*number);
      } else if (const auto* real_value = std::get_if<double>(&value)) {
        char buffer[64];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *real_value);
        storage[param_idx].assign(buffer, end);
      } else if (const auto* text = std::get_if<std::string>(&value)) {
        storage[param_idx] = *text;
      } else {
        continue;  // NULL
      }
      values[param_idx] = storage[param_idx].c_str();
    }
    ResultPtr result(
        statement.prepared
            ? PQexecPrepared(handle_, statement.name.c_str(), static_cast<int>(params.size()),
                             values.data(), nullptr, nullptr, 0)
            : PQexecParams(handle_, statement.text.c_str(), static_cast<int>(params.size()),
                           nullptr, values.data(), nullptr, nullptr, 0),
        &PQclear);
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return postgres_error(handle_, result.get(), "query");
    }
    return result;
  }

  struct Statement {
    std::string text;       // with $1, $2, ... placeholders
    std::string name;       // empty: run unnamed (past kMaxPrepared)
    bool prepared = false;  // PQprepare succeeded on this connection
  };
  static constexpr int kMaxPrepared = 2000;
  PGconn* handle_;
  std::unordered_map<std::string, Statement> statements_;  // by the caller's SQL text
  int prepared_ = 0;
};

Result<std::unique_ptr<Connection>> open_postgres_connection(const std::string& conninfo) {
  PGconn* handle = PQconnectdb(conninfo.c_str());
  if (PQstatus(handle) != CONNECTION_OK) {
    std::string message = PQerrorMessage(handle);
    PQfinish(handle);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Error{503, "database_unavailable", "cannot connect to PostgreSQL: " + message, {}};
  }
  auto connection = std::make_unique<PostgresConnection>(handle);
  if (auto status = connection->execute_script(
          "SET client_encoding TO 'UTF8'; SET TIME ZONE 'UTC'; SET application_name TO 'moim'");
      !status) {
    return status.error();
  }
  return std::unique_ptr<Connection>(std::move(connection));
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string conninfo, const Options& options)
      : pool_([conninfo] { return open_postgres_connection(conninfo); }, options.pool_size,
              options.acquire_timeout_ms) {}

  Result<Transaction> write() override { return begin("BEGIN"); }
  Result<Transaction> read() override { return begin("BEGIN READ ONLY"); }
  Dialect dialect() const override { return Dialect::kPostgres; }
  PoolStats stats() const override { return pool_.stats(); }

 private:
  Result<Transaction> begin(const char* begin_sql) {
    auto lease = pool_.acquire();
    if (!lease) return lease.error();
    if (auto status = lease.value()->connection().execute_script(begin_sql); !status) {
      lease.value()->discard();  // most likely a dropped connection
      return status.error();
    }
    return Transaction(std::move(lease.value()), Dialect::kPostgres);
  }

  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& conninfo,
                                                const Options& options) {
  auto database = std::make_unique<PostgresDatabase>(conninfo, options);
  // Connect once now so a wrong URL fails at start-up, not at the first request.
  if (!database->ping()) {
    auto probe = open_postgres_connection(conninfo);
    if (!probe) return probe.error();
  }
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace moim::db
