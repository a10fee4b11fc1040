#include "platform/web/form_refill.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

#include "platform/web/json_mustache.hpp"

namespace moim::web {

namespace {

struct Attribute {
  std::string name;
  std::string value;  // entities decoded
  bool has_value = false;
};

// One start tag as our templates write it: lower-case names, quoted values.
struct Tag {
  std::string name;
  std::vector<Attribute> attributes;
  std::size_t end = 0;  // just past '>'

  const Attribute* find(std::string_view attribute) const {
    for (const auto& each : attributes)
      if (each.name == attribute) return &each;
    return nullptr;
  }
  std::string get(std::string_view attribute) const {
    const Attribute* found = find(attribute);
    return found ? found->value : std::string();
  }
  void set(std::string_view attribute, std::string value) {
    for (auto& each : attributes) {
      if (each.name == attribute) {
        each.value = std::move(value);
        each.has_value = true;
        return;
      }
    }
    attributes.push_back({std::string(attribute), std::move(value), true});
  }
  void set_flag(std::string_view attribute, bool on) {
    std::erase_if(attributes, [&](const Attribute& each) { return each.name == attribute; });
    if (on) attributes.push_back({std::string(attribute), {}, false});
  }
};

// The templates' escape (the same five entities).
std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_html_escaped(out, text);
  return out;
}

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x110000) {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

std::string unescape(std::string_view text) {
  static const std::map<std::string_view, char> kNamed = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const std::size_t semicolon = text[at] == '&' ? text.find(';', at) : std::string_view::npos;
    if (semicolon == std::string_view::npos || semicolon - at > 10) {
      out += text[at];
      continue;
    }
    const std::string_view entity = text.substr(at + 1, semicolon - at - 1);
    if (auto named = kNamed.find(entity); named != kNamed.end()) {
      out += named->second;
    } else if (entity.size() > 1 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const std::string digits(entity.substr(hex ? 2 : 1));
      append_utf8(out, std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10));
    } else {
      out += text.substr(at, semicolon - at + 1);
    }
    at = semicolon;
  }
  return out;
}

bool name_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == ':';
}

// Parses the start tag at `html[at] == '<'`; nullopt when it is not one.
std::optional<Tag> parse_tag(std::string_view html, std::size_t at) {
  Tag tag;
  std::size_t pos = at + 1;
  while (pos < html.size() && name_char(html[pos])) tag.name += html[pos++];
  if (tag.name.empty()) return std::nullopt;
  while (pos < html.size()) {
    while (pos < html.size() && std::isspace(static_cast<unsigned char>(html[pos]))) ++pos;
    if (pos >= html.size()) return std::nullopt;
    if (html[pos] == '>') {
      tag.end = pos + 1;
      return tag;
    }
    if (html[pos] == '/') {
      ++pos;
      continue;
    }
    Attribute attribute;
    while (pos < html.size() && name_char(html[pos])) attribute.name += html[pos++];
    if (attribute.name.empty()) return std::nullopt;
    if (pos < html.size() && html[pos] == '=') {
      ++pos;
      attribute.has_value = true;
      if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
        const char quote = html[pos++];
        const std::size_t close = html.find(quote, pos);
        if (close == std::string_view::npos) return std::nullopt;
        attribute.value = unescape(html.substr(pos, close - pos));
        pos = close + 1;
      } else {
        const std::size_t start = pos;
        while (pos < html.size() && !std::isspace(static_cast<unsigned char>(html[pos])) &&
               html[pos] != '>')
          ++pos;
        attribute.value = unescape(html.substr(start, pos - start));
      }
    }
    tag.attributes.push_back(std::move(attribute));
  }
  return std::nullopt;
}

std::string render_tag(const Tag& tag) {
  std::string out = "<" + tag.name;
  for (const auto& each : tag.attributes) {
    out += " " + each.name;
    if (each.has_value) out += "=\"" + escape(each.value) + "\"";
  }
  return out + ">";
}

bool is_control(const std::string& name) {
  return name == "input" || name == "textarea" || name == "select";
}

// Inputs whose value is what the person typed (not hidden, password, file).
bool typed_input(const Tag& tag) {
  static const std::vector<std::string> kTyped = {
      "",     "text", "email",  "url",   "number", "date",  "datetime-local",
      "time", "tel",  "search", "month", "week",   "color", "range"};
  const std::string type = tag.get("type");
  return std::find(kTyped.begin(), kTyped.end(), type) != kTyped.end();
}

bool markable(const Tag& tag) {
  const std::string type = tag.get("type");
  return !tag.get("name").empty() && type != "hidden" && type != "submit" && type != "button";
}

std::string path_of(std::string_view url) { return std::string(url.substr(0, url.find('?'))); }

std::string message_id(std::string_view field) {
  std::string id = "error-";
  for (const char ch : field) id += name_char(ch) ? ch : '-';
  return id;
}

std::string message_html(const FieldProblem& problem, const std::string& id) {
  return "<span class=\"field-error\" id=\"" + id + "\" role=\"alert\">" + escape(problem.message) +
         "</span>";
}

}  // namespace

std::string escape_html(std::string_view text) { return escape(text); }

