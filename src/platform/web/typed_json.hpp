// JSON in and out of plain structs described with Boost.Describe, so a route
// declares its input and output as types and nothing converts field by field.
// The same description gives three things that must agree: the parser (an
// Error naming the field, "choices[0].project_id", for anything wrong), the
// writer, and the JSON Schema in the generated OpenAPI document.
//
// Supported members: bool, std::int64_t/int, double, std::string, the limit
// types below, described enums (written as their names), std::optional<T>
// (may be absent or null; every other member is required), std::vector<T>
// and nested described structs. Unknown fields are refused (422
// unknown_field), like the body contract of hand-written routes.
#pragma once

#include <boost/describe.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "platform/base/error.hpp"

namespace moim::web {

// Text of MinChars..MaxChars characters (UTF-8, trimmed, no control
// characters other than newline and tab).
template <std::size_t MinChars, std::size_t MaxChars>
struct Text {
  std::string value;
  operator const std::string&() const { return value; }  // NOLINT: reads as the text
  const std::string& operator*() const { return value; }
  bool operator==(const Text&) const = default;
};

// A whole number within [Min, Max].
template <std::int64_t Min, std::int64_t Max>
struct Int {
  std::int64_t value = Min;
  operator std::int64_t() const { return value; }  // NOLINT: reads as the number
  bool operator==(const Int&) const = default;
};

// An instant: RFC 3339 with an offset in ("2027-05-01T10:00:00+09:00"),
// UTC with Z out ("2027-05-01T01:00:00Z"). Stored as UTC seconds.
struct Instant {
  std::int64_t seconds = 0;
  bool operator==(const Instant&) const = default;
};

// RFC 3339 date-time with seconds and an offset (Z or ±HH:MM); fractions of
// a second are accepted and dropped.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

namespace typed_detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_text : std::false_type {};
template <std::size_t A, std::size_t B>
struct is_text<Text<A, B>> : std::true_type {
  static constexpr std::size_t min = A, max = B;
};
template <class T>
struct is_int : std::false_type {};
template <std::int64_t A, std::int64_t B>
struct is_int<Int<A, B>> : std::true_type {
  static constexpr std::int64_t min = A, max = B;
};

template <class T>
inline constexpr bool is_described_struct =
    boost::describe::has_describe_members<T>::value&& std::is_class_v<T>;
template <class T>
inline constexpr bool is_described_enum = boost::describe::has_describe_enumerators<T>::value;

std::string member_path(std::string_view parent, std::string_view name);
std::string index_path(std::string_view parent, std::size_t index);
Error wrong(const std::string& path, std::string message);

// Non-template readers; each names `path` in its Error.
Result<std::string> read_text(const boost::json::value& value, const std::string& path,
                              std::size_t min_chars, std::size_t max_chars);
Result<std::int64_t> read_integer(const boost::json::value& value, const std::string& path,
                                  std::int64_t min, std::int64_t max);
Result<double> read_number(const boost::json::value& value, const std::string& path);
Result<bool> read_boolean(const boost::json::value& value, const std::string& path);
Result<std::int64_t> read_instant(const boost::json::value& value, const std::string& path);
std::string write_instant(std::int64_t seconds);

}  // namespace typed_detail

template <class T>
Result<T> read_json(const boost::json::value& value, const std::string& path);
template <class T>
boost::json::value write_json(const T& value);
template <class T>
boost::json::object json_schema();

// ---- reading ---------------------------------------------------------------

