// JsonTemplate must render exactly what kainjow's mustache rendered before it
// (whitespace included): every real template, in random shapes of data, is
// rendered by both and the bytes compared. kainjow stays only here, as the
// reference.
#include "platform/web/json_mustache.hpp"

#include <gtest/gtest.h>
#include <kainjow/mustache.hpp>

#include <boost/json/serialize.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace moim::web {
namespace {

namespace mustache = kainjow::mustache;
using Node = JsonTemplate::Node;

// The conversion the pages used before JsonTemplate (templates.cpp until
// 2026-12): strings and numbers become strings, "" and null become false.
mustache::data to_kainjow(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, member] : value.get_object())
        object[std::string(key)] = to_kainjow(member);
      return object;
    }
    case boost::json::kind::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& element : value.get_array()) list.push_back(to_kainjow(element));
      return list;
    }
    case boost::json::kind::string:
      if (value.get_string().empty()) return mustache::data{false};
      return mustache::data{std::string(value.get_string())};
    case boost::json::kind::bool_:
      return mustache::data{value.get_bool()};
    case boost::json::kind::int64:
      return mustache::data{std::to_string(value.get_int64())};
    case boost::json::kind::uint64:
      return mustache::data{std::to_string(value.get_uint64())};
    case boost::json::kind::double_: {
      std::ostringstream text;
      text << value.get_double();
      return mustache::data{text.str()};
    }
    case boost::json::kind::null:
      return mustache::data{false};
  }
  return mustache::data{false};
}

std::string escape(const std::string& text) {
  std::string out;
  append_html_escaped(out, text);
  return out;
}

std::string with_kainjow(const std::string& source, const boost::json::value& data) {
  mustache::mustache parsed{source};
  EXPECT_TRUE(parsed.is_valid()) << parsed.error_message();
  parsed.set_custom_escape(escape);
  std::string out;
  parsed.render(to_kainjow(data), [&out](const std::string& text) { out += text; });
  return out;
}

std::string with_json(const std::string& source, const boost::json::value& data) {
  auto parsed = JsonTemplate::parse(source);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  std::string out;
  if (parsed.ok()) parsed->render(data, out);
  return out;
}

// Random data shaped by the template's own names: each section's value is
// false, true, "", a word, an empty list, a list of objects filled for its
// body, or one such object; each variable a word with markup, a number, or
// missing. Dotted names get the nested objects they walk through.
class DataMaker {
 public:
  explicit DataMaker(unsigned seed) : random_(seed) {}

  boost::json::object fill(const std::vector<Node>& nodes, int depth) {
    boost::json::object object;
    for (const Node& node : nodes) {
      if (node.kind == Node::Kind::kText || node.kind == Node::Kind::kNewline) continue;
      if (node.path.empty() || pick(4) == 0) continue;  // {{.}}, or left to an outer context
      boost::json::value* slot = &object[node.path.front()];
      for (std::size_t idx = 1; idx < node.path.size(); ++idx) {
        if (!slot->is_object()) *slot = boost::json::object{};
        slot = &slot->get_object()[node.path[idx]];
      }
      if (node.kind == Node::Kind::kVariable || node.kind == Node::Kind::kRaw) {
        *slot = scalar();
      } else {
        *slot = section_value(node, depth);
      }
    }
    return object;
  }

 private:
  int pick(int count) { return std::uniform_int_distribution<int>(0, count - 1)(random_); }

  boost::json::value scalar() {
    switch (pick(7)) {
      case 0:
        return "Tom & \"Jerry\" <b>'x'</b>";
      case 1:
        return 42;
      case 2:
        return "";
      case 3:
        return 2.5;
      case 4:
        return nullptr;
      case 5:
        return true;
      default:
        return "plain";
    }
  }

  boost::json::value section_value(const Node& node, int depth) {
    const int choice = depth > 3 ? pick(5) : pick(9);
    switch (choice) {
      case 0:
        return false;
      case 1:
        return true;
      case 2:
        return "";
      case 3:
        return "word";
      case 4:
        return boost::json::array{};
      case 5:
      case 6: {
        boost::json::array list;
        for (int idx = 0, count = 1 + pick(3); idx < count; ++idx)
          list.push_back(fill(node.children, depth + 1));
        return list;
      }
      default:
        return fill(node.children, depth + 1);
    }
  }

