// The settings form's fields <-> GameInput. The limits are the service's
// (it checks them again); this file only reads text into numbers and lists,
// refusing with the field named.
#include "features/bingo/settings_form.hpp"

#include <charconv>
#include <sstream>

#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::bingo::pages {

namespace {

constexpr std::size_t kMaxFieldChars = 20000;

std::string value_of(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

std::optional<std::int64_t> number(const std::string& text) {
  const std::string trimmed = web::trim(text);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (trimmed.empty() || error != std::errc{} || end != trimmed.data() + trimmed.size())
    return std::nullopt;
  return value;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    line = web::trim(line);
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

Result<std::int64_t> bounded(const std::map<std::string, std::string>& form,
                             const std::string& name, std::int64_t low, std::int64_t high) {
  auto value = number(value_of(form, name));
  if (!value || *value < low || *value > high)
    return Error::invalid(name, name + " must be a number from " + std::to_string(low) + " to " +
                                    std::to_string(high));
  return *value;
}

}  // namespace

Result<GameInput> settings_input(const std::map<std::string, std::string>& form,
                                 const std::string& zone) {
  for (const auto& [name, value] : form)
    if (value.size() > kMaxFieldChars) return Error::invalid(name, name + " is too long");
  GameInput input;
  auto size = bounded(form, "size", 3, 5);
  if (!size) return size.error();
  input.size = static_cast<int>(size.value());
  auto picks = bounded(form, "picks", 0, 25);
  if (!picks) return picks.error();
  input.picks = static_cast<int>(picks.value());
  auto rate = bounded(form, "rate_limit_seconds", 0, kMaxRateLimitSeconds);
  if (!rate) return rate.error();
  input.rate_limit_seconds = rate.value();
  for (const std::string& line : lines_of(value_of(form, "keywords"))) {
    Keyword keyword{line, ""};
    if (auto colon = line.find(':'); colon != std::string::npos) {
      keyword.category = web::trim(line.substr(0, colon));
      keyword.text = web::trim(line.substr(colon + 1));
    }
    if (keyword.text.empty() || keyword.text.size() > kMaxKeywordChars ||
        keyword.category.size() > kMaxCategoryChars)
      return Error::invalid("keywords", "\"" + line + "\" is not a keyword of 1 to " +
                                            std::to_string(kMaxKeywordChars) + " characters");
    input.keywords.push_back(std::move(keyword));
  }
  if (input.keywords.size() > kMaxKeywords) return Error::invalid("keywords", "too many keywords");
  for (const std::string& line : lines_of(value_of(form, "prizes"))) {
    const auto colon = line.find(':');
    auto lines = colon == std::string::npos ? std::nullopt : number(line.substr(0, colon));
    auto stock = colon == std::string::npos ? std::nullopt : number(line.substr(colon + 1));
    if (!lines || !stock || *lines < 1 || *lines > 12 || *stock < 0 || *stock > kMaxStock)
      return Error::invalid("prizes", "\"" + line + "\" is not \"lines: stock\"");
    input.prizes.push_back({static_cast<int>(*lines), *stock});
  }
  if (input.prizes.size() > kMaxPrizes) return Error::invalid("prizes", "too many prize tiers");
  for (const std::string& line : lines_of(value_of(form, "booths"))) {
    if (line.size() > kMaxBoothNameChars)
      return Error::invalid("booths", "\"" + line + "\" is too long for a booth's name");
    input.booths.push_back(line);
  }
  if (input.booths.size() > kMaxBooths) return Error::invalid("booths", "too many booths");
  for (auto [target, name] :
       {std::pair{&input.starts_at, "starts_at"}, std::pair{&input.ends_at, "ends_at"}}) {
    const std::string text = web::trim(value_of(form, name));
    if (text.empty()) continue;
    auto local = text.size() <= 20 ? parse_local(text, zone) : std::nullopt;
    if (!local) return Error::invalid(name, std::string(name) + " must be a date and time");
    *target = *local;
  }
  input.closed = form.contains("closed");
  return input;
}

boost::json::object settings_values(const Game& game, const std::string& zone) {
  std::string keywords, prizes, booths;
  for (const auto& keyword : game.keywords)
    keywords += (keyword.category.empty() ? "" : keyword.category + ": ") + keyword.text + "\n";
  for (const auto& prize : game.prizes)
    prizes += std::to_string(prize.lines) + ": " + std::to_string(prize.stock) + "\n";
  for (const auto& booth : game.booths) booths += booth.name + "\n";
  return {{"size", std::to_string(game.size)},
          {"picks", std::to_string(game.picks)},
          {"keywords", keywords},
          {"prizes", prizes},
          {"booths", booths},
          {"rate_limit_seconds", std::to_string(game.rate_limit_seconds)},
          {"starts_at", format_local(game.starts_at, zone, "%Y-%m-%dT%H:%M")},
          {"ends_at", game.ends_at ? format_local(*game.ends_at, zone, "%Y-%m-%dT%H:%M") : ""},
          {"closed", game.closed_at.has_value()}};
}

boost::json::object default_values() {
  return {{"size", "5"},       {"picks", "3"},  {"keywords", ""},
          {"prizes", "1: 10"}, {"booths", ""},  {"rate_limit_seconds", "5"},
          {"starts_at", ""},   {"ends_at", ""}, {"closed", false}};
}

boost::json::object typed_values(const std::map<std::string, std::string>& form) {
  boost::json::object values;
  for (const char* name : {"size", "picks", "keywords", "prizes", "booths", "rate_limit_seconds",
                           "starts_at", "ends_at"})
    values[name] = value_of(form, name);
  values["closed"] = form.contains("closed");
  return values;
}

}  // namespace moim::bingo::pages
