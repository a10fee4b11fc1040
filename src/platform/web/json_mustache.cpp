#include "platform/web/json_mustache.hpp"

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <cctype>
#include <charconv>
#include <sstream>

namespace moim::web {

namespace {

using Node = JsonTemplate::Node;

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

std::vector<std::string> split_name(std::string_view name) {
  std::vector<std::string> path;
  if (name == ".") return path;
  for (;;) {
    const std::size_t dot = name.find('.');
    path.emplace_back(name.substr(0, dot));
    if (dot == std::string_view::npos) return path;
    name.remove_prefix(dot + 1);
  }
}

class Renderer {
 public:
  explicit Renderer(std::string& out) : out_(out), line_start_(out.size()) {}

  void render(const std::vector<Node>& nodes) {
    for (const Node& node : nodes) render(node);
  }

  // The end of the template ends its last line (without a line break).
  void finish() { end_line({}); }

  void push(const boost::json::value* context) { stack_.push_back(context); }

 private:
  void render(const Node& node) {
    switch (node.kind) {
      case Node::Kind::kText:
        out_ += node.text;
        return;
      case Node::Kind::kNewline:
        end_line(node.text);
        return;
      case Node::Kind::kVariable:
      case Node::Kind::kRaw:
        if (const auto* value = find(node.path)) write(*value, node.kind == Node::Kind::kVariable);
        return;
      case Node::Kind::kSection: {
        const auto* value = find(node.path);
        if (value == nullptr || falsy(*value)) return;
        if (value->is_array()) {
          for (const auto& element : value->get_array()) section(node, &element);
        } else {
          section(node, value);
        }
        return;
      }
      case Node::Kind::kInverted: {
        const auto* value = find(node.path);
        if (value == nullptr || falsy(*value)) section(node, value);
        return;
      }
    }
  }

  void section(const Node& node, const boost::json::value* context) {
    section_tag_ = true;  // the opening tag
    if (context != nullptr) stack_.push_back(context);
    render(node.children);
    if (context != nullptr) stack_.pop_back();
    section_tag_ = true;  // the closing tag
  }

  // A line with section tags and nothing else but spaces is left out.
  void end_line(std::string_view line_break) {
    bool blank = section_tag_;
    for (std::size_t idx = line_start_; blank && idx < out_.size(); ++idx)
      blank = out_[idx] == ' ' || out_[idx] == '\t';
    if (blank) {
      out_.resize(line_start_);
    } else {
      out_ += line_break;
    }
    line_start_ = out_.size();
    section_tag_ = false;
  }

  static bool falsy(const boost::json::value& value) {
    switch (value.kind()) {
      case boost::json::kind::null:
        return true;
      case boost::json::kind::bool_:
        return !value.get_bool();
      case boost::json::kind::string:
        return value.get_string().empty();
      case boost::json::kind::array:
        return value.get_array().empty();
      default:
        return false;
    }
  }

  // The whole path in the innermost context that has it.
  const boost::json::value* find(const std::vector<std::string>& path) const {
    if (stack_.empty()) return nullptr;
    if (path.empty()) return stack_.back();
    for (auto context = stack_.rbegin(); context != stack_.rend(); ++context) {
      const boost::json::value* value = *context;
      for (const auto& part : path) {
        const auto* object = value->if_object();
        value = object != nullptr ? object->if_contains(part) : nullptr;
        if (value == nullptr) break;
      }
      if (value != nullptr) return value;
    }
    return nullptr;
  }

  void write(const boost::json::value& value, bool escaped) {
    char digits[24];
    switch (value.kind()) {
      case boost::json::kind::string: {
        const auto& text = value.get_string();
        // kainjow's string data stops at a NUL only when built from a C
        // string; ours keeps the whole text, as its std::string form did.
        if (escaped) {
          append_html_escaped(out_, std::string_view(text.data(), text.size()));
        } else {
          out_.append(text.data(), text.size());
        }
        return;
      }
      case boost::json::kind::int64: {
        const auto written = std::to_chars(digits, digits + sizeof digits, value.get_int64());
        out_.append(digits, written.ptr);
        return;
      }
      case boost::json::kind::uint64: {
        const auto written = std::to_chars(digits, digits + sizeof digits, value.get_uint64());
        out_.append(digits, written.ptr);
        return;
      }
      case boost::json::kind::double_: {
        std::ostringstream text;
        text << value.get_double();
        if (escaped) {
          append_html_escaped(out_, text.str());
        } else {
          out_ += text.str();
        }
        return;
      }
      default:
        return;  // booleans, null, objects and arrays write nothing
    }
  }

