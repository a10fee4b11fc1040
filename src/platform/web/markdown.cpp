#include "platform/web/markdown.hpp"

#include <md4c-html.h>

#include <cctype>
#include <string>
#include <unordered_map>

namespace moim::web {

namespace {

void append_output(const MD_CHAR* text, MD_SIZE size, void* userdata) {
  static_cast<std::string*>(userdata)->append(text, size);
}

bool starts_with_lower(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t idx = 0; idx < prefix.size(); ++idx) {
    if (std::tolower(static_cast<unsigned char>(text[idx])) != prefix[idx]) return false;
  }
  return true;
}

// An address is safe when it has an allowed scheme, or no scheme at all
// (a ':' before any '/', '?' or '#' means a scheme).
bool safe_url(std::string_view url) {
  if (starts_with_lower(url, "http://") || starts_with_lower(url, "https://") ||
      starts_with_lower(url, "mailto:")) {
    return true;
  }
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos) return true;
  const std::size_t delimiter = url.find_first_of("/?#");
  return delimiter != std::string_view::npos && delimiter < colon;
}

// md4c writes every URL as href="..." or src="..." with '"' escaped, so the
// attribute values can be found reliably in its output.
std::string neutralize_urls(const std::string& html) {
  std::string out;
  out.reserve(html.size());
  std::size_t pos = 0;
  while (pos < html.size()) {
    std::size_t href = html.find(" href=\"", pos);
    std::size_t src = html.find(" src=\"", pos);
    std::size_t at = std::min(href, src);
    if (at == std::string::npos) {
      out.append(html, pos, std::string::npos);
      break;
    }
    const std::size_t value_start = html.find('"', at) + 1;
    const std::size_t value_end = html.find('"', value_start);
    if (value_end == std::string::npos) {
      out.append(html, pos, std::string::npos);
      break;
    }
    out.append(html, pos, value_start - pos);
    std::string_view value(html.data() + value_start, value_end - value_start);
    // Entities could spell a scheme in disguise ("&#106;avascript:"): refuse those too.
    if (safe_url(value) && value.find('&') == std::string_view::npos) {
      out.append(value);
    } else if (safe_url(value)) {
      // '&' is how md4c writes '&amp;' in query strings; keep it when no
      // scheme hides behind an entity.
      std::string decoded(value);
      out.append(decoded.find("&#") == std::string::npos ? decoded : "#");
    } else {
      out.append("#");
    }
    pos = value_end;
  }
  return out;
}

std::string render_uncached(std::string_view markdown) {
  std::string html;
  const unsigned parser_flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;
  md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), append_output, &html,
          parser_flags, 0);
  return neutralize_urls(html);
}

}  // namespace

std::string render_markdown(std::string_view markdown) {
  // The same descriptions are rendered on every view of a catalog or an
  // event (a seventh of the project list's time went to md4c): each thread
  // keeps the HTML of the texts it rendered last. Keyed by the whole text,
  // so an edit is simply another key; the map is emptied when it fills.
  constexpr std::size_t kCachedTexts = 256;
  constexpr std::size_t kLongestCached = 16 * 1024;
  if (markdown.size() > kLongestCached) return render_uncached(markdown);
  thread_local std::unordered_map<std::string, std::string> rendered;
  if (auto found = rendered.find(std::string(markdown)); found != rendered.end())
    return found->second;
  if (rendered.size() >= kCachedTexts) rendered.clear();
  return rendered.emplace(std::string(markdown), render_uncached(markdown)).first->second;
}

}  // namespace moim::web
