#include "features/search/results.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "platform/web/form_refill.hpp"

namespace moim::search {

namespace {

bool continuation(char ch) { return (static_cast<unsigned char>(ch) & 0xC0) == 0x80; }

// ASCII-lowered copy: the same byte length, so positions carry over.
std::string folded(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string collapsed_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char ch : text) {
    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

// Moves `pos` back (or forward) by `chars` characters, within `text`.
std::size_t back_chars(std::string_view text, std::size_t pos, std::size_t chars) {
  while (pos > 0 && chars > 0) {
    --pos;
    while (pos > 0 && continuation(text[pos])) --pos;
    --chars;
  }
  return pos;
}
std::size_t forward_chars(std::string_view text, std::size_t pos, std::size_t chars) {
  while (pos < text.size() && chars > 0) {
    ++pos;
    while (pos < text.size() && continuation(text[pos])) ++pos;
    --chars;
  }
  return pos;
}

std::string mark_all(std::string_view text, std::string_view query) {
  std::string html;
  const std::string haystack = folded(text);
  const std::string needle = folded(query);
  std::size_t from = 0;
  while (!needle.empty()) {
    const std::size_t at = haystack.find(needle, from);
    if (at == std::string::npos) break;
    html += web::escape_html(text.substr(from, at - from));
    html += "<mark>" + web::escape_html(text.substr(at, needle.size())) + "</mark>";
    from = at + needle.size();
  }
  return html + web::escape_html(text.substr(from));
}

}  // namespace

std::vector<SearchHit> merge_hits(std::vector<std::vector<SearchHit>> per_source, std::size_t skip,
                                  std::size_t count) {
  std::vector<SearchHit> all;
  for (auto& hits : per_source)
    for (auto& hit : hits) all.push_back(std::move(hit));
  std::sort(all.begin(), all.end(), [](const SearchHit& a, const SearchHit& b) {
    return std::tie(b.score, b.time, a.kind, b.id) < std::tie(a.score, a.time, b.kind, a.id);
  });
  if (skip >= all.size()) return {};
  const std::size_t end = std::min(all.size(), skip + count);
  return {std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(skip)),
          std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(end))};
}

std::string snippet_html(std::string_view raw, std::string_view query, std::size_t width) {
  const std::string text = collapsed_whitespace(raw);
  const std::string needle = folded(query);
  std::size_t at = needle.empty() ? std::string::npos : folded(text).find(needle);
  if (at == std::string::npos) at = 0;
  // A little before the match, so it reads in context.
  const std::size_t start = back_chars(text, at, width / 4);
  const std::size_t end = forward_chars(text, start, width);
  std::string html = start > 0 ? "…" : "";
  html += mark_all(std::string_view(text).substr(start, end - start), query);
  if (end < text.size()) html += "…";
  return html;
}

std::string marked_html(std::string_view text, std::string_view query) {
  return mark_all(text, query);
}

}  // namespace moim::search
