#include "platform/log/log.hpp"

#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace moim::log {

namespace {
std::atomic<Level> min_level{Level::kInfo};
std::mutex output_mutex;

const char* level_name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}
}  // namespace

void set_min_level(Level level) { min_level = level; }

void event(Level level, std::string_view name, boost::json::object fields) {
  if (level < min_level.load()) return;
  const auto now = std::chrono::system_clock::now();
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  boost::json::object line;
  line["ts"] = millis / 1000.0;
  line["level"] = level_name(level);
  line["event"] = name;
  for (auto& [key, value] : fields) line[key] = std::move(value);
  std::string text = boost::json::serialize(line);
  text += '\n';
  std::lock_guard lock(output_mutex);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace moim::log
