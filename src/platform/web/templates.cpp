#include "platform/web/templates.hpp"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace moim::web {

namespace mustache = kainjow::mustache;

namespace {

template <typename Number>
mustache::data number_data(Number number) {
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits - 1, number);
  *written.ptr = '\0';
  return mustache::data{static_cast<const char*>(digits)};
}

mustache::data to_mustache(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      // operator[] moves each member in; set() would deep-copy it.
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, member] : value.as_object())
        object[std::string(key)] = to_mustache(member);
      return object;
    }
    case boost::json::kind::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& element : value.as_array()) list.push_back(to_mustache(element));
      return list;
    }
    case boost::json::kind::string: {
      // An empty string is falsy, as in most mustache implementations, so
      // {{#notice}}...{{/notice}} shows nothing when there is no notice.
      const boost::json::string& text = value.as_string();
      if (text.empty()) return mustache::data{false};
      // From the NUL-terminated buffer directly (one copy, not two), unless
      // the text itself holds a NUL.
      if (std::memchr(text.data(), '\0', text.size()) == nullptr)
        return mustache::data{text.c_str()};
      return mustache::data{std::string(text)};
    }
    case boost::json::kind::bool_:
      return mustache::data{value.as_bool()};
    case boost::json::kind::int64:
      return number_data(value.as_int64());
    case boost::json::kind::uint64:
      return number_data(value.as_uint64());
    case boost::json::kind::double_: {
      std::ostringstream text;
      text << value.as_double();
      return mustache::data{text.str()};
    }
    case boost::json::kind::null:
      return mustache::data{false};
  }
  return mustache::data{false};
}

// The same entities as kainjow's own html_escape, which appends character by
// character; this copies the runs between special characters at once. Used
// for baked translations and, as the custom escape, for every render.
std::string html_escape(std::string_view text) {
  static constexpr std::string_view kSpecial = "&<>\"'";
  std::string_view rest = text;
  std::size_t special = rest.find_first_of(kSpecial);
  if (special == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  while (special != std::string_view::npos) {
    out.append(rest.substr(0, special));
    switch (rest[special]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += "&apos;";
    }
    rest.remove_prefix(special + 1);
    special = rest.find_first_of(kSpecial);
  }
  out.append(rest);
  return out;
}

// Replaces {{t.key}} (escaped) and {{{t.key}}} (raw) with the language's text.
std::string bake_translations(const std::string& source, const Catalog& catalog,
                              std::string_view language) {
  std::string out;
  out.reserve(source.size());
  std::size_t pos = 0;
  while (pos < source.size()) {
    const std::size_t open = source.find("{{", pos);
    if (open == std::string::npos) break;
    const bool raw = source.compare(open, 3, "{{{") == 0;
    const std::size_t name_start = open + (raw ? 3 : 2);
    if (source.compare(name_start, 2, "t.") != 0) {
      out.append(source, pos, name_start - pos);
      pos = name_start;
      continue;
    }
    const std::size_t close = source.find(raw ? "}}}" : "}}", name_start);
    if (close == std::string::npos) break;
    const std::string key = source.substr(name_start + 2, close - name_start - 2);
    out.append(source, pos, open - pos);
    const std::string text = catalog.text(language, key);
    out += raw ? text : html_escape(text);
    pos = close + (raw ? 3 : 2);
  }
  out.append(source, pos, std::string::npos);
  return out;
}

}  // namespace

struct Templates::Impl {
  std::map<std::string, std::string, std::less<>> sources;
  // name + "|" + language -> source with translations baked in
  std::map<std::string, std::string, std::less<>> baked;
  // kainjow's renderer writes to its error string while rendering, so each
  // thread keeps its own parsed copies (made once per thread and template).
  std::uint64_t generation = 0;
};

namespace {
std::atomic<std::uint64_t> next_generation{1};
}

Result<std::shared_ptr<Templates>> Templates::load(const std::filesystem::path& dir,
                                                   const Catalog& catalog) {
  auto templates = std::shared_ptr<Templates>(new Templates());
  templates->impl_ = std::make_unique<Impl>();
  templates->impl_->generation = next_generation++;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error))
    return Error::internal("no template directory " + dir.string());
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    std::ifstream file(entry.path());
    std::stringstream content;
    content << file.rdbuf();
    std::string name =
        std::filesystem::relative(entry.path(), dir).replace_extension().generic_string();
    mustache::mustache parsed{content.str()};
    if (!parsed.is_valid()) {
      return Error::internal("template " + name + ": " + parsed.error_message());
    }
    for (auto language : kLanguages) {
      templates->impl_->baked.emplace(name + "|" + std::string(language),
                                      bake_translations(content.str(), catalog, language));
    }
    templates->impl_->sources.emplace(std::move(name), content.str());
  }
  return templates;
}

Templates::~Templates() = default;

bool Templates::has(std::string_view name) const {
  return impl_->sources.find(name) != impl_->sources.end();
}

std::vector<std::string> Templates::names() const {
  std::vector<std::string> names;
  for (const auto& [name, source] : impl_->sources) names.push_back(name);
  return names;
}

const std::string& Templates::source(std::string_view name) const {
  auto found = impl_->sources.find(name);
  if (found == impl_->sources.end())
    throw std::logic_error("unknown template " + std::string(name));
  return found->second;
}

std::string Templates::render(std::string_view name, std::string_view language,
                              const boost::json::value& data) const {
  thread_local std::map<std::pair<std::uint64_t, std::string>, mustache::mustache> parsed;
  std::string baked_name =
      std::string(name) + "|" + std::string(is_supported_language(language) ? language : "ko");
  auto key = std::make_pair(impl_->generation, baked_name);
  auto found = parsed.find(key);
  if (found == parsed.end()) {
    auto baked = impl_->baked.find(baked_name);
    if (baked == impl_->baked.end())
      throw std::logic_error("unknown template " + std::string(name));
    found = parsed.emplace(key, mustache::mustache{baked->second}).first;
    found->second.set_custom_escape([](const std::string& text) { return html_escape(text); });
  }
  // Appending to one string skips the ostringstream render(data) builds.
  std::string out;
  out.reserve(4096);
  found->second.render(to_mustache(data), [&out](const std::string& text) { out += text; });
  return out;
}

}  // namespace moim::web