bool refill_form(std::string& html, std::string_view action,
                 const std::vector<std::pair<std::string, std::string>>& values,
                 const FieldProblem& problem) {
  std::map<std::string, std::vector<std::string>> typed;
  for (const auto& [name, value] : values) typed[name].push_back(value);

  // The form posting to `action`; of several (one per row of a table), the
  // one whose hidden fields (a user id) were the ones sent.
  std::size_t body_start = std::string::npos;
  std::size_t body_end = std::string::npos;
  for (std::size_t at = html.find("<form"); at != std::string::npos;
       at = html.find("<form", at + 1)) {
    auto tag = parse_tag(html, at);
    if (!tag || tag->name != "form" || path_of(tag->get("action")) != path_of(action)) continue;
    const std::size_t end = html.find("</form>", tag->end);
    if (end == std::string::npos) break;
    bool hidden_match = true;
    const std::string_view inside = std::string_view(html).substr(tag->end, end - tag->end);
    for (std::size_t pos = inside.find("<input"); pos != std::string_view::npos;
         pos = inside.find("<input", pos + 1)) {
      auto input = parse_tag(inside, pos);
      if (!input || input->get("type") != "hidden" || input->get("name") == "_csrf") continue;
      auto sent = typed.find(input->get("name"));
      if (sent != typed.end() && sent->second.front() != input->get("value")) hidden_match = false;
    }
    if (body_start == std::string::npos || hidden_match) {
      body_start = tag->end;
      body_end = end;
    }
    if (hidden_match) break;
  }
  if (body_start == std::string::npos) return false;
  const std::string_view body = std::string_view(html).substr(body_start, body_end - body_start);

  // Which control carries the message: the exact name, else "field_…"; an
  // API-style "phases.recruiting" also finds the form's "recruiting_starts_at".
  std::string target;
  std::vector<std::string> wanted;
  if (!problem.field.empty()) wanted.push_back(problem.field);
  if (const std::size_t dot = problem.field.rfind('.'); dot != std::string::npos)
    wanted.push_back(problem.field.substr(dot + 1));
  for (const std::string& field : wanted) {
    std::string by_prefix;
    for (std::size_t at = body.find('<'); at != std::string_view::npos;
         at = body.find('<', at + 1)) {
      auto tag = parse_tag(body, at);
      if (!tag || !is_control(tag->name) || !markable(*tag)) continue;
      const std::string name = tag->get("name");
      if (name == field) {
        target = name;
        break;
      }
      if (by_prefix.empty() && name.starts_with(field + "_")) by_prefix = name;
    }
    if (target.empty()) target = by_prefix;
    if (!target.empty()) break;
  }
  const std::string id = message_id(target.empty() ? "form" : target);

  std::string out;
  std::map<std::string, std::size_t> seen;  // repeated names take their values in order
  bool marked = false;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t at = body.find('<', pos);
    if (at == std::string_view::npos) break;
    auto tag = parse_tag(body, at);
    if (!tag || !is_control(tag->name)) {
      out += body.substr(pos, at + 1 - pos);
      pos = at + 1;
      continue;
    }
    out += body.substr(pos, at - pos);
    pos = tag->end;
    const std::string name = tag->get("name");
    const auto sent = typed.find(name);
    const bool mark = !marked && !target.empty() && name == target && markable(*tag);
    if (mark) {
      marked = true;
      tag->set("aria-invalid", "true");
      const std::string described = tag->get("aria-describedby");
      tag->set("aria-describedby", described.empty() ? id : described + " " + id);
    }
    std::string after;  // the element's content and end tag, when it has them
    if (tag->name == "input") {
      const std::string type = tag->get("type");
      if (type == "checkbox" || type == "radio") {
        const std::string own = tag->find("value") ? tag->get("value") : "on";
        const bool checked =
            sent != typed.end() &&
            std::find(sent->second.begin(), sent->second.end(), own) != sent->second.end();
        if (!name.empty()) tag->set_flag("checked", checked);
      } else if (sent != typed.end() && typed_input(*tag)) {
        const std::size_t index = seen[name]++;
        if (index < sent->second.size()) tag->set("value", sent->second[index]);
      }
    } else {
      const std::string close = "</" + tag->name + ">";
      const std::size_t end = body.find(close, pos);
      if (end == std::string_view::npos) {
        out += render_tag(*tag);
        continue;
      }
      std::string_view content = body.substr(pos, end - pos);
      pos = end + close.size();
      std::optional<std::string> chosen;
      if (sent != typed.end()) {
        const std::size_t index = seen[name]++;
        if (index < sent->second.size()) chosen = sent->second[index];
      }
      if (tag->name == "textarea") {
        after = (chosen ? escape(*chosen) : std::string(content)) + close;
      } else {
        // A select: the typed value's option is the selected one.
        std::string options;
        std::size_t option_pos = 0;
        while (option_pos < content.size()) {
          const std::size_t open = content.find("<option", option_pos);
          if (open == std::string_view::npos || !chosen) break;
          auto option = parse_tag(content, open);
          if (!option) break;
          options += content.substr(option_pos, open - option_pos);
          std::string value = option->get("value");
          if (!option->find("value")) {
            const std::size_t text_end = content.find('<', option->end);
            value = unescape(content.substr(option->end, text_end - option->end));
          }
          option->set_flag("selected", value == *chosen);
          options += render_tag(*option);
          option_pos = option->end;
        }
        options += content.substr(option_pos);
        after = options + close;
      }
    }
    out += render_tag(*tag) + after;
    if (mark) out += message_html(problem, id);
  }
  out += body.substr(pos);
  if (!marked) out.insert(0, message_html(problem, id));
  html.replace(body_start, body_end - body_start, out);
  return true;
}

}  // namespace moim::web
