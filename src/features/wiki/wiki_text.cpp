#include "features/wiki/wiki_text.hpp"

#include <cctype>
#include <set>

#include "platform/web/markdown.hpp"

namespace moim::wiki::text {

namespace {

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

std::string trim(std::string_view text) {
  std::size_t start = 0, end = text.size();
  while (start < end && is_space(text[start])) ++start;
  while (end > start && is_space(text[end - 1])) --end;
  return std::string(text.substr(start, end - start));
}

// A line that opens or closes a fenced code block (``` or ~~~).
bool is_fence(std::string_view line) {
  std::size_t idx = 0;
  while (idx < line.size() && idx < 3 && line[idx] == ' ') ++idx;
  return line.substr(idx, 3) == "```" || line.substr(idx, 3) == "~~~";
}

// Calls `link(start, end, inner)` for each [[inner]] outside code, where
// [start, end) is the whole "[[...]]" in `markdown`.
template <class OnLink>
void each_link(std::string_view markdown, OnLink link) {
  bool in_fence = false;
  std::size_t line_start = 0;
  while (line_start < markdown.size()) {
    std::size_t line_end = markdown.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = markdown.size();
    const std::string_view line = markdown.substr(line_start, line_end - line_start);
    if (is_fence(line)) {
      in_fence = !in_fence;
    } else if (!in_fence) {
      bool in_code = false;
      for (std::size_t idx = 0; idx < line.size(); ++idx) {
        if (line[idx] == '`') {
          in_code = !in_code;
          continue;
        }
        if (in_code || line.compare(idx, 2, "[[") != 0) continue;
        const std::size_t close = line.find("]]", idx + 2);
        if (close == std::string_view::npos) break;
        const std::string_view inner = line.substr(idx + 2, close - idx - 2);
        if (!inner.empty() && inner.find('[') == std::string_view::npos)
          link(line_start + idx, line_start + close + 2, inner);
        idx = close + 1;
      }
    }
    line_start = line_end + 1;
  }
}

// Backslash before every ASCII punctuation mark: the text shows as typed.
std::string escape_markdown(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (std::ispunct(static_cast<unsigned char>(ch))) out += '\\';
    out += ch;
  }
  return out;
}

std::string strip_tags(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (char ch : html) {
    if (ch == '<')
      in_tag = true;
    else if (ch == '>')
      in_tag = false;
    else if (!in_tag)
      out += ch;
  }
  // The renderer's entities, back to the characters (the template escapes again).
  const std::pair<std::string_view, std::string_view> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : entities) {
    for (std::size_t at = out.find(entity); at != std::string::npos; at = out.find(entity, at)) {
      out.replace(at, entity.size(), plain);
      at += plain.size();
    }
  }
  return trim(out);
}

}  // namespace

std::string fold_title(std::string_view title) {
  std::string out;
  bool space = false;
  for (char ch : trim(title)) {
    if (is_space(ch)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out;
}

std::string title_problem(std::string_view title) {
  if (trim(title).empty()) return "a title is required";
  for (char ch : title) {
    if (ch == '/' || ch == '[' || ch == ']' || ch == '|' || ch == '#' || ch == '\n' || ch == '\r')
      return "a title may not contain / [ ] | # or a line break";
  }
  return "";
}

std::vector<std::string> link_titles(std::string_view markdown) {
  std::vector<std::string> titles;
  std::set<std::string> seen;
  each_link(markdown, [&](std::size_t, std::size_t, std::string_view inner) {
    const std::string title = trim(inner.substr(0, inner.find('|')));
    if (!title.empty() && seen.insert(fold_title(title)).second) titles.push_back(title);
  });
  return titles;
}

std::string encode_title(std::string_view title) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : title) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

std::string resolve_links(std::string_view markdown, const std::string& wiki_path,
                          const FindPage& find) {
  std::string out;
  std::size_t copied = 0;
  each_link(markdown, [&](std::size_t start, std::size_t end, std::string_view inner) {
    const std::size_t bar = inner.find('|');
    const std::string title = trim(inner.substr(0, bar));
    std::string shown = bar == std::string_view::npos ? title : trim(inner.substr(bar + 1));
    if (title.empty() || !title_problem(title).empty()) return;
    if (shown.empty()) shown = title;
    const auto page = find(title);
    const std::string target = page ? wiki_path + "/" + std::to_string(*page)
                                    : wiki_path + "/new?title=" + encode_title(title);
    out.append(markdown.substr(copied, start - copied));
    out += "[" + escape_markdown(shown) + "](" + target + ")";
    copied = end;
  });
  out.append(markdown.substr(copied));
  return out;
}

Rendered render(std::string_view markdown, const std::string& wiki_path, const FindPage& find) {
  const std::string html = web::render_markdown(resolve_links(markdown, wiki_path, find));
  Rendered rendered;
  // Missing links: the renderer writes a link as <a href="...">, and raw
  // HTML in the text is escaped, so only a link to the new-page form matches.
  const std::string missing = "<a href=\"" + wiki_path + "/new?title=";
  std::string marked;
  std::size_t pos = 0;
  for (std::size_t at = html.find(missing); at != std::string::npos; at = html.find(missing, pos)) {
    marked.append(html, pos, at - pos);
    marked += "<a class=\"wiki-missing\" href=\"" + wiki_path + "/new?title=";
    pos = at + missing.size();
  }
  marked.append(html, pos, std::string::npos);
  // Headings: <h1>..<h6> as the renderer writes them get an id, in order.
  pos = 0;
  int number = 0;
  while (pos < marked.size()) {
    const std::size_t at = marked.find("<h", pos);
    if (at == std::string::npos || at + 3 >= marked.size()) {
      rendered.html.append(marked, pos, std::string::npos);
      break;
    }
    const char level = marked[at + 2];
    if (level < '1' || level > '6' || marked[at + 3] != '>') {
      rendered.html.append(marked, pos, at + 2 - pos);
      pos = at + 2;
      continue;
    }
    const std::string close = std::string("</h") + level + ">";
    const std::size_t close_at = marked.find(close, at);
    if (close_at == std::string::npos) {
      rendered.html.append(marked, pos, std::string::npos);
      break;
    }
    const std::string id = "section-" + std::to_string(++number);
    rendered.html.append(marked, pos, at - pos);
    rendered.html += std::string("<h") + level + " id=\"" + id + "\">";
    rendered.html.append(marked, at + 4, close_at - (at + 4));
    rendered.html += close;
    rendered.toc.push_back(
        {level - '0', id, strip_tags(std::string_view(marked).substr(at + 4, close_at - at - 4))});
    pos = close_at + close.size();
  }
  return rendered;
}

}  // namespace moim::wiki::text