template <class T>
Result<T> read_json(const boost::json::value& value, const std::string& path) {
  using namespace typed_detail;
  if constexpr (std::is_same_v<T, bool>) {
    return read_boolean(value, path);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return read_text(value, path, 0, 100000);
  } else if constexpr (is_text<T>::value) {
    auto text = read_text(value, path, is_text<T>::min, is_text<T>::max);
    if (!text) return text.error();
    return T{std::move(text.value())};
  } else if constexpr (is_int<T>::value) {
    auto number = read_integer(value, path, is_int<T>::min, is_int<T>::max);
    if (!number) return number.error();
    return T{number.value()};
  } else if constexpr (std::is_same_v<T, Instant>) {
    auto seconds = read_instant(value, path);
    if (!seconds) return seconds.error();
    return Instant{seconds.value()};
  } else if constexpr (std::is_integral_v<T>) {
    auto number =
        read_integer(value, path, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
    if (!number) return number.error();
    return static_cast<T>(number.value());
  } else if constexpr (std::is_floating_point_v<T>) {
    auto number = read_number(value, path);
    if (!number) return number.error();
    return static_cast<T>(number.value());
  } else if constexpr (is_optional<T>::value) {
    if (value.is_null()) return T{};
    auto inner = read_json<typename T::value_type>(value, path);
    if (!inner) return inner.error();
    return T{std::move(inner.value())};
  } else if constexpr (is_vector<T>::value) {
    if (!value.is_array()) return wrong(path, path + " must be a list");
    const auto& array = value.as_array();
    if (array.size() > 1000) return wrong(path, path + " may hold at most 1000 items");
    T items;
    items.reserve(array.size());
    for (std::size_t index = 0; index < array.size(); ++index) {
      auto item = read_json<typename T::value_type>(array[index], index_path(path, index));
      if (!item) return item.error();
      items.push_back(std::move(item.value()));
    }
    return items;
  } else if constexpr (is_described_enum<T>) {
    if (value.is_string()) {
      T out{};
      if (boost::describe::enum_from_string(value.as_string().c_str(), out)) return out;
    }
    std::string names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto item) {
      names += names.empty() ? "" : ", ";
      names += item.name;
    });
    return wrong(path, path + " must be one of: " + names);
  } else {
    static_assert(is_described_struct<T>, "describe the struct with BOOST_DESCRIBE_STRUCT");
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    const std::string where = path.empty() ? "body" : path;
    if (!value.is_object()) return wrong(where, where + " must be a JSON object");
    const auto& object = value.as_object();
    for (const auto& entry : object) {
      bool known = false;
      boost::mp11::mp_for_each<Members>([&](auto member) { known |= entry.key() == member.name; });
      if (!known) {
        const std::string field = member_path(path, entry.key());
        return Error{422, "unknown_field", "unknown field: " + field, field};
      }
    }
    T out{};
    std::optional<Error> failure;
    boost::mp11::mp_for_each<Members>([&](auto member) {
      if (failure) return;
      using Member = std::remove_cvref_t<decltype(out.*member.pointer)>;
      const std::string field = member_path(path, member.name);
      auto found = object.find(member.name);
      if (found == object.end()) {
        if constexpr (!is_optional<Member>::value) failure = wrong(field, field + " is required");
        return;
      }
      auto read = read_json<Member>(found->value(), field);
      if (!read) {
        failure = read.error();
        return;
      }
      out.*member.pointer = std::move(read.value());
    });
    if (failure) return *failure;
    return out;
  }
}

// ---- writing ---------------------------------------------------------------

template <class T>
boost::json::value write_json(const T& value) {
  using namespace typed_detail;
  if constexpr (std::is_same_v<T, bool> || std::is_arithmetic_v<T>) {
    return boost::json::value(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return boost::json::value(value);
  } else if constexpr (is_text<T>::value || is_int<T>::value) {
    return boost::json::value(value.value);
  } else if constexpr (std::is_same_v<T, Instant>) {
    return boost::json::value(write_instant(value.seconds));
  } else if constexpr (is_optional<T>::value) {
    return value ? write_json(*value) : boost::json::value(nullptr);
  } else if constexpr (is_vector<T>::value) {
    boost::json::array array;
    array.reserve(value.size());
    for (const auto& item : value) array.push_back(write_json(item));
    return array;
  } else if constexpr (is_described_enum<T>) {
    const char* name = boost::describe::enum_to_string(value, nullptr);
    return name ? boost::json::value(name) : boost::json::value(nullptr);
  } else {
    static_assert(is_described_struct<T>, "describe the struct with BOOST_DESCRIBE_STRUCT");
    boost::json::object object;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto member) { object[member.name] = write_json(value.*member.pointer); });
    return object;
  }
}

