// A mustache template rendered straight from Boost.JSON values. The pages'
// view data is JSON; converting it to another library's data tree on every
// render (kainjow's, which copies every string and list) was a fifth of a
// page's time. This renderer reads the JSON in place.
//
// It keeps kainjow's behaviour exactly (templates_test renders every real
// template with both on random data and compares the bytes):
// - {{name}} writes a string or a number HTML-escaped, {{{name}}} and
//   {{& name}} unescaped; booleans, null, objects and arrays write nothing.
// - {{#name}} renders its body for each element of a non-empty array, once
//   for any other value except false, null and the empty string; {{^name}}
//   renders when the name is missing, false, null, "" or an empty array.
// - A dotted name a.b.c is looked up whole in each context from the
//   innermost out; {{.}} is the innermost context.
// - A line holding only whitespace and section tags that were rendered is
//   left out, with its line break.
// Partials, lambdas and set-delimiter tags are not supported (no template
// uses them); {{! comments}} are.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "platform/base/error.hpp"

namespace moim::web {

// Appends text with & < > " ' written as entities (the same entities as
// kainjow's escape, copying the runs between them at once).
void append_html_escaped(std::string& out, std::string_view text);

class JsonTemplate {
 public:
  static Result<JsonTemplate> parse(std::string_view source);
  // Appends the rendering to out; escape is used for {{name}}.
  void render(const boost::json::value& data, std::string& out) const;

  struct Node {
    enum class Kind { kText, kNewline, kVariable, kRaw, kSection, kInverted };
    Kind kind = Kind::kText;
    std::string text;               // kText/kNewline: the text; tags: the name
    std::vector<std::string> path;  // tags: the name split at '.'; empty for {{.}}
    std::vector<Node> children;     // sections
  };

 private:
  std::vector<Node> nodes_;
};

}  // namespace moim::web
