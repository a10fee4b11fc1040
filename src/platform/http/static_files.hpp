// The files under /static/, indexed once at start-up. A request names an
// entry of the index or gets a 404: no request path is ever joined to the
// file system, so no spelling of a path (`//etc/passwd`, `%2f`, `..%2f`,
// double encoding, backslashes) can reach a file outside the static root,
// and a symbolic link planted in the root that points outside it is never
// indexed. Contents are read once; a request copies bytes from memory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace moim::http {

struct StaticFile {
  std::string content;
  std::string content_type;
  std::string etag;  // a strong validator computed from the content
};

struct StaticFileLimits {
  std::size_t max_file_bytes = 4 * 1024 * 1024;
  std::size_t max_total_bytes = 64 * 1024 * 1024;
  std::size_t max_files = 10'000;
};

class StaticFiles {
 public:
  StaticFiles() = default;
  // Indexes every regular file below root, following links only while they
  // stay inside root. Files over the limits are left out (and logged).
  static StaticFiles index(const std::filesystem::path& root, StaticFileLimits limits = {});

  // `relative` is the decoded request path after "/static/", e.g. "moim.css".
  const StaticFile* find(std::string_view relative) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::unordered_map<std::string, std::shared_ptr<const StaticFile>> files_;
};

std::string content_type_for_extension(std::string_view extension);

}  // namespace moim::http