// ---- schema ----------------------------------------------------------------

namespace typed_detail {
boost::json::object nullable(boost::json::object schema);
}

template <class T>
boost::json::object json_schema() {
  using namespace typed_detail;
  if constexpr (std::is_same_v<T, bool>) {
    return {{"type", "boolean"}};
  } else if constexpr (std::is_same_v<T, std::string>) {
    return {{"type", "string"}};
  } else if constexpr (is_text<T>::value) {
    return {{"type", "string"}, {"minLength", is_text<T>::min}, {"maxLength", is_text<T>::max}};
  } else if constexpr (is_int<T>::value) {
    return {{"type", "integer"}, {"minimum", is_int<T>::min}, {"maximum", is_int<T>::max}};
  } else if constexpr (std::is_same_v<T, Instant>) {
    return {{"type", "string"}, {"format", "date-time"}};
  } else if constexpr (std::is_integral_v<T>) {
    return {{"type", "integer"}};
  } else if constexpr (std::is_floating_point_v<T>) {
    return {{"type", "number"}};
  } else if constexpr (is_optional<T>::value) {
    return nullable(json_schema<typename T::value_type>());
  } else if constexpr (is_vector<T>::value) {
    return {{"type", "array"}, {"items", json_schema<typename T::value_type>()}};
  } else if constexpr (is_described_enum<T>) {
    boost::json::array names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>(
        [&](auto item) { names.emplace_back(item.name); });
    return {{"type", "string"}, {"enum", names}};
  } else {
    static_assert(is_described_struct<T>, "describe the struct with BOOST_DESCRIBE_STRUCT");
    boost::json::object properties;
    boost::json::array required;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto member) {
          using Member = std::remove_cvref_t<decltype(std::declval<T>().*member.pointer)>;
          properties[member.name] = json_schema<Member>();
          if constexpr (!is_optional<Member>::value) required.emplace_back(member.name);
        });
    boost::json::object schema{
        {"type", "object"}, {"properties", properties}, {"additionalProperties", false}};
    if (!required.empty()) schema["required"] = required;
    return schema;
  }
}

// ---- path and query parameters ---------------------------------------------

namespace typed_detail {
// Text from a URL as the JSON value the member's type reads: digits become
// numbers, true/false booleans, anything else stays text (and then fails
// with the field named when a number was wanted).
boost::json::value param_value(const std::string& text, bool wants_number, bool wants_boolean);
}  // namespace typed_detail

// Reads a described struct from URL parameters (a route's path or query).
// Parameters the struct does not name are ignored.
template <class T>
Result<T> read_params(const std::map<std::string, std::string>& params) {
  using namespace typed_detail;
  boost::json::object object;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
      [&](auto member) {
        using Member = std::remove_cvref_t<decltype(std::declval<T>().*member.pointer)>;
        using Inner = typename std::conditional_t<is_optional<Member>::value, Member,
                                                  std::optional<Member>>::value_type;
        auto found = params.find(member.name);
        if (found == params.end()) return;
        if constexpr (is_optional<Member>::value) {
          if (found->second.empty()) return;  // "?level=" means no filter
        }
        constexpr bool number =
            is_int<Inner>::value || (std::is_integral_v<Inner> && !std::is_same_v<Inner, bool>);
        object[member.name] = param_value(found->second, number, std::is_same_v<Inner, bool>);
      });
  return read_json<T>(object, "");
}

// The OpenAPI parameter list of a described struct (in: "path" or "query").
template <class T>
boost::json::array parameter_schemas(const char* in) {
  using namespace typed_detail;
  boost::json::array list;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
      [&](auto member) {
        using Member = std::remove_cvref_t<decltype(std::declval<T>().*member.pointer)>;
        list.push_back(boost::json::object{{"name", member.name},
                                           {"in", in},
                                           {"required", !is_optional<Member>::value},
                                           {"schema", json_schema<Member>()}});
      });
  return list;
}

// An empty input or output: no body, no query.
struct Nothing {};
BOOST_DESCRIBE_STRUCT(Nothing, (), ())

}  // namespace moim::web
