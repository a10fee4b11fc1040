#include "platform/testing/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "platform/db/migrations.hpp"

namespace moim::testing {

namespace {
std::string postgres_url() {
  const char* url = std::getenv("MOIM_TEST_POSTGRES_URL");
  return url ? url : "";
}
}  // namespace

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::to_string(getpid()) + "_" + std::to_string(ticks % 1000000007) + "_" +
         std::to_string(counter++);
}

std::vector<DatabaseKind> database_kinds() {
  std::vector<DatabaseKind> kinds{{"sqlite"}};
  const char* required = std::getenv("MOIM_TEST_REQUIRE_POSTGRES");
  if (!postgres_url().empty()) {
    kinds.push_back({"postgres"});
  } else if (required != nullptr && std::string(required) == "1") {
    throw std::runtime_error("MOIM_TEST_REQUIRE_POSTGRES=1 but MOIM_TEST_POSTGRES_URL is not set");
  }
  return kinds;
}

TestDatabase::TestDatabase(const std::string& kind, bool migrate) : kind_(kind) {
  if (kind == "sqlite") {
    cleanup_ = (std::filesystem::temp_directory_path() / ("moim_test_" + unique_suffix() + ".db"))
                   .string();
    url_ = "sqlite:" + cleanup_;
  } else {
    const std::string admin_url = postgres_url();
    cleanup_ = "test_" + unique_suffix();
    auto admin = db::Database::open(admin_url, {.pool_size = 1});
    if (!admin) throw std::runtime_error(admin.error().message);
    auto transaction = admin.value()->write();
    if (!transaction || !transaction->execute_script("CREATE SCHEMA " + cleanup_) ||
        !transaction->commit()) {
      throw std::runtime_error("cannot create schema " + cleanup_);
    }
    url_ = admin_url + (admin_url.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + cleanup_;
  }
  auto opened = db::Database::open(url_, {.pool_size = 4});
  if (!opened) throw std::runtime_error("cannot open test database: " + opened.error().message);
  database_ = std::move(opened.value());
  if (migrate) {
    auto applied = db::migrate(*database_);
    if (!applied) throw std::runtime_error("migration failed: " + applied.error().message);
  }
}

TestDatabase::~TestDatabase() {
  database_.reset();
  if (kind_ == "sqlite") {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(cleanup_ + suffix, ignored);
    return;
  }
  auto admin = db::Database::open(postgres_url(), {.pool_size = 1});
  if (!admin) return;
  auto transaction = admin.value()->write();
  if (!transaction) return;
  if (transaction->execute_script("DROP SCHEMA " + cleanup_ + " CASCADE"))
    (void)transaction->commit();
}

}  // namespace moim::testing