  std::string& out_;
  std::size_t line_start_;
  bool section_tag_ = false;
  std::vector<const boost::json::value*> stack_;
};

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  // A table lookup per byte: string_view::find_first_of with a five-byte set
  // searched the set once per byte of the text (8% of the catalog page).
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> special{};
    for (unsigned char byte : std::string_view("&<>\"'")) special[byte] = true;
    return special;
  }();
  out.reserve(out.size() + text.size());
  std::size_t run = 0;  // start of the bytes not yet written
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (!kSpecial[byte]) continue;
    out.append(text.data() + run, at - run);
    switch (byte) {
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
    run = at + 1;
  }
  out.append(text.data() + run, text.size() - run);
}

Result<JsonTemplate> JsonTemplate::parse(std::string_view source) {
  JsonTemplate parsed;
  std::vector<Node*> open{nullptr};  // the sections being filled; null is the top level
  auto children = [&]() -> std::vector<Node>& {
    return open.back() == nullptr ? parsed.nodes_ : open.back()->children;
  };
  auto add_text = [&](std::string_view text) {
    auto& list = children();
    if (!list.empty() && list.back().kind == Node::Kind::kText) {
      list.back().text.append(text);
    } else {
      list.push_back({.kind = Node::Kind::kText, .text = std::string(text)});
    }
  };
  std::size_t pos = 0;
  while (pos < source.size()) {
    const std::size_t next = source.find_first_of("{\r\n", pos);
    if (next == std::string_view::npos) {
      add_text(source.substr(pos));
      break;
    }
    if (next > pos) add_text(source.substr(pos, next - pos));
    pos = next;
    if (source[pos] == '\r' || source[pos] == '\n') {
      const std::size_t length = source.compare(pos, 2, "\r\n") == 0 ? 2 : 1;
      children().push_back(
          {.kind = Node::Kind::kNewline, .text = std::string(source.substr(pos, length))});
      pos += length;
      continue;
    }
    if (source.compare(pos, 2, "{{") != 0) {
      add_text("{");
      ++pos;
      continue;
    }
    const bool triple = pos + 2 < source.size() && source[pos + 2] == '{';
    const std::size_t contents_start = pos + (triple ? 3 : 2);
    const std::size_t close = source.find(triple ? "}}}" : "}}", contents_start);
    if (close == std::string_view::npos)
      return Error::internal("unclosed tag at " + std::to_string(pos));
    const std::string_view contents = trim(source.substr(contents_start, close - contents_start));
    pos = close + (triple ? 3 : 2);
    Node node;
    char sigil = contents.empty() ? '\0' : contents.front();
    if (triple) sigil = '{';
    std::string_view name = contents;
    if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '&' || sigil == '!' ||
        sigil == '>' || sigil == '=')
      name = trim(contents.substr(1));
    switch (sigil) {
      case '!':
        continue;
      case '>':
      case '=':
        return Error::internal("partials and delimiter changes are not supported (at " +
                               std::to_string(close) + ")");
      case '/': {
        if (open.back() == nullptr || open.back()->text != name)
          return Error::internal(
              "section end \"" + std::string(name) + "\" does not close " +
              (open.back() == nullptr ? std::string("anything") : "\"" + open.back()->text + "\""));
        open.pop_back();
        continue;
      }
      case '#':
      case '^':
        node.kind = sigil == '#' ? Node::Kind::kSection : Node::Kind::kInverted;
        break;
      case '{':
      case '&':
        node.kind = Node::Kind::kRaw;
        break;
      default:
        node.kind = Node::Kind::kVariable;
    }
    node.text = std::string(name);
    node.path = split_name(name);
    auto& list = children();
    list.push_back(std::move(node));
    if (list.back().kind == Node::Kind::kSection || list.back().kind == Node::Kind::kInverted)
      open.push_back(&list.back());
  }
  if (open.back() != nullptr)
    return Error::internal("section \"" + open.back()->text + "\" is not closed");
  return parsed;
}

void JsonTemplate::render(const boost::json::value& data, std::string& out) const {
  Renderer renderer(out);
  renderer.push(&data);
  renderer.render(nodes_);
  renderer.finish();
}

}  // namespace moim::web
