#include "features/coffee/coffee_sql.hpp"

namespace moim::coffee {

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t comma = text.find(',', start);
    std::string tag =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!tag.empty()) tags.push_back(tag);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return tags;
}

std::string join_tags(const std::vector<std::string>& tags) {
  std::string text;
  for (const auto& tag : tags) text += (text.empty() ? "" : ",") + tag;
  return text;
}

}  // namespace moim::coffee