  std::mt19937 random_;
};

// What the parser keeps of a template, for the data maker.
std::vector<Node> nodes_of(const std::string& source) {
  // Parsed again here with a local grammar: JsonTemplate keeps its nodes
  // private, and the names are all the maker needs.
  std::vector<Node> root;
  std::vector<std::vector<Node>*> open{&root};
  for (std::size_t pos = source.find("{{"); pos != std::string::npos;
       pos = source.find("{{", pos)) {
    const bool triple = source.compare(pos, 3, "{{{") == 0;
    const std::size_t start = pos + (triple ? 3 : 2);
    const std::size_t close = source.find(triple ? "}}}" : "}}", start);
    if (close == std::string::npos) break;
    std::string contents = source.substr(start, close - start);
    pos = close + 2;
    const char sigil = triple ? '{' : (contents.empty() ? ' ' : contents.front());
    if (sigil == '!') continue;
    std::string name = (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '&')
                           ? contents.substr(1)
                           : contents;
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (sigil == '/') {
      if (open.size() > 1) open.pop_back();
      continue;
    }
    Node node;
    node.kind = sigil == '#'   ? Node::Kind::kSection
                : sigil == '^' ? Node::Kind::kInverted
                               : Node::Kind::kVariable;
    node.text = name;
    if (name != ".") {
      std::stringstream parts(name);
      for (std::string part; std::getline(parts, part, '.');) node.path.push_back(part);
    }
    open.back()->push_back(std::move(node));
    if (sigil == '#' || sigil == '^') open.push_back(&open.back()->back().children);
  }
  return root;
}

TEST(JsonTemplateTest, RendersEveryTemplateExactlyAsKainjowDid) {
  const std::filesystem::path root = MOIM_SOURCE_DIR "/web/templates";
  int templates = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream file(entry.path());
    std::stringstream content;
    content << file.rdbuf();
    const std::string source = content.str();
    const auto nodes = nodes_of(source);
    ++templates;
    for (unsigned seed = 1; seed <= 12; ++seed) {
      DataMaker maker(seed * 7919 + static_cast<unsigned>(templates));
      const boost::json::value data = maker.fill(nodes, 0);
      const std::string expected = with_kainjow(source, data);
      const std::string actual = with_json(source, data);
      ASSERT_EQ(actual, expected) << entry.path() << " seed " << seed << " data "
                                  << boost::json::serialize(data);
    }
  }
  EXPECT_GT(templates, 100);
}

TEST(JsonTemplateTest, KeepsKainjowsWhitespaceRules) {
  const boost::json::value data{{"yes", true},
                                {"no", false},
                                {"list", boost::json::array{{{"name", "a"}}, {{"name", "b"}}}},
                                {"empty", boost::json::array{}},
                                {"text", "x"},
                                {"nested", {{"deep", {{"name", "<n>"}}}}}};
  for (const std::string source : {
           "a\n  {{#yes}}\n  b\n  {{/yes}}\nc\n",
           "a\n  {{#no}}\n  b\n  {{/no}}\nc\n",
           "{{#list}}\n- {{name}}\n{{/list}}\n",
           "{{^empty}}none{{/empty}}|{{^missing}}gone{{/missing}}|{{^yes}}x{{/yes}}\r\nend",
           "{{#text}}[{{.}}]{{/text}} {{nested.deep.name}} {{{nested.deep.name}}} {{& text}}",
           "{{#list}}{{#nested}}{{name}}{{/nested}}{{/list}}",
           "{{! a comment }}\n{{#yes}}  \t\n{{/yes}}tail  {{#yes}}",
       }) {
    if (source.ends_with("{{#yes}}")) {
      EXPECT_FALSE(JsonTemplate::parse(source).ok()) << source;
      continue;
    }
    EXPECT_EQ(with_json(source, data), with_kainjow(source, data)) << source;
  }
}

TEST(JsonTemplateTest, RefusesBrokenTemplates) {
  for (const char* source :
       {"{{#a}}x", "x{{/a}}", "{{#a}}{{/b}}", "{{name", "{{> partial}}", "{{=<% %>=}}"}) {
    EXPECT_FALSE(JsonTemplate::parse(source).ok()) << source;
  }
}

}  // namespace
}  // namespace moim::web
