#include "platform/web/templates.hpp"

#include "platform/web/json_mustache.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace moim::web {

namespace {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  append_html_escaped(out, text);
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
  // name + "|" + language -> the parsed baked source, shared by every thread
  std::map<std::string, JsonTemplate, std::less<>> parsed;
};

namespace {}

Result<std::shared_ptr<Templates>> Templates::load(const std::filesystem::path& dir,
                                                   const Catalog& catalog) {
  auto templates = std::shared_ptr<Templates>(new Templates());
  templates->impl_ = std::make_unique<Impl>();
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
    for (auto language : kLanguages) {
      std::string baked = bake_translations(content.str(), catalog, language);
      auto parsed = JsonTemplate::parse(baked);
      if (!parsed) return Error::internal("template " + name + ": " + parsed.error().message);
      templates->impl_->parsed.emplace(name + "|" + std::string(language),
                                       std::move(parsed.value()));
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
  std::string key(name);
  key += '|';
  key += is_supported_language(language) ? language : "ko";
  auto found = impl_->parsed.find(key);
  if (found == impl_->parsed.end()) throw std::logic_error("unknown template " + std::string(name));
  std::string out;
  out.reserve(8192);
  found->second.render(data, out);
  return out;
}

}  // namespace moim::web
