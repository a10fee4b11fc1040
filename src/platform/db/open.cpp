#include "platform/db/database.hpp"
#include "platform/db/drivers.hpp"

namespace moim::db {

Result<std::unique_ptr<Database>> Database::open(const std::string& url, const Options& options) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.empty())
      return Error::invalid("database", "sqlite: needs a path, e.g. sqlite:var/moim.db");
    return open_sqlite(path, options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return open_postgres(url, options);
  }
  return Error::invalid("database",
                        "database URL must start with sqlite: or postgresql://, got '" + url + "'");
}

}  // namespace moim::db
