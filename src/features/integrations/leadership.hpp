// Exactly one worker delivers at a time. On PostgreSQL the leader holds a
// session-level advisory lock on a connection of its own: if the process
// dies, the server drops the connection and the lock, and a standby that
// tries every poll interval takes over within seconds. On SQLite (one
// machine) the leader holds an flock on a file beside the database.
#pragma once

#include <memory>
#include <string>

namespace moim::automation {

class Leadership {
 public:
  virtual ~Leadership() = default;
  // True when this process now leads (or already did).
  virtual bool try_acquire() = 0;
  // Called every poll while leading: false when the lock was lost (the
  // dedicated connection broke), after which try_acquire starts over.
  virtual bool still_held() = 0;
  virtual void release() = 0;
  virtual std::string describe() const = 0;
};

// database_url as in Database::open; lock_file overrides the SQLite lock path.
std::unique_ptr<Leadership> make_leadership(const std::string& database_url,
                                            const std::string& lock_file);

// The advisory lock's first key ("outb" in ASCII); the second is the schema.
inline constexpr int kWorkerLockClass = 0x6f757462;

}  // namespace moim::automation
