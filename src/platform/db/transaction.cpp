#include <atomic>
#include <utility>

#include "platform/base/request_scope.hpp"
#include "platform/db/database.hpp"
#include "platform/db/pool.hpp"
#include "platform/db/statement_observer.hpp"

namespace moim::db {

namespace {

// set_statement_observer: the flag is what every statement reads; the
// function behind it only changes while nothing runs (see the header).
std::atomic<bool> observing{false};
StatementObserver& observer() {
  static StatementObserver instance;
  return instance;
}

void observe(std::string_view sql) {
  if (observing.load(std::memory_order_relaxed)) observer()(sql);
}

}  // namespace

void set_statement_observer(StatementObserver observer_function) {
  observing.store(false);
  observer() = std::move(observer_function);
  observing.store(static_cast<bool>(observer()));
}

Transaction::Transaction(std::unique_ptr<ConnectionLease> lease, Dialect dialect)
    : lease_(std::move(lease)), dialect_(dialect) {}

Transaction::Transaction(Transaction&& other) noexcept
    : lease_(std::move(other.lease_)),
      dialect_(other.dialect_),
      finished_(other.finished_),
      after_commit_(std::move(other.after_commit_)) {
  other.finished_ = true;
}

Transaction::~Transaction() {
  if (finished_ || lease_ == nullptr) return;
  auto rolled_back = lease_->connection().execute_script("ROLLBACK");
  if (!rolled_back.ok()) lease_->discard();
}

Result<Rows> Transaction::query(std::string_view sql, std::initializer_list<Value> params) {
  observe(sql);
  return lease_->connection().query(sql, std::span<const Value>(params.begin(), params.size()));
}

Result<Rows> Transaction::query(std::string_view sql, const std::vector<Value>& params) {
  observe(sql);
  return lease_->connection().query(sql, std::span<const Value>(params));
}

Result<std::optional<Row>> Transaction::query_one(std::string_view sql,
                                                  std::initializer_list<Value> params) {
  auto rows = query(sql, params);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Row>{};
  return std::optional<Row>{std::move(rows->front())};
}

Result<std::int64_t> Transaction::execute(std::string_view sql,
                                          std::initializer_list<Value> params) {
  observe(sql);
  return lease_->connection().execute(sql, std::span<const Value>(params.begin(), params.size()));
}

Result<std::int64_t> Transaction::execute(std::string_view sql, const std::vector<Value>& params) {
  observe(sql);
  return lease_->connection().execute(sql, std::span<const Value>(params));
}

Status Transaction::execute_script(std::string_view sql) {
  return lease_->connection().execute_script(sql);
}

Status Transaction::commit() {
  auto committed = lease_->connection().execute_script("COMMIT");
  finished_ = true;
  // Reads kept for the request in progress may predate this write (reads
  // never commit: they roll back when they end).
  request_scope::forget();
  if (!committed) {
    // COMMIT failed: make sure the connection is clean before reuse.
    if (!lease_->connection().execute_script("ROLLBACK").ok()) lease_->discard();
    after_commit_.clear();
    return committed;
  }
  // Taken out first: an action may not run twice, whatever it does.
  auto actions = std::move(after_commit_);
  after_commit_.clear();
  for (auto& action : actions) action();
  return committed;
}

void Transaction::after_commit(std::function<void()> action) {
  after_commit_.push_back(std::move(action));
}

bool Database::ping() {
  auto transaction = read();
  if (!transaction) return false;
  return transaction->query("SELECT 1").ok();
}

}  // namespace moim::db
