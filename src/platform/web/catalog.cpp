#include "platform/web/catalog.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace moim::web {

bool is_supported_language(std::string_view language) {
  for (auto known : kLanguages) {
    if (known == language) return true;
  }
  return false;
}

namespace {
Result<boost::json::object> read_catalog(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) return Error::internal("cannot read " + path.string());
  std::stringstream content;
  content << file.rdbuf();
  boost::system::error_code error;
  auto value = boost::json::parse(content.str(), error);
  if (error || !value.is_object()) return Error::internal(path.string() + " is not a JSON object");
  for (const auto& [key, text] : value.as_object()) {
    if (!text.is_string())
      return Error::internal(path.string() + ": '" + std::string(key) + "' is not a string");
  }
  return value.as_object();
}

// ko.json and en.json hold the shared strings; a room may keep its own in
// i18n/ko/<room>.json and i18n/en/<room>.json. A key defined twice is an
// error, so rooms cannot silently override each other.
Result<boost::json::object> read_language(const std::filesystem::path& i18n_dir,
                                          const std::string& language) {
  auto table = read_catalog(i18n_dir / (language + ".json"));
  if (!table) return table.error();
  const auto folder = i18n_dir / language;
  std::error_code ignored;
  if (!std::filesystem::is_directory(folder, ignored)) return table;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto room = read_catalog(file);
    if (!room) return room.error();
    for (const auto& [key, text] : room.value()) {
      if (table->contains(key))
        return Error::internal(file.string() + ": '" + std::string(key) + "' is defined twice");
      (*table)[key] = text;
    }
  }
  return table;
}
}  // namespace

Result<Catalog> Catalog::load(const std::filesystem::path& i18n_dir) {
  auto korean = read_language(i18n_dir, "ko");
  if (!korean) return korean.error();
  auto english = read_language(i18n_dir, "en");
  if (!english) return english.error();
  Catalog catalog;
  catalog.korean_ = std::move(korean.value());
  catalog.english_ = std::move(english.value());
  return catalog;
}

const boost::json::object& Catalog::strings(std::string_view language) const {
  return language == "en" ? english_ : korean_;
}

std::string Catalog::text(std::string_view language, std::string_view key) const {
  const auto& table = strings(language);
  if (auto found = table.find(key); found != table.end())
    return std::string(found->value().as_string());
  return std::string(key);
}

std::string choose_language(const std::optional<std::string>& saved,
                            std::string_view accept_language, std::string_view fallback) {
  if (saved && is_supported_language(*saved)) return *saved;
  // Accept-Language: take the first listed tag we support (q-values are
  // listed in preference order by every browser in practice).
  while (!accept_language.empty()) {
    const std::size_t comma = accept_language.find(',');
    std::string_view tag = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    tag = tag.substr(0, tag.find(';'));
    const std::string primary(tag.substr(0, tag.find('-')));
    if (is_supported_language(primary)) return primary;
  }
  return is_supported_language(fallback) ? std::string(fallback) : "ko";
}

}  // namespace moim::web
