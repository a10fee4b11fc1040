// One JSON line per event on standard output: easy to grep, easy to ship.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

namespace moim::log {

enum class Level { kDebug, kInfo, kWarn, kError };

void set_min_level(Level level);
void event(Level level, std::string_view name, boost::json::object fields = {});
inline void info(std::string_view name, boost::json::object fields = {}) {
  event(Level::kInfo, name, std::move(fields));
}
inline void warn(std::string_view name, boost::json::object fields = {}) {
  event(Level::kWarn, name, std::move(fields));
}
inline void error(std::string_view name, boost::json::object fields = {}) {
  event(Level::kError, name, std::move(fields));
}

}  // namespace moim::log
