#include "cli/groups_io.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <map>
#include <sstream>

namespace moim::grouping_io {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split_list(const std::string& field) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= field.size()) {
    const auto end = std::min(field.find(';', start), field.size());
    std::string item = trim(std::string_view(field).substr(start, end - start));
    if (!item.empty()) items.push_back(std::move(item));
    start = end + 1;
  }
  return items;
}

template <typename Int>
bool parse_int(std::string_view text, Int& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parse_time(const std::string& text, std::int64_t& out) {
  if (parse_int(text, out)) return true;
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' &&
      parse_int(std::string_view(text).substr(0, 4), y) &&
      parse_int(std::string_view(text).substr(5, 2), m) &&
      parse_int(std::string_view(text).substr(8, 2), d) && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    out = days_from_civil(y, m, d) * 86400;
    return true;
  }
  return false;
}

// The header's columns by name; unknown or missing required columns are errors.
Result<std::map<std::string, std::size_t>> columns(const Table& table, const std::string& source,
                                                   const std::vector<std::string>& known,
                                                   const std::vector<std::string>& required) {
  if (table.empty()) return Error::invalid(source, "the file is empty; a header row is needed");
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < table[0].size(); ++i) {
    const std::string name = trim(table[0][i]);
    if (std::find(known.begin(), known.end(), name) == known.end())
      return Error::invalid(source, "unknown column '" + name + "'");
    index[name] = i;
  }
  for (const auto& name : required)
    if (!index.contains(name))
      return Error::invalid(source, "the column '" + name + "' is missing");
  return index;
}

std::string where(const std::string& source, std::size_t row, const std::string& column) {
  return source + " line " + std::to_string(row + 1) + ", " + column;
}

}  // namespace

Result<Table> parse_csv(std::string_view text, const std::string& source) {
  Table table;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(row.size() == 1 && trim(row[0]).empty())) table.push_back(std::move(row));
      row.clear();
      ++line;
    } else if (c != '\r') {
      field += c;
      field_started = true;
    }
  }
  if (quoted)
    return Error::invalid(source,
                          "a quoted field is not closed (line " + std::to_string(line) + ")");
  if (field_started || !row.empty()) {
    row.push_back(std::move(field));
    table.push_back(std::move(row));
  }
  for (std::size_t r = 1; r < table.size(); ++r)
    if (!table.empty() && table[r].size() != table[0].size())
      return Error::invalid(source, "line " + std::to_string(r + 1) + " has " +
                                        std::to_string(table[r].size()) + " fields, the header " +
                                        std::to_string(table[0].size()));
  return table;
}

Result<std::vector<grouping::Person>> read_people(std::string_view csv, const std::string& source) {
  auto table = parse_csv(csv, source);
  if (!table) return table.error();
  auto index = columns(*table, source,
                       {"id", "circles", "topics", "languages", "slots", "newcomer"}, {"id"});
  if (!index) return index.error();
  const auto cell = [&](const std::vector<std::string>& row, const std::string& name) {
    const auto it = index->find(name);
    return it == index->end() ? std::string() : trim(row[it->second]);
  };
  std::vector<grouping::Person> people;
  for (std::size_t r = 1; r < table->size(); ++r) {
    const auto& row = (*table)[r];
    grouping::Person person{.id = cell(row, "id"),
                            .circles = split_list(cell(row, "circles")),
                            .topics = split_list(cell(row, "topics")),
                            .languages = split_list(cell(row, "languages"))};
    if (person.id.empty())
      return Error::invalid(where(source, r, "id"), "every person needs an id");
    for (const auto& item : split_list(cell(row, "slots"))) {
      int from = 0, to = 0;
      const auto dash = item.find('-');
      const bool ok = dash == std::string::npos
                          ? parse_int(item, from) && (to = from, true)
                          : parse_int(std::string_view(item).substr(0, dash), from) &&
                                parse_int(std::string_view(item).substr(dash + 1), to);
      if (!ok || from < 0 || to > 167 || from > to)
        return Error::invalid(where(source, r, "slots"),
                              "'" + item + "' is not an hour of the week 0-167 or a range of them");
      for (int hour = from; hour <= to; ++hour) person.slots.push_back(hour);
    }
    std::string newcomer = cell(row, "newcomer");
    std::transform(newcomer.begin(), newcomer.end(), newcomer.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (newcomer == "true" || newcomer == "yes" || newcomer == "1")
      person.newcomer = true;
    else if (!newcomer.empty() && newcomer != "false" && newcomer != "no" && newcomer != "0")
      return Error::invalid(where(source, r, "newcomer"), "use true or false");
    people.push_back(std::move(person));
  }
  return people;
}

Result<std::vector<grouping::PastMeeting>> read_history(std::string_view csv,
                                                        const std::string& source) {
  auto table = parse_csv(csv, source);
  if (!table) return table.error();
  auto index = columns(*table, source, {"a", "b", "count", "last_met"}, {"a", "b"});
  if (!index) return index.error();
  std::vector<grouping::PastMeeting> history;
  for (std::size_t r = 1; r < table->size(); ++r) {
    const auto& row = (*table)[r];
    grouping::PastMeeting meeting{.a = trim(row[index->at("a")]), .b = trim(row[index->at("b")])};
    if (meeting.a.empty() || meeting.b.empty())
      return Error::invalid(where(source, r, "a, b"), "both people of a meeting are needed");
    if (index->contains("count")) {
      const std::string count = trim(row[index->at("count")]);
      if (!count.empty() && (!parse_int(count, meeting.count) || meeting.count < 0))
        return Error::invalid(where(source, r, "count"), "a count is a whole number, 0 or more");
    }
    if (index->contains("last_met")) {
      const std::string when = trim(row[index->at("last_met")]);
      if (!when.empty() && !parse_time(when, meeting.last_met))
        return Error::invalid(where(source, r, "last_met"),
                              "use unix seconds or a date like 2026-03-01");
    }
    history.push_back(std::move(meeting));
  }
  return history;
}

Result<std::vector<std::pair<std::string, std::string>>> read_forbidden(std::string_view csv,
                                                                        const std::string& source) {
  auto table = parse_csv(csv, source);
  if (!table) return table.error();
  auto index = columns(*table, source, {"a", "b"}, {"a", "b"});
  if (!index) return index.error();
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t r = 1; r < table->size(); ++r) {
    const auto& row = (*table)[r];
    std::string a = trim(row[index->at("a")]), b = trim(row[index->at("b")]);
    if (a.empty() || b.empty())
      return Error::invalid(where(source, r, "a, b"), "both people of a pair are needed");
    pairs.emplace_back(std::move(a), std::move(b));
  }
  return pairs;
}

