// A wiki page's text, pure and without I/O: titles and how links find them,
// internal links by title ([[온보딩 가이드]]) turned into markdown links
// before the sanitizing renderer (platform/web/markdown.hpp) sees the text,
// and the table of contents read from the rendered headings.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moim::wiki::text {

// The key a title is found by: trimmed, ASCII letters in lower case (Korean
// has no case), inner runs of spaces as one.
std::string fold_title(std::string_view title);

// Why a title cannot be a page's title, or empty: a title is a link's text
// and a path segment, so it has no '/', '[', ']', '|', '#' or line break.
std::string title_problem(std::string_view title);

// The titles of [[...]] links in the text, in order of first appearance,
// each once (by folded title); fenced code and `code spans` are left alone.
std::vector<std::string> link_titles(std::string_view markdown);

// Where a title leads: the page's id, or nothing when no page has it.
using FindPage = std::function<std::optional<std::int64_t>(const std::string& title)>;

// The text with each [[Title]] (or [[Title|shown text]]) written as a
// markdown link: to `wiki_path`/<id> when the page exists, else to
// `wiki_path`/new?title=<title> (rendered later with class="wiki-missing").
std::string resolve_links(std::string_view markdown, const std::string& wiki_path,
                          const FindPage& find);

struct Heading {
  int level = 1;
  std::string id;    // "section-1", "section-2", ... in order
  std::string text;  // the heading's words, without markup
};

struct Rendered {
  std::string html;  // sanitized; headings carry their ids
  std::vector<Heading> toc;
};

// The page's HTML: links resolved, rendered by the sanitizing renderer,
// missing links marked, each heading given an id for the table of contents.
Rendered render(std::string_view markdown, const std::string& wiki_path, const FindPage& find);

// Percent-encodes a title for a path or query ("온보딩 가이드" → "%EC%98%A8...%20...").
std::string encode_title(std::string_view title);

}  // namespace moim::wiki::text
