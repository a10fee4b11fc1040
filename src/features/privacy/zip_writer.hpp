// A ZIP archive built in memory with libzip (Debian's libzip-dev).
#pragma once

#include <string>
#include <vector>

#include "platform/base/error.hpp"

namespace moim::privacy {

struct ZipEntry {
  std::string name;  // a path inside the archive, UTF-8
  std::string bytes;
};

Result<std::string> zip_archive(const std::vector<ZipEntry>& entries);

}  // namespace moim::privacy