Result<std::pair<int, int>> parse_size_range(std::string_view text) {
  int low = 0, high = 0;
  const auto dash = text.find('-');
  const bool ok = dash == std::string_view::npos ? parse_int(text, low) && (high = low, true)
                                                 : parse_int(text.substr(0, dash), low) &&
                                                       parse_int(text.substr(dash + 1), high);
  if (!ok || low < 2 || high < low)
    return Error::invalid("--size", "use a size like 3-4 or 2 (at least 2, smallest first)");
  return std::pair{low, high};
}

Result<GolferSpec> parse_golfers(std::string_view text) {
  GolferSpec spec;
  const auto first = text.find('-');
  const auto second = first == std::string_view::npos ? first : text.find('-', first + 1);
  if (second == std::string_view::npos || !parse_int(text.substr(0, first), spec.groups) ||
      !parse_int(text.substr(first + 1, second - first - 1), spec.size) ||
      !parse_int(text.substr(second + 1), spec.rounds) || spec.groups < 1 || spec.size < 1 ||
      spec.rounds < 1)
    return Error::invalid("--golfers", "use groups-size-rounds, e.g. 8-4-10");
  return spec;
}

std::string schedule_json(const std::vector<grouping::Groups>& rounds) {
  boost::json::array json_rounds;
  for (const auto& round : rounds) {
    boost::json::array json_round;
    for (const auto& group : round) {
      boost::json::array members;
      for (std::size_t p : group) members.emplace_back(static_cast<std::uint64_t>(p));
      json_round.emplace_back(std::move(members));
    }
    json_rounds.emplace_back(std::move(json_round));
  }
  return boost::json::serialize(boost::json::object{{"rounds", std::move(json_rounds)}});
}

std::string schedule_text(const std::vector<grouping::Groups>& rounds) {
  std::ostringstream out;
  for (std::size_t r = 0; r < rounds.size(); ++r) {
    out << "round " << r + 1 << ":";
    for (std::size_t g = 0; g < rounds[r].size(); ++g) {
      out << (g == 0 ? " " : " | ");
      for (std::size_t i = 0; i < rounds[r][g].size(); ++i)
        out << (i == 0 ? "" : " ") << rounds[r][g][i];
    }
    out << "\n";
  }
  return out.str();
}

std::string schedule_verification_text(const grouping::ScheduleCheck& check) {
  std::ostringstream out;
  if (!check.valid()) {
    out << "verification: INVALID\n";
    for (const auto& error : check.errors) out << "  " << error << "\n";
    return out.str();
  }
  out << "verification: every person exactly once per round, group sizes within bounds; "
      << "repeated meetings: " << check.repeated_meetings << "; meetings per pair: min "
      << check.min_meetings << ", max " << check.max_meetings
      << (check.repeat_free() ? " — repeat-free\n" : " — NOT repeat-free\n");
  return out.str();
}

std::string round_json(const grouping::RoundInput& input, const grouping::RoundResult& result) {
  boost::json::array groups;
  for (std::size_t g = 0; g < result.groups.size(); ++g) {
    boost::json::array members, slots;
    for (std::size_t p : result.groups[g]) members.emplace_back(input.people[p].id);
    for (int hour : grouping::common_slots(input, result.groups[g])) slots.emplace_back(hour);
    groups.emplace_back(boost::json::object{{"members", std::move(members)},
                                            {"host", input.people[result.hosts[g]].id},
                                            {"common_slots", std::move(slots)}});
  }
  return boost::json::serialize(boost::json::object{{"groups", std::move(groups)},
                                                    {"hard_violations", result.hard_violations},
                                                    {"repeated_pairs", result.repeated_pairs},
                                                    {"soft_cost", result.soft_cost}});
}

std::string round_text(const grouping::RoundInput& input, const grouping::RoundResult& result,
                       const grouping::RoundCheck& check) {
  std::ostringstream out;
  for (std::size_t g = 0; g < result.groups.size(); ++g) {
    out << "group " << g + 1 << ":";
    for (std::size_t p : result.groups[g]) out << " " << input.people[p].id;
    out << "  (host " << input.people[result.hosts[g]].id << ")\n";
  }
  if (!check.valid()) {
    out << "verification: INVALID\n";
    for (const auto& error : check.errors) out << "  " << error << "\n";
    return out.str();
  }
  out << "verification: " << input.people.size() << " people in " << result.groups.size()
      << " groups of " << input.min_size << "-" << input.max_size
      << ", each exactly once; forbidden pairs together: " << check.forbidden_pairs
      << "; groups without a common slot: " << check.groups_without_common_slot
      << "; repeated pairs: " << check.repeated_pairs << "; soft cost: " << result.soft_cost
      << "\n";
  return out.str();
}

}  // namespace moim::grouping_io
