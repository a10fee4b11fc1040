#include "features/integrations/leadership.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/file.h>
#include <unistd.h>

namespace moim::automation {

namespace {

// In-memory SQLite lives in one process: nobody to compete with.
class SoleLeadership : public Leadership {
 public:
  bool try_acquire() override { return true; }
  bool still_held() override { return true; }
  void release() override {}
  std::string describe() const override { return "sole"; }
};

class FileLeadership : public Leadership {
 public:
  explicit FileLeadership(std::string path) : path_(std::move(path)) {}
  ~FileLeadership() override { release(); }
  bool try_acquire() override {
    if (fd_ >= 0) return true;
    const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return false;
    }
    fd_ = fd;
    return true;
  }
  bool still_held() override { return fd_ >= 0; }
  void release() override {
    if (fd_ >= 0) ::close(fd_);  // closing drops the flock
    fd_ = -1;
  }
  std::string describe() const override { return "file lock " + path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

class PostgresLeadership : public Leadership {
 public:
  explicit PostgresLeadership(std::string url) : url_(std::move(url)) {}
  ~PostgresLeadership() override { release(); }
  bool try_acquire() override {
    if (leading_ && still_held()) return true;
    release();
    connection_ = PQconnectdb(url_.c_str());
    if (PQstatus(connection_) != CONNECTION_OK) {
      release();
      return false;
    }
    // Keyed by schema too: deployments sharing one schema share one leader,
    // while test runs in schemas of their own do not block each other.
    const std::string sql = "SELECT pg_try_advisory_lock(" + std::to_string(kWorkerLockClass) +
                            ", hashtext(current_schema()))";
    PGresult* result = PQexec(connection_, sql.c_str());
    leading_ = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1 &&
               std::string(PQgetvalue(result, 0, 0)) == "t";
    PQclear(result);
    if (!leading_) release();
    return leading_;
  }
  bool still_held() override {
    if (!leading_ || connection_ == nullptr) return false;
    PGresult* result = PQexec(connection_, "SELECT 1");
    const bool alive = PQresultStatus(result) == PGRES_TUPLES_OK;
    PQclear(result);
    if (!alive) release();
    return alive;
  }
  void release() override {
    // Unlock explicitly: PQfinish returns before the server has ended the
    // session, so a standby asking at once could still find the lock held.
    // (A crashed leader's session ends, and its lock with it, on its own.)
    if (connection_ != nullptr && leading_) {
      PQclear(PQexec(connection_, "SELECT pg_advisory_unlock_all()"));
    }
    if (connection_ != nullptr) PQfinish(connection_);
    connection_ = nullptr;
    leading_ = false;
  }
  std::string describe() const override { return "postgres advisory lock"; }

 private:
  std::string url_;
  PGconn* connection_ = nullptr;
  bool leading_ = false;
};

}  // namespace

std::unique_ptr<Leadership> make_leadership(const std::string& database_url,
                                            const std::string& lock_file) {
  if (database_url.starts_with("postgres"))
    return std::make_unique<PostgresLeadership>(database_url);
  if (database_url == "sqlite::memory:") return std::make_unique<SoleLeadership>();
  const std::string path = lock_file.empty() ? database_url.substr(7) + ".worker-lock" : lock_file;
  return std::make_unique<FileLeadership>(path);
}

}  // namespace moim::automation
