// A stamp that changes with every commit to the database, by any
// connection of any process, and that is read without a transaction.
//
// On SQLite in WAL mode it is the WAL-index header at the start of the -shm
// file, whose layout SQLite documents (sqlite.org/walformat.html, "the
// WAL-index header"): every commit rewrites it (mxFrame, the salts,
// iChange). SQLite writes its second copy first, then the first; reading
// the first, then the second, and finding them equal gives a header no
// commit was halfway through. A value read while the stamp was S is still
// current while the stamp is S.
//
// PostgreSQL and in-memory SQLite have no such stamp: change_stamp() is null
// there, and callers read the database as always.
#pragma once

#include <array>
#include <memory>
#include <optional>

namespace moim::db {

class Database;

using Stamp = std::array<unsigned char, 48>;

class ChangeStamp {
 public:
  virtual ~ChangeStamp() = default;
  // The current stamp, or nothing while a commit is rewriting it.
  virtual std::optional<Stamp> read() const = 0;
};

// The stamp of `database`, or null where there is none.
std::unique_ptr<ChangeStamp> change_stamp(Database& database);

}  // namespace moim::db
