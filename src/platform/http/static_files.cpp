#include "platform/http/static_files.hpp"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <system_error>

#include "platform/log/log.hpp"

namespace moim::http {

namespace fs = std::filesystem;

namespace {

// FNV-1a: a validator only has to change when the bytes change.
std::string content_etag(std::string_view content) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : content) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string etag = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) etag += kHex[(hash >> shift) & 15];
  etag += '-';
  etag += std::to_string(content.size());
  etag += '"';
  return etag;
}

bool inside(const fs::path& canonical_root, const fs::path& canonical_path) {
  auto root_it = canonical_root.begin();
  auto path_it = canonical_path.begin();
  for (; root_it != canonical_root.end(); ++root_it, ++path_it) {
    if (path_it == canonical_path.end() || *root_it != *path_it) return false;
  }
  return path_it != canonical_path.end();
}

// Only names made of ordinary characters are served: what a URL can name
// without ambiguity.
bool servable_name(std::string_view relative) {
  if (relative.empty() || relative.size() > 512) return false;
  for (unsigned char ch : relative) {
    if (ch < 0x20 || ch == 0x7f || ch == '\\' || ch == '%' || ch == '?' || ch == '#') return false;
  }
  return true;
}

}  // namespace

std::string content_type_for_extension(std::string_view extension) {
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".jpg" || extension == ".jpeg") return "image/jpeg";
  if (extension == ".webp") return "image/webp";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".json") return "application/json";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles StaticFiles::index(const fs::path& root, StaticFileLimits limits) {
  StaticFiles files;
  std::error_code error;
  const fs::path canonical_root = fs::canonical(root, error);
  if (error) {
    log::warn("static_root_missing", {{"root", root.string()}, {"what", error.message()}});
    return files;
  }
  std::size_t total_bytes = 0;
  fs::recursive_directory_iterator walk(canonical_root, fs::directory_options::none, error);
  for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
    const fs::directory_entry& entry = *walk;
    std::error_code entry_error;
    // A link is indexed only when what it points to is a file inside the root.
    const fs::path target = fs::canonical(entry.path(), entry_error);
    if (entry_error || !inside(canonical_root, target)) {
      if (entry.is_symlink(entry_error)) {
        log::warn("static_link_outside_root", {{"path", entry.path().string()}});
      }
      continue;
    }
    if (!fs::is_regular_file(target, entry_error)) continue;
    const std::string relative = entry.path().lexically_relative(canonical_root).generic_string();
    if (!servable_name(relative) || relative.starts_with("..")) continue;
    const auto bytes = fs::file_size(target, entry_error);
    if (entry_error || bytes > limits.max_file_bytes ||
        total_bytes + bytes > limits.max_total_bytes || files.files_.size() >= limits.max_files) {
      log::warn("static_file_left_out",
                {{"path", relative}, {"bytes", static_cast<std::int64_t>(bytes)}});
      continue;
    }
    std::ifstream in(target, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) continue;
    total_bytes += content.size();
    auto file = std::make_shared<StaticFile>();
    file->content_type = content_type_for_extension(target.extension().string());
    file->etag = content_etag(content);
    file->content = std::move(content);
    files.files_.emplace(relative, std::move(file));
  }
  return files;
}

const StaticFile* StaticFiles::find(std::string_view relative) const {
  auto found = files_.find(std::string(relative));
  return found == files_.end() ? nullptr : found->second.get();
}

}  // namespace moim::http
